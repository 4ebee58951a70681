// The Customer Portal's Users tab: the account's people; Administrators invite, change groups
// and revoke access.
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Flex, Form, Input, Modal, Popconfirm, Select, Table, Tag } from 'antd';
import { UserAddOutlined } from '@ant-design/icons';
import { useDataProvider } from '../../api/ApiContext';
import { GROUPS, type AccountUser, type Group } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useServerFieldErrors } from '../../lib/useServerFieldErrors';
import { useAccountUsers, userKeys } from './queries';

const groupOptions = GROUPS.map((g) => ({ value: g.id, label: g.name }));

export function PortalUsers({ clientId, meId, isAdmin }: { clientId: number; meId: number; isAdmin: boolean }) {
  const dp = useDataProvider();
  const qc = useQueryClient();
  const users = useAccountUsers(clientId);
  const { message } = App.useApp();
  const [inviting, setInviting] = useState(false);
  const [form] = Form.useForm<{ email: string; group: number }>();
  const refresh = () => qc.invalidateQueries({ queryKey: userKeys.forClient(clientId) });

  const invite = useMutation({
    mutationFn: (v: { email: string; group: Group }) => dp.inviteUser({ email: v.email, user_role: v.group, client_id: clientId }),
    onSuccess: refresh,
  });
  const change = useMutation({
    mutationFn: ({ userId, group }: { userId: number; group: Group }) => dp.update('clientUsers', userId, { user_role: group }, { clientId }),
    onSuccess: refresh,
  });
  const revoke = useMutation({ mutationFn: (userId: number) => dp.delete('clientUsers', userId, { clientId }), onSuccess: refresh });
  // The API calls the group `user_role`.
  const inviteErrors = useServerFieldErrors(form, invite.error, ['email', 'group'], { user_role: 'group' });

  if (users.isError) return <ErrorAlert error={users.error} onRetry={() => users.refetch()} />;
  return (
    <Flex vertical gap={12}>
      {isAdmin && (
        <div>
          <Button
            type="primary"
            icon={<UserAddOutlined />}
            onClick={() => {
              invite.reset();
              form.resetFields();
              setInviting(true);
            }}
          >
            Invite user
          </Button>
        </div>
      )}
      {(change.error || revoke.error) && <ErrorAlert error={change.error ?? revoke.error} />}
      <Table<AccountUser>
        rowKey="id"
        loading={users.isLoading}
        dataSource={users.data ?? []}
        pagination={false}
        locale={{ emptyText: 'No users.' }}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: 'E-mail', dataIndex: 'email' },
          { title: 'Name', dataIndex: 'name', render: (n: string | null) => n || '—' },
          {
            title: 'Group',
            key: 'group',
            render: (_, u) =>
              isAdmin && u.id !== meId ? (
                <Select
                  aria-label={`Group of ${u.email}`}
                  style={{ width: 260 }}
                  value={u.groups[0]?.id}
                  options={groupOptions}
                  onChange={(id: number) => {
                    const group = GROUPS.find((g) => g.id === id);
                    if (group) change.mutate({ userId: u.id, group }, { onSuccess: () => message.success('Group changed.') });
                  }}
                />
              ) : (
                u.groups.map((g) => g.name).join(', ')
              ),
          },
          {
            title: 'Status',
            key: 'status',
            render: (_, u) =>
              u.activated === false ? <Tag color="orange">Invited</Tag> : u.is_active ? <Tag color="green">Active</Tag> : <Tag color="red">Blocked</Tag>,
          },
          ...(isAdmin
            ? [
                {
                  title: 'Actions',
                  key: 'actions',
                  render: (_: unknown, u: AccountUser) =>
                    u.id === meId ? null : (
                      <Popconfirm
                        title={`Revoke access of ${u.email}?`}
                        okText="Revoke"
                        okButtonProps={{ danger: true }}
                        onConfirm={() =>
                          revoke.mutateAsync(u.id).then(() => message.success('Access revoked.')).catch(() => undefined)
                        }
                      >
                        <Button size="small" danger>
                          Revoke access
                        </Button>
                      </Popconfirm>
                    ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={inviting}
        title="Invite user"
        okText="Send invitation"
        confirmLoading={invite.isPending}
        onCancel={() => setInviting(false)}
        onOk={() => form.submit()}
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{ group: 2 }}
          onFinish={(v) => {
            const group = GROUPS.find((g) => g.id === v.group);
            if (!group) return;
            invite.mutate(
              { email: v.email.trim(), group },
              {
                onSuccess: () => {
                  setInviting(false);
                  message.success(`An invitation was sent to ${v.email.trim()}.`);
                },
              },
            );
          }}
        >
          <Form.Item
            name="email"
            label="E-mail"
            rules={[{ required: true, type: 'email', message: 'Enter a valid e-mail.' }]}
          >
            <Input />
          </Form.Item>
          <Form.Item name="group" label="Group">
            <Select options={groupOptions} />
          </Form.Item>
        </Form>
        <ErrorAlert error={inviteErrors.remaining} />
      </Modal>
    </Flex>
  );
}
