// The "Edit account" tab.
import { useMemo, useState } from 'react';
import { App, Card, Descriptions, Typography } from 'antd';
import { Link } from 'react-router';
import { ApiError, isApiError } from '../../api/http';
import { PRODUCTS } from '../../api/types';
import { ProductSummary } from '../../components/ProductSummary';
import { StatusTag } from '../../components/StatusTag';
import { formatDateTime } from '../../lib/format';
import { useUnsavedChangesGuard } from '../../lib/useUnsavedChangesGuard';
import { ClientForm } from './ClientForm';
import { useSellerOptions } from './useSellerOptions';
import { useAccount } from './accountContext';
import { formValuesFromClient, toUpdateRequest, type ClientFormValues } from './clientPayload';
import { useProductVisibility, useUpdateClient } from './queries';
import { useServices } from '../services/queries';

export default function ClientEdit() {
  const sellers = useSellerOptions();
  const { client } = useAccount();
  const update = useUpdateClient(client.id);
  const visibility = useProductVisibility(client.id);
  const services = useServices(client.id);
  const { message } = App.useApp();
  const [dirty, setDirty] = useState(false);
  useUnsavedChangesGuard(dirty);

  const initialValues = useMemo(() => formValuesFromClient(client), [client]);
  const error = useMemo<ApiError | null>(
    () => (update.error ? (isApiError(update.error) ? update.error : new ApiError(0, update.error.message)) : null),
    [update.error],
  );

  const onSubmit = (values: ClientFormValues) => {
    const body = toUpdateRequest(client, values);
    if (Object.keys(body).length === 0) {
      message.info('Nothing to save: no field changed.');
      return;
    }
    update.mutate(body, { onSuccess: () => message.success('Saved.') });
  };

  // The catalog as the server lists it; the known products while that is loading.
  const products = visibility.data?.map((v) => v.product) ?? Object.keys(client.serviceStatuses);
  const rows = (products.length > 0 ? products : [...PRODUCTS]).map((product) => {
    const v = visibility.data?.find((x) => x.product === product);
    const activation = services.data?.find((s) => s.name === product)?.activation;
    return { product, state: client.serviceStatuses[product], activation, visibility: v?.source, visible: v?.value };
  });

  return (
    <ClientForm
      sellers={sellers}
      mode="edit"
      initialValues={initialValues}
      submitting={update.isPending}
      error={error}
      onDirtyChange={setDirty}
      onSubmit={onSubmit}
      readOnly={
        client.deleted
          ? {
              notice: `This account was deleted${client.deleted_at ? ` on ${formatDateTime(client.deleted_at)}` : ''}; its details are kept for the record and can’t be changed.`,
            }
          : undefined
      }
      header={
        <Descriptions
          size="small"
          column={1}
          style={{ marginBottom: 16 }}
          items={[
            {
              key: 'status',
              label: 'Account status',
              children: (
                <span>
                  <StatusTag status={client.status} />{' '}
                  <Typography.Text type="secondary">computed from the products; not editable</Typography.Text>
                </span>
              ),
            },
          ]}
        />
      }
      aside={
        <Card title="Products" size="small">
          <ProductSummary rows={rows} loadingVisibility={visibility.isPending} />
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
            Change each product’s visibility, activation and status in the <Link to="products">Products</Link> tab.
          </Typography.Paragraph>
        </Card>
      }
    />
  );
}
