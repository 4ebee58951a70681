import { Flex, List, Tag, Tooltip, Typography } from 'antd';
import type { Activation, ServiceState } from '../api/types';
import { productName } from '../lib/displayNames';
import { ActivationTag } from './ActivationTag';
import { ProductStatusTag } from './StatusTag';

export interface ProductRow {
  product: string;
  state: ServiceState | undefined;
  /** Whether the customer can use it, when the account's services are loaded. */
  activation?: Activation;
  /** Where its visibility comes from; undefined while unknown. */
  visibility?: 'personal' | 'default';
  /** Whether the customer sees it, when known. */
  visible?: boolean;
}

/** Read-only overview of an account's products: lifecycle status, activation, visibility. */
export function ProductSummary({ rows, loadingVisibility }: { rows: ProductRow[]; loadingVisibility?: boolean }) {
  return (
    <List
      size="small"
      dataSource={rows}
      renderItem={(r) => (
        <List.Item aria-label={productName(r.product)}>
          <Flex justify="space-between" align="center" wrap gap={8} style={{ width: '100%' }}>
            <Typography.Text strong>{productName(r.product)}</Typography.Text>
            <Flex gap={4} wrap align="center">
              {r.state ? <ProductStatusTag status={r.state.status} /> : <Tag>Unknown</Tag>}
              {r.state && <ActivationTag service={{ enabled: r.state.enabled, activation: r.activation }} />}
              {loadingVisibility ? (
                <Typography.Text type="secondary">…</Typography.Text>
              ) : r.visibility === 'personal' ? (
                <Tooltip title="Set for this customer: changes of the organisation's default no longer apply.">
                  <Tag color={r.visible ? 'purple' : 'magenta'} bordered={false}>
                    {r.visible ? 'Visible (personal)' : 'Hidden (personal)'}
                  </Tag>
                </Tooltip>
              ) : r.visibility === 'default' ? (
                <Tooltip title="Follows the organisation's default visibility.">
                  <Tag bordered={false}>{r.visible ? 'Visible (default)' : 'Hidden (default)'}</Tag>
                </Tooltip>
              ) : null}
            </Flex>
          </Flex>
        </List.Item>
      )}
    />
  );
}
