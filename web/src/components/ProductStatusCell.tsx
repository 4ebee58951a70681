import { Space, Tooltip, Typography } from 'antd';
import type { ServiceState } from '../api/types';
import { productName, productStatusName } from '../lib/displayNames';
import { ProductStatusTag } from './StatusTag';

/** The products of one account in a list row: the ones past `new` as tags; a quiet note when
 *  every product is still new. The tooltip lists them all. */
export function ProductStatusCell({ services }: { services: Partial<Record<string, ServiceState>> }) {
  const entries = Object.entries(services).filter((e): e is [string, ServiceState] => e[1] !== undefined);
  const started = entries.filter(([, s]) => s.status !== 'new');
  const all = entries
    .map(([p, s]) => `${productName(p)}: ${productStatusName(s.status)}${s.enabled ? ' (activated)' : ''}`)
    .join('\n');
  return (
    <Tooltip title={<span style={{ whiteSpace: 'pre-line' }}>{all || 'No products'}</span>}>
      {started.length === 0 ? (
        <Typography.Text type="secondary">All new</Typography.Text>
      ) : (
        <Space size={[0, 4]} wrap>
          {started.map(([p, s]) => (
            <ProductStatusTag key={p} product={p} status={s.status} />
          ))}
        </Space>
      )}
    </Tooltip>
  );
}
