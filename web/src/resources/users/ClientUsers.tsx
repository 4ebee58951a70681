// The "Users" tab of an account: its people, edit and block/activate.
import { useState } from 'react';
import { App, Button, Flex, Popconfirm, Space, Table, Tag } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useDataProvider } from '../../api/ApiContext';
import type { AccountUser } from '../../api/types';
import { CellText, Missing } from '../../components/CellText';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAccount } from '../clients/accountContext';
import { UserEditDialog } from './UserEditDialog';
import { useAccountUsers, useSetUserBlocked, useUpdateUser } from './queries';

export default function ClientUsers() {
  const { client } = useAccount();
  const users = useAccountUsers(client.id);
  const update = useUpdateUser(client.id);
  const block = useSetUserBlocked(client.id);
  const { message } = App.useApp();
  const [editing, setEditing] = useState<AccountUser | null>(null);
  const dp = useDataProvider();

  if (users.isError) return <ErrorAlert error={users.error} onRetry={() => users.refetch()} />;

  return (
    <>
      {block.error && <ErrorAlert error={block.error} />}
      <Flex justify="flex-end" style={{ marginBottom: 12 }}>
        <Button icon={<DownloadOutlined />} href={dp.exportUrl('users', { clientId: client.id })} download>
          Export
        </Button>
      </Flex>
      <Table<AccountUser>
        rowKey="id"
        loading={users.isLoading}
        dataSource={users.data ?? []}
        pagination={false}
        locale={{ emptyText: 'This account has no users.' }}
        tableLayout="fixed"
        scroll={{ x: 940 }}
        columns={[
          { title: 'ID', dataIndex: 'id', width: 80 },
          { title: 'E-mail', dataIndex: 'email', render: (v: string) => <CellText text={v} /> },
          { title: 'Name', dataIndex: 'name', render: (n: string | null) => (n ? <CellText text={n} /> : <Missing />) },
          { title: 'Language', dataIndex: 'lang', width: 100 },
          {
            title: 'Group',
            key: 'group',
            width: 160,
            render: (_, u) => (u.groups.length ? <CellText text={u.groups.map((g) => g.name).join(', ')} /> : <Missing />),
          },
          {
            title: 'Status',
            key: 'status',
            width: 150,
            render: (_, u) => (
              <Space size={4}>
                {u.is_active ? <Tag color="green">Active</Tag> : <Tag color="red">Blocked</Tag>}
                {u.activated === false && <Tag>Invited</Tag>}
              </Space>
            ),
          },
          {
            title: 'Actions',
            key: 'actions',
            width: 170,
            render: (_, u) => (
              <Space>
                <Button
                  size="small"
                  disabled={client.deleted}
                  onClick={() => {
                    update.reset();
                    setEditing(u);
                  }}
                >
                  Edit
                </Button>
                {u.is_active ? (
                  <Popconfirm
                    title={`Block ${u.email}?`}
                    description="They can’t sign in, and their tokens and sessions stop working."
                    okText="Block"
                    okButtonProps={{ danger: true }}
                    onConfirm={() =>
                      block.mutateAsync({ userId: u.id, blocked: true }).then(() => message.success(`${u.email} is blocked.`)).catch(() => undefined)
                    }
                  >
                    <Button size="small" danger disabled={client.deleted}>
                      Block
                    </Button>
                  </Popconfirm>
                ) : (
                  <Button
                    size="small"
                    disabled={client.deleted}
                    loading={block.isPending && block.variables?.userId === u.id}
                    onClick={() =>
                      block.mutate(
                        { userId: u.id, blocked: false },
                        { onSuccess: () => message.success(`${u.email} is active again.`) },
                      )
                    }
                  >
                    Activate
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <UserEditDialog
        user={editing}
        saving={update.isPending}
        error={update.error}
        onCancel={() => setEditing(null)}
        onSave={(body) => {
          if (!editing) return;
          if (Object.keys(body).length === 0) {
            setEditing(null);
            return;
          }
          update.mutate(
            { userId: editing.id, body },
            {
              onSuccess: () => {
                message.success('Saved.');
                setEditing(null);
              },
            },
          );
        }}
      />
    </>
  );
}
