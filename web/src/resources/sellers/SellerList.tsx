// The Sellers page (resellers only): filters (in the URL, like the other lists), a paged table
// with its total and page size, add/edit, invitations, password resets, block/activate, delete.
import { useCallback, useMemo, useState } from 'react';
import { App, Button, Dropdown, Flex, Result, Select, Space, Table, Tag, Tooltip } from 'antd';
import { DownloadOutlined, MoreOutlined, PlusOutlined } from '@ant-design/icons';
import type { Seller } from '../../api/types';
import { useSession } from '../../auth/session';
import { CellText, Missing } from '../../components/CellText';
import { DebouncedInput } from '../../components/DebouncedInput';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useDataProvider } from '../../api/ApiContext';
import { PageHeader } from '../../components/PageHeader';
import { formatDateTime } from '../../lib/format';
import { PAGE_SIZES, useGoToLastPageIfPastEnd, useListParams } from '../../lib/useListParams';
import { SellerDialog } from './SellerDialog';
import { useSaveSeller, useSellerAction, useSellerList } from './queries';

const LIST_OPTIONS = { filterKeys: ['email', 'full_name', 'activated', 'blocked'], defaultOrdering: 'id' } as const;

export default function SellerList() {
  const { state, setFilters, setPage } = useListParams(LIST_OPTIONS);
  const f = state.filter;
  const [dialog, setDialog] = useState<{ seller: Seller | null } | null>(null);
  const params = useMemo(() => ({ page: state.page, perPage: state.perPage, ordering: 'id', filter: f }), [state, f]);
  const list = useSellerList(params);
  const answered = list.data && !list.isPlaceholderData ? list.data.total : undefined;
  const goToPage = useCallback((p: number) => setPage(p, state.perPage, true), [setPage, state.perPage]);
  useGoToLastPageIfPastEnd(answered, state.page, state.perPage, goToPage);
  const filtered = Object.keys(f).length > 0;
  const save = useSaveSeller();
  const action = useSellerAction();
  const { message, modal } = App.useApp();
  const session = useSession().data;
  const dp = useDataProvider();
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
          <Flex gap={8}>
            <Button icon={<DownloadOutlined />} href={dp.exportUrl('sellers', { ordering: 'id', filter: f })} download>
              Export
            </Button>
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
          </Flex>
        }
      />
      <Flex gap={8} wrap style={{ marginBottom: 16 }}>
        <DebouncedInput
          ariaLabel="Filter by e-mail"
          placeholder="E-mail"
          value={f.email ?? ''}
          width={220}
          onChange={(v) => setFilters({ email: v }, true)}
        />
        <DebouncedInput
          ariaLabel="Filter by full name"
          placeholder="Full name"
          value={f.full_name ?? ''}
          width={220}
          onChange={(v) => setFilters({ full_name: v }, true)}
        />
        <Select
          aria-label="Filter by status"
          style={{ width: 180 }}
          value={f.activated ?? ''}
          onChange={(v: string) => setFilters({ activated: v })}
          options={[
            { value: '', label: 'Any status' },
            { value: 'true', label: 'Activated' },
            { value: 'false', label: 'Not activated' },
          ]}
        />
        <Select
          aria-label="Filter by blocking"
          style={{ width: 180 }}
          value={f.blocked ?? ''}
          onChange={(v: string) => setFilters({ blocked: v })}
          options={[
            { value: '', label: 'Blocked or not' },
            { value: 'true', label: 'Blocked' },
            { value: 'false', label: 'Not blocked' },
          ]}
        />
      </Flex>
      {list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <Table<Seller>
          rowKey="id"
          loading={list.isFetching || action.isPending}
          dataSource={list.data?.data ?? []}
          locale={{ emptyText: filtered ? 'No sellers match these filters.' : 'No sellers yet. Add one to invite them.' }}
          pagination={{
            current: state.page,
            pageSize: state.perPage,
            total: list.data?.total ?? 0,
            onChange: (p, size) => setPage(p, size),
            showSizeChanger: true,
            pageSizeOptions: PAGE_SIZES.map(String),
            showTotal: (total, [from, to]) => (total ? `${from}–${to} of ${total} sellers` : ''),
          }}
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
