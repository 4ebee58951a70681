import { Tag } from 'antd';
import type { Service } from '../api/types';

/** Whether the customer can use a product ("Activate product"), as a tag. */
export function ActivationTag({ service }: { service: Pick<Service, 'enabled'> }) {
  return service.enabled ? (
    <Tag color="cyan" bordered={false}>
      Activated
    </Tag>
  ) : (
    <Tag bordered={false}>Not activated</Tag>
  );
}
