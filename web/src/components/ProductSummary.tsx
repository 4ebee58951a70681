import { Flex, List, Tag, Tooltip, Typography } from 'antd';
import type { ProductStatus, ServiceState } from '../api/types';
import { ProductStatusTag } from './StatusTag';

export interface ProductRow {
  product: string;
  state: ServiceState | undefined;
  /** Where its visibility comes from; undefined while unknown. */
  visibility?: 'personal' | 'default';
  /** The personal value, when known. */
  visible?: boolean | null;
}

/** Read-only overview of an account's products: lifecycle status, activation, visibility. */
export function ProductSummary({ rows, loadingVisibility }: { rows: ProductRow[]; loadingVisibility?: boolean }) {
  return (
    <List
      size="small"
      dataSource={rows}
      renderItem={(r) => (
        <List.Item aria-label={r.product}>
          <Flex justify="space-between" align="center" wrap gap={8} style={{ width: '100%' }}>
            <Typography.Text strong>{r.product}</Typography.Text>
            <Flex gap={4} wrap align="center">
              {r.state ? <ProductStatusTag status={r.state.status as ProductStatus} /> : <Tag>Unknown</Tag>}
              {r.state?.enabled && (
                <Tag color="cyan" bordered={false}>
                  Activated
                </Tag>
              )}
              {loadingVisibility ? (
                <Typography.Text type="secondary">…</Typography.Text>
              ) : r.visibility === 'personal' ? (
                <Tooltip title="Visibility set for this customer; changes of the default no longer apply.">
                  <Tag color="purple" bordered={false}>
                    {r.visible === true ? 'Visible (personal)' : r.visible === false ? 'Hidden (personal)' : 'Personal visibility'}
                  </Tag>
                </Tooltip>
              ) : r.visibility === 'default' ? (
                <Tooltip title="Follows the organisation's default visibility.">
                  <Tag bordered={false}>Default visibility</Tag>
                </Tooltip>
              ) : null}
            </Flex>
          </Flex>
        </List.Item>
      )}
    />
  );
}
