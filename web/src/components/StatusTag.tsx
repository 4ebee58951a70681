import { Tag } from 'antd';
import type { AccountStatus, ProductStatus } from '../api/types';
import { accountStatusName, productName, productStatusName } from '../lib/displayNames';

// The words are lib/displayNames.ts's; these are only the colours.
const ACCOUNT_COLOR: Record<AccountStatus, string> = {
  preparation: 'default',
  trial: 'blue',
  active: 'green',
  trialend: 'orange',
  deleted: 'red',
};

const PRODUCT_COLOR: Record<ProductStatus, string> = {
  new: 'default',
  trial: 'blue',
  trialend: 'orange',
  active: 'green',
  paused: 'gold',
  deleted: 'red',
};

/** The same as accountStatusName and productStatusName (lib/displayNames.ts). */
export { accountStatusName as accountStatusLabel, productStatusName as productStatusLabel };

/** An account's computed status as a coloured tag. */
export function StatusTag({ status }: { status: AccountStatus }) {
  return (
    <Tag color={ACCOUNT_COLOR[status] ?? 'default'} bordered={false} data-status={status}>
      {accountStatusName(status)}
    </Tag>
  );
}

/** One product's lifecycle status as a coloured tag, optionally prefixed with the product
 *  (its code: the tag shows its display name). */
export function ProductStatusTag({ status, product }: { status: ProductStatus; product?: string }) {
  const label = productStatusName(status);
  return (
    <Tag color={PRODUCT_COLOR[status] ?? 'default'} bordered={false}>
      {product ? `${productName(product)}: ${label}` : label}
    </Tag>
  );
}
