// The one notion of "activated" both portals show. The server decides it (a service's
// `activation`: "Activate product" first, then a pending deletion, then an open request); this
// is the one place that names it.
import { Tag } from 'antd';
import type { Activation, Service } from '../api/types';

const ACTIVATION: Record<Activation, { label: string; color: string }> = {
  activated: { label: 'Activated', color: 'cyan' },
  not_activated: { label: 'Not activated', color: 'default' },
  requested: { label: 'Activation requested', color: 'gold' },
  deletion_pending: { label: 'Stopped: deletion requested', color: 'volcano' },
};

/** A product's activation; rows that only know `enabled` (the account list's) read it alone. */
export function activationOf(service: { enabled: boolean; activation?: Activation }): Activation {
  return service.activation ?? (service.enabled ? 'activated' : 'not_activated');
}

export function activationLabel(activation: Activation): string {
  return ACTIVATION[activation]?.label ?? activation;
}

/** Whether the customer can use a product, as a tag. */
export function ActivationTag({ service }: { service: Pick<Service, 'enabled'> & { activation?: Activation } }) {
  const activation = activationOf(service);
  const s = ACTIVATION[activation];
  return (
    <Tag color={s.color} bordered={false} data-activation={activation}>
      {s.label}
    </Tag>
  );
}
