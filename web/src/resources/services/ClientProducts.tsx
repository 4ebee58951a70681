// The "Products" tab of an account: per product its visibility, activation, status and dates.
import { Alert, App, Button, Card, Checkbox, Descriptions, Flex, List, Select, Skeleton, Space, Switch, Typography } from 'antd';
import type { Service } from '../../api/types';
import { ActivationTag } from '../../components/ActivationTag';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ProductStatusTag } from '../../components/StatusTag';
import { VisibilityRefusalAlert } from '../../components/VisibilityRefusalAlert';
import { productName, productStatusName } from '../../lib/displayNames';
import { formatDate, formatDateTime } from '../../lib/format';
import { useAccount } from '../clients/accountContext';
import { useResetVisibility, useServices, useSetVisibility, useUpdateService } from './queries';

/** Why the customer can or can't use the product, in the words the Customer Portal uses. */
function ActivationNote({ service }: { service: Service }) {
  const title = productName(service.name, service.title);
  const request = service.activation_request;
  switch (service.activation) {
    case 'requested':
      return request ? (
        <Alert
          type="info"
          showIcon
          message={`${request.requested_by_email} asked to activate ${title} on ${formatDateTime(request.requested_at)}.`}
          description={request.message ? `“${request.message}”` : undefined}
        />
      ) : null;
    case 'deletion_pending':
      return (
        <Alert
          type="warning"
          showIcon
          message={`${title} is stopped by the account’s deletion request.`}
          description="Cancelling the request activates again what it stopped."
        />
      );
    case 'not_activated':
      return service.status === 'trial' || service.status === 'active' ? (
        <Alert
          type="warning"
          showIcon
          message={`The customer can’t use ${title} yet: it is ${productStatusName(service.status)} but not activated.`}
          description="Their Customer Portal offers an activation request instead. Tick “Activate product” to let them use it."
        />
      ) : null;
    default:
      return null;
  }
}

function ProductCard({ service, clientId, readOnly }: { service: Service; clientId: number; readOnly: boolean }) {
  const { message } = App.useApp();
  const update = useUpdateService(clientId);
  const visibility = useSetVisibility(clientId);
  const reset = useResetVisibility(clientId);
  const personal = service.personal_availability !== null;
  const name = productName(service.name, service.title);
  const busy = update.isPending || visibility.isPending || reset.isPending;
  const statusOptions = [
    { value: service.status, label: productStatusName(service.status), disabled: true },
    ...service.allowed_statuses
      .filter((s) => s !== service.status)
      .map((s) => ({ value: s, label: productStatusName(s) })),
  ];

  return (
    <Card
      title={
        <Space>
          <span>{name}</span>
          <ProductStatusTag status={service.status} />
          <ActivationTag service={service} />
        </Space>
      }
      size="small"
      data-testid={`product-${service.name}`}
      role="group"
      aria-label={name}
    >
      <Flex vertical gap={12}>
        <Flex gap={24} wrap align="center">
          <Space>
            <Switch
              checked={service.visible}
              disabled={readOnly || busy}
              loading={visibility.isPending}
              aria-label={`${name} visible to the customer`}
              onChange={(available) =>
                visibility.mutate(
                  { product: service.name, available },
                  { onSuccess: () => message.success(`${name} is now ${available ? 'visible' : 'hidden'}.`) },
                )
              }
            />
            <span>
              {service.visible ? 'Visible' : 'Hidden'} ({personal ? 'personal' : 'default'})
            </span>
            {personal && !readOnly && (
              <Button
                size="small"
                disabled={busy}
                loading={reset.isPending}
                onClick={() =>
                  reset.mutate(service.name, { onSuccess: () => message.success(`${name} follows the default again.`) })
                }
              >
                Reset to default
              </Button>
            )}
          </Space>
          <Checkbox
            checked={service.enabled}
            disabled={readOnly || busy || !service.visible}
            onChange={(e) =>
              update.mutate(
                { serviceId: service.id, body: { enabled: e.target.checked } },
                { onSuccess: () => message.success(`${name} ${e.target.checked ? 'activated' : 'deactivated'}.`) },
              )
            }
          >
            Activate product
          </Checkbox>
          <Space>
            <label htmlFor={`status-${service.id}`}>Status</label>
            <Select
              id={`status-${service.id}`}
              aria-label={`${name} status`}
              style={{ minWidth: 140 }}
              value={service.status}
              options={statusOptions}
              disabled={readOnly || busy || service.allowed_statuses.length === 0}
              loading={update.isPending}
              onChange={(value) => {
                const status = service.allowed_statuses.find((s) => s === value);
                if (!status) return;
                update.mutate(
                  { serviceId: service.id, body: { status } },
                  { onSuccess: () => message.success(`${name} is now ${productStatusName(status)}.`) },
                );
              }}
            />
          </Space>
        </Flex>
        {!service.visible && (
          <Typography.Text type="secondary">A hidden product can’t be activated or moved.</Typography.Text>
        )}
        {service.visible && <ActivationNote service={service} />}
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, md: 4 }}
          items={[
            { key: 'start', label: 'Trial start', children: formatDate(service.start) },
            { key: 'trial_end', label: 'Trial end', children: formatDate(service.trial_end) },
            { key: 'deleted_date', label: 'Deleted date', children: formatDate(service.deleted_date) },
            { key: 'changed', label: 'Status changed', children: formatDateTime(service.status_changed_at) },
          ]}
        />
        <VisibilityRefusalAlert error={visibility.error ?? reset.error} />
        {update.error && <ErrorAlert error={update.error} />}
      </Flex>
    </Card>
  );
}

export default function ClientProducts() {
  const { client } = useAccount();
  const services = useServices(client.id);
  if (services.isError) return <ErrorAlert error={services.error} onRetry={() => services.refetch()} />;
  if (!services.data) return <Skeleton active paragraph={{ rows: 6 }} />;
  if (services.data.length === 0) return <EmptyState title="This account has no products." />;
  const readOnly = client.deleted;
  return (
    <>
      {readOnly && (
        <Typography.Paragraph type="secondary">This account is deleted; its products can’t be changed.</Typography.Paragraph>
      )}
      <List
        grid={{ gutter: 16, column: 1 }}
        dataSource={services.data}
        rowKey="id"
        renderItem={(s) => (
          <List.Item>
            <ProductCard service={s} clientId={client.id} readOnly={readOnly} />
          </List.Item>
        )}
      />
    </>
  );
}
