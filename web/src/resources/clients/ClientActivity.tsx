// The "Activity" tab: changes made to this account (requests whose path names it) and
// requests made by the account's own users.
import { Flex, Segmented, Typography } from 'antd';
import { useQuery, keepPreviousData } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { useDataProvider } from '../../api/ApiContext';
import type { ListParams } from '../../api/dataProvider';
import { ActivityTable } from '../../components/ActivityTable';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAccount } from './accountContext';

type View = 'changes' | 'users';

/** Paths that concern account `id` (and not account 1234 when id is 12). */
export function isAboutAccount(path: string, id: number): boolean {
  return new RegExp(`/clients/${id}(/|$)`).test(path);
}

export default function ClientActivity() {
  const { client } = useAccount();
  const dp = useDataProvider();
  const [search, setSearch] = useSearchParams();
  const view: View = search.get('view') === 'users' ? 'users' : 'changes';
  const page = Math.max(1, Number.parseInt(search.get('page') ?? '1', 10) || 1);
  const perPage = Math.max(1, Number.parseInt(search.get('per_page') ?? '20', 10) || 20);

  const params: ListParams = {
    page,
    perPage,
    filter: view === 'changes' ? { path: `/clients/${client.id}` } : { client_id: String(client.id) },
  };
  const list = useQuery({
    queryKey: ['activity', 'list', params],
    queryFn: () => dp.getList('activity', params),
    placeholderData: keepPreviousData,
  });

  const write = (next: { view?: View; page?: number; perPage?: number }) => {
    const q = new URLSearchParams();
    const v = next.view ?? view;
    if (v !== 'changes') q.set('view', v);
    const p = next.page ?? page;
    if (p > 1) q.set('page', String(p));
    const pp = next.perPage ?? perPage;
    if (pp !== 20) q.set('per_page', String(pp));
    setSearch(q);
  };

  // The path filter is a substring match: drop rows about other accounts whose id starts alike.
  const rows = (list.data?.data ?? []).filter((e) => view === 'users' || isAboutAccount(e.path, client.id));

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Segmented<View>
          value={view}
          onChange={(v) => write({ view: v, page: 1 })}
          options={[
            { value: 'changes', label: 'Changes to this account' },
            { value: 'users', label: 'Requests by its users' },
          ]}
        />
        <Typography.Text type="secondary">
          {view === 'changes'
            ? `Recorded requests whose path names account ${client.id}.`
            : 'Recorded requests made by the account’s own users and tokens.'}
        </Typography.Text>
      </Flex>
      {list.isError && <ErrorAlert error={list.error} onRetry={() => list.refetch()} />}
      <ActivityTable
        rows={rows}
        total={list.data?.total ?? 0}
        loading={list.isFetching}
        page={page}
        perPage={perPage}
        onPageChange={(p, pp) => write({ page: pp === perPage ? p : 1, perPage: pp })}
        empty={<EmptyState title="Nothing recorded yet" description="Changes appear here as they are made." />}
      />
    </Flex>
  );
}
