// Between the account form and the API: what is sent on create and on save, and which form
// field shows each server error.
import type { Client, CreateClientRequest, Language, UpdateClientRequest } from '../../api/types';

/** null: inherit the organisation's default; true/false: a personal value. */
export type VisibilityChoice = boolean | null;

export interface ClientFormValues {
  email: string;
  companyName: string;
  name?: string;
  phone?: string;
  custom_id?: string;
  seller?: number | null;
  lang: Language;
  country_code?: string;
  is_test: boolean;
  password?: string;
  services?: Record<string, VisibilityChoice>;
}

export const CLIENT_FORM_FIELDS = [
  'email',
  'companyName',
  'name',
  'phone',
  'custom_id',
  'seller',
  'lang',
  'country_code',
  'is_test',
  'password',
  'services',
] as const;

/** Server field names that a form field of another name shows. */
export const CLIENT_FIELD_ALIASES = { company: 'companyName' } as const;

function text(v: string | undefined): string | null {
  const s = (v ?? '').trim();
  return s === '' ? null : s;
}

export function toCreateRequest(v: ClientFormValues): CreateClientRequest {
  const services = Object.entries(v.services ?? {})
    .filter(([, available]) => available !== null && available !== undefined)
    .map(([product_name, available]) => ({ product_name, available }));
  const req: CreateClientRequest = {
    email: v.email.trim(),
    password: v.password ?? '',
    company: v.companyName.trim(),
    name: text(v.name),
    phone: text(v.phone),
    custom_id: text(v.custom_id),
    seller: v.seller ?? null,
    lang: v.lang,
    country_code: text(v.country_code)?.toUpperCase() ?? null,
    is_test: v.is_test,
  };
  if (services.length > 0) req.services = services;
  return req;
}

export function formValuesFromClient(c: Client): ClientFormValues {
  return {
    email: c.email,
    companyName: c.companyName,
    name: c.name ?? '',
    phone: c.phone ?? '',
    custom_id: c.custom_id ?? '',
    seller: c.seller,
    lang: c.lang,
    country_code: c.country_code ?? '',
    is_test: c.is_test,
  };
}

/** Only what changed, so a save never overwrites someone else's edit of another field. */
export function toUpdateRequest(c: Client, v: ClientFormValues): UpdateClientRequest {
  const out: UpdateClientRequest = {};
  if (v.email.trim() !== c.email) out.email = v.email.trim();
  if (v.companyName.trim() !== c.companyName) out.companyName = v.companyName.trim();
  if (text(v.name) !== (c.name ?? null)) out.name = text(v.name);
  if (text(v.phone) !== (c.phone ?? null)) out.phone = text(v.phone);
  if (text(v.custom_id) !== (c.custom_id ?? null)) out.custom_id = text(v.custom_id);
  if ((v.seller ?? null) !== (c.seller ?? null)) out.seller = v.seller ?? null;
  if (v.lang !== c.lang) out.lang = v.lang;
  const cc = text(v.country_code)?.toUpperCase() ?? null;
  if (cc !== (c.country_code ?? null)) out.country_code = cc;
  if (v.is_test !== c.is_test) out.is_test = v.is_test;
  return out;
}
