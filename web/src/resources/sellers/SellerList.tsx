// The Sellers page (resellers only): filters, a paged table, add/edit, invitations, password
// resets, block/activate and delete.
import { useState } from 'react';
import { App, Button, Dropdown, Flex, Result, Select, Space, Table, Tag, Tooltip } from 'antd';
import { MoreOutlined, PlusOutlined } from '@ant-design/icons';
import type { Seller } from '../../api/types';
import { useSession } from '../../auth/session';
import { CellText, Missing } from '../../components/CellText';
import { DebouncedInput } from '../../components/DebouncedInput';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { formatDateTime } from '../../lib/format';
import { SellerDialog } from './SellerDialog';
import { useSaveSeller, useSellerAction, useSellerList } from './queries';

const PER_PAGE = 20;

export default function SellerList() {
  const [email, setEmail] = useState('');
  const [fullName, setFullName] = useState('');
  const [activated, setActivated] = useState('');
  const [page, setPage] = useState(1);
  const [dialog, setDialog] = useState<{ seller: Seller | null } | null>(null);
  const list = useSellerList({
    page,
    perPage: PER_PAGE,
    ordering: 'id',
    filter: { email, full_name: fullName, activated },
  });
  const save = useSaveSeller();
  const action = useSellerAction();
  const { message, modal } = App.useApp();
  const session = useSession().data;
  if (session && session.user.user_type !== 'reseller') {
    return <Result status="403" title="Sellers" subTitle="Only the organisation’s reseller manages sellers." />;
  }

  const run = (a: 'block' | 'activate' | 'delete' | 'invite' | 'reset', s: Seller, done: string) =>
    action.mutate({ action: a, id: s.id, email: s.email }, { onSuccess: () => message.success(done), onError: (e) => message.error(e.message) });

  const confirm = (title: string, content: string, okText: string, onOk: () => void) =>
    modal.confirm({ title, content, okText, okButtonProps: { danger: true }, onOk });

  return (
    <>
      <PageHeader
        title="Sellers"
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => {
              save.reset();
              setDialog({ seller: null });
            }}
          >
            Add seller
          </Button>
        }
      />
      <Flex gap={8} wrap style={{ marginBottom: 16 }}>
        <DebouncedInput ariaLabel="Filter by e-mail" placeholder="E-mail" value={email} width={220} onChange={(v) => { setEmail(v); setPage(1); }} />
        <DebouncedInput ariaLabel="Filter by full name" placeholder="Full name" value={fullName} width={220} onChange={(v) => { setFullName(v); setPage(1); }} />
        <Select
          aria-label="Filter by status"
          style={{ width: 180 }}
          value={activated}
          onChange={(v) => { setActivated(v); setPage(1); }}
          options={[
            { value: '', label: 'Any status' },
            { value: 'true', label: 'Activated' },
            { value: 'false', label: 'Not activated' },
          ]}
        />
      </Flex>
      {list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <Table<Seller>
          rowKey="id"
          loading={list.isLoading || action.isPending}
          dataSource={list.data?.data ?? []}
          locale={{ emptyText: email || fullName || activated ? 'No sellers match these filters.' : 'No sellers yet. Add one to invite them.' }}
          pagination={{ current: page, pageSize: PER_PAGE, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
          // Name and e-mail share what the fixed columns leave; narrower screens scroll the table.
          tableLayout="fixed"
          scroll={{ x: 1100 }}
          columns={[
            { title: 'ID', dataIndex: 'id', width: 70 },
            { title: 'Full name', dataIndex: 'full_name', render: (v: string) => <CellText text={v} /> },
            { title: 'E-mail', dataIndex: 'email', render: (v: string) => <CellText text={v} /> },
            { title: 'Phone', dataIndex: 'phone', width: 140, render: (p: string | null) => (p ? <CellText text={p} /> : <Missing />) },
            {
              title: 'Status',
              key: 'status',
              width: 170,
              render: (_, s) => (
                <Space size={4} wrap>
                  {s.activated ? (
                    <Tag color="green">Activated</Tag>
                  ) : (
                    <Tooltip title={s.invited_at ? `Invited ${formatDateTime(s.invited_at)}` : undefined}>
                      <Tag color="orange">Not activated</Tag>
                    </Tooltip>
                  )}
                  {s.blocked && <Tag color="red">Blocked</Tag>}
                </Space>
              ),
            },
            { title: 'Invited', key: 'invited', width: 150, render: (_, s) => (s.activated ? '—' : formatDateTime(s.invited_at)) },
            { title: 'Last sign-in', key: 'login', width: 150, render: (_, s) => formatDateTime(s.last_login_at) },
            {
              title: 'Actions',
              key: 'actions',
              width: 100,
              fixed: 'right',
              render: (_, s) => (
                <Space>
                  <Button
                    size="small"
                    onClick={() => {
                      save.reset();
                      setDialog({ seller: s });
                    }}
                  >
                    Edit
                  </Button>
                  <Dropdown
                    trigger={['click']}
                    menu={{
                      items: [
                        s.activated
                          ? { key: 'reset', label: 'Reset password' }
                          : { key: 'invite', label: 'Resend invitation' },
                        s.blocked ? { key: 'activate', label: 'Activate' } : { key: 'block', label: 'Block', danger: true },
                        { key: 'delete', label: 'Delete', danger: true },
                      ],
                      onClick: ({ key }) => {
                        if (key === 'reset') run('reset', s, `A password reset link was sent to ${s.email}.`);
                        else if (key === 'invite') run('invite', s, `A new invitation was sent to ${s.email}.`);
                        else if (key === 'activate') run('activate', s, `${s.full_name} is active again.`);
                        else if (key === 'block')
                          confirm(`Block ${s.full_name}?`, 'They can’t sign in until activated again.', 'Block', () =>
                            run('block', s, `${s.full_name} is blocked.`),
                          );
                        else if (key === 'delete')
                          confirm(
                            `Delete ${s.full_name}?`,
                            'Their accounts become unassigned and their access ends. This can’t be undone.',
                            'Delete',
                            () => run('delete', s, `${s.full_name} is deleted.`),
                          );
                      },
                    }}
                  >
                    <Button size="small" icon={<MoreOutlined />} aria-label={`More actions for ${s.email}`} />
                  </Dropdown>
                </Space>
              ),
            },
          ]}
        />
      )}
      <SellerDialog
        open={dialog !== null}
        seller={dialog?.seller ?? null}
        saving={save.isPending}
        error={save.error}
        onCancel={() => setDialog(null)}
        onSave={(body) =>
          save.mutate(
            { id: dialog?.seller?.id ?? null, body },
            {
              onSuccess: () => {
                message.success(dialog?.seller ? 'Saved.' : `${body.full_name ?? 'The seller'} is invited.`);
                setDialog(null);
              },
            },
          )
        }
      />
    </>
  );
}
