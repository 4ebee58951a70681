import { Tag } from 'antd';
import type { AccountStatus, ProductStatus } from '../api/types';

const ACCOUNT: Record<AccountStatus, { label: string; color: string }> = {
  preparation: { label: 'Preparation', color: 'default' },
  trial: { label: 'Trial', color: 'blue' },
  active: { label: 'Active', color: 'green' },
  trialend: { label: 'Trial end', color: 'orange' },
  deleted: { label: 'Deleted', color: 'red' },
};

const PRODUCT: Record<ProductStatus, { label: string; color: string }> = {
  new: { label: 'New', color: 'default' },
  trial: { label: 'Trial', color: 'blue' },
  trialend: { label: 'Trial end', color: 'orange' },
  active: { label: 'Active', color: 'green' },
  paused: { label: 'Paused', color: 'gold' },
  deleted: { label: 'Deleted', color: 'red' },
};

export function accountStatusLabel(status: AccountStatus): string {
  return ACCOUNT[status]?.label ?? status;
}

export function productStatusLabel(status: ProductStatus): string {
  return PRODUCT[status]?.label ?? status;
}

/** An account's computed status as a coloured tag. */
export function StatusTag({ status }: { status: AccountStatus }) {
  const s = ACCOUNT[status] ?? { label: status, color: 'default' };
  return (
    <Tag color={s.color} bordered={false} data-status={status}>
      {s.label}
    </Tag>
  );
}

/** One product's lifecycle status as a coloured tag, optionally prefixed with the product. */
export function ProductStatusTag({ status, product }: { status: ProductStatus; product?: string }) {
  const s = PRODUCT[status] ?? { label: status, color: 'default' };
  return (
    <Tag color={s.color} bordered={false}>
      {product ? `${product}: ${s.label}` : s.label}
    </Tag>
  );
}
