// The Customer Portal's API tokens: create (the secret is shown once), list, delete.
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Flex, Form, Input, Modal, Popconfirm, Select, Table, Tag, Typography } from 'antd';
import { useDataProvider } from '../../api/ApiContext';
import { GROUPS, type ApiToken, type CreateApiTokenRequest } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useServerFieldErrors } from '../../lib/useServerFieldErrors';
import { formatDateTime } from '../../lib/format';

// `acting`: staff act as the customer; tokens would outlive that, so the server refuses them.
export function PortalTokens({ clientId, canCreate, acting = false }: { clientId: number; canCreate: boolean; acting?: boolean }) {
  const dp = useDataProvider();
  const qc = useQueryClient();
  const key = ['tokens', clientId];
  const tokens = useQuery({ queryKey: key, queryFn: async () => (await dp.getList('tokens', { clientId })).data });
  const create = useMutation({
    mutationFn: (body: CreateApiTokenRequest) => dp.create('tokens', body, { clientId }),
    onSuccess: () => qc.invalidateQueries({ queryKey: key }),
  });
  const remove = useMutation({
    mutationFn: (id: number) => dp.delete('tokens', id, { clientId }),
    onSuccess: () => qc.invalidateQueries({ queryKey: key }),
  });
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [form] = Form.useForm<{ name: string; description: string; group: number }>();
  // The API names the role `client_user` (`{role}`).
  const createErrors = useServerFieldErrors(form, create.error, ['name', 'description', 'group'], { client_user: 'group' });

  if (tokens.isError) return <ErrorAlert error={tokens.error} onRetry={() => tokens.refetch()} />;
  return (
    <Flex vertical gap={12}>
      {canCreate && acting && (
        <Alert type="info" showIcon message="Only the customer can create API tokens: they would outlive your session as this customer." />
      )}
      {canCreate && !acting && (
        <div>
          <Button
            type="primary"
            onClick={() => {
              create.reset();
              form.resetFields();
              setOpen(true);
            }}
          >
            Create token
          </Button>
        </div>
      )}
      {secret && (
        <Alert
          type="success"
          showIcon
          closable
          onClose={() => setSecret(null)}
          message="Copy the token now: it is shown only this once."
          description={<Typography.Text code copyable>{secret}</Typography.Text>}
        />
      )}
      {remove.error && <ErrorAlert error={remove.error} />}
      <Table<ApiToken>
        rowKey="id"
        loading={tokens.isLoading}
        dataSource={(tokens.data ?? []).filter((t) => !t.deleted)}
        pagination={false}
        locale={{ emptyText: 'No API tokens.' }}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: 'Name', dataIndex: 'name' },
          { title: 'Role', key: 'role', render: (_, t) => t.client_user.role.name },
          { title: 'Owner', key: 'owner', render: (_, t) => t.client_user.user_email },
          { title: 'Created', key: 'created', render: (_, t) => formatDateTime(t.created) },
          { title: 'Expires', key: 'exp', render: (_, t) => (t.expired ? <Tag color="red">Expired</Tag> : formatDateTime(t.exp_date)) },
          { title: 'Last used', key: 'used', render: (_, t) => formatDateTime(t.last_usage) },
          {
            title: 'Actions',
            key: 'actions',
            render: (_, t) => (
              <Popconfirm
                title={`Delete the token “${t.name}”?`}
                description="Scripts using it stop working at once."
                okText="Delete"
                okButtonProps={{ danger: true }}
                onConfirm={() => remove.mutateAsync(t.id).then(() => message.success('Token deleted.')).catch(() => undefined)}
              >
                <Button size="small" danger>
                  Delete
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
      <Modal open={open} title="Create API token" okText="Create" confirmLoading={create.isPending} onCancel={() => setOpen(false)} onOk={() => form.submit()}>
        <Form
          form={form}
          name="create-token"
          layout="vertical"
          initialValues={{ group: 5 }}
          onFinish={(v) => {
            const role = GROUPS.find((g) => g.id === v.group);
            if (!role) return;
            create.mutate(
              { name: v.name.trim(), description: v.description?.trim() || null, client_user: { role } },
              {
                onSuccess: (t) => {
                  setOpen(false);
                  setSecret(t.token);
                },
              },
            );
          }}
        >
          <Form.Item name="name" label="Name" rules={[{ required: true, whitespace: true, message: 'Name the token.' }]}>
            <Input maxLength={255} />
          </Form.Item>
          <Form.Item name="description" label="Description">
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
          <Form.Item name="group" label="Role">
            <Select options={GROUPS.map((g) => ({ value: g.id, label: g.name }))} />
          </Form.Item>
        </Form>
        <ErrorAlert error={createErrors.remaining} />
      </Modal>
    </Flex>
  );
}
