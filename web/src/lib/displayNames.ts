// What people read for the API's names: ONE display name per product, per account status and
// per product status. Every page, form, filter, setting and message of both portals takes its
// words from here; the API's own values (STORAGE, trialend) stay in requests and URLs. The
// server's messages use the same words (server/src/domain/model.cc, DisplayName).
import type { AccountStatus, ProductStatus } from '../api/types';

/** The catalog's product titles, as the server's catalog names them. */
const PRODUCT_NAMES: Readonly<Record<string, string>> = {
  CDN: 'CDN',
  STORAGE: 'Storage',
  STREAMING: 'Streaming',
  DNS: 'DNS',
  DDOS: 'DDoS Protection',
  CLOUD: 'Cloud',
};

const ACCOUNT_STATUS_NAMES: Readonly<Record<AccountStatus, string>> = {
  preparation: 'Preparation',
  trial: 'Trial',
  active: 'Active',
  trialend: 'Trial end',
  deleted: 'Deleted',
};

const PRODUCT_STATUS_NAMES: Readonly<Record<ProductStatus, string>> = {
  new: 'New',
  trial: 'Trial',
  trialend: 'Trial end',
  active: 'Active',
  paused: 'Paused',
  deleted: 'Deleted',
};

/** A product's name for people ("DDOS" → "DDoS Protection"). A product the portals do not
 *  know yet reads as the server's title for it, else as its code. */
export function productName(code: string, title?: string | null): string {
  return PRODUCT_NAMES[code.toUpperCase()] ?? (title || code);
}

/** "trialend" → "Trial end"; a status the portals do not know reads as it is. */
export function accountStatusName(status: AccountStatus | string): string {
  return (ACCOUNT_STATUS_NAMES as Record<string, string>)[status] ?? status;
}

export function productStatusName(status: ProductStatus | string): string {
  return (PRODUCT_STATUS_NAMES as Record<string, string>)[status] ?? status;
}

/** "Storage, DDoS Protection" */
export function productNames(codes: readonly string[]): string {
  return codes.map((c) => productName(c)).join(', ');
}
