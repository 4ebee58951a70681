import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { App, Breadcrumb } from 'antd';
import { ApiError, isApiError } from '../../api/http';
import { PageHeader } from '../../components/PageHeader';
import { useUnsavedChangesGuard } from '../../lib/useUnsavedChangesGuard';
import { ClientForm } from './ClientForm';
import { useSellerOptions } from './useSellerOptions';
import { toCreateRequest, type ClientFormValues } from './clientPayload';
import { useCreateClient, useDefaultVisibility } from './queries';

const EMPTY: ClientFormValues = {
  email: '',
  companyName: '',
  name: '',
  phone: '',
  custom_id: '',
  seller: null,
  lang: 'en',
  country_code: '',
  is_test: false,
  password: '',
  services: {},
};

export default function ClientCreate() {
  const sellers = useSellerOptions();
  const create = useCreateClient();
  const defaults = useDefaultVisibility();
  const visibilityDefaults = useMemo(
    () => (defaults.data ? Object.fromEntries(defaults.data.map((d) => [d.product, d.value])) : undefined),
    [defaults.data],
  );
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [dirty, setDirty] = useState(false);
  const release = useUnsavedChangesGuard(dirty);

  // Errors that are not the server's answer (say, no network) become one too, for the form's alert.
  const error = useMemo<ApiError | null>(
    () => (create.error ? (isApiError(create.error) ? create.error : new ApiError(0, create.error.message)) : null),
    [create.error],
  );

  return (
    <>
      <Breadcrumb items={[{ title: <Link to="/admin/accounts">Accounts</Link> }, { title: 'Add new account' }]} />
      <PageHeader title="Add new account" />
      <ClientForm
        sellers={sellers}
        mode="create"
        initialValues={EMPTY}
        submitting={create.isPending}
        error={error}
        onDirtyChange={setDirty}
        visibilityDefaults={visibilityDefaults}
        products={defaults.data?.map((d) => d.product)}
        onCancel={() => navigate('/admin/accounts')}
        onSubmit={(values) =>
          create.mutate(toCreateRequest(values), {
            onSuccess: (user) => {
              release();
              message.success(`Account ${values.companyName.trim()} created.`);
              navigate(`/admin/accounts/${user.client}`, { replace: true });
            },
          })
        }
      />
    </>
  );
}
