// The "Activity" tab: everything recorded about this account, as readable events — changes made
// to it by staff (its products, users, deletion, ...) and what its own people did.
import { Flex, Typography } from 'antd';
import { useQuery, keepPreviousData } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { useDataProvider } from '../../api/ApiContext';
import type { ListParams } from '../../api/dataProvider';
import { ActivityTable } from '../../components/ActivityTable';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import type { ActivityNames } from '../activity/describe';
import { useServices } from '../services/queries';
import { useAccountUsers } from '../users/queries';
import { useAccount } from './accountContext';

export default function ClientActivity() {
  const { client } = useAccount();
  const dp = useDataProvider();
  const [search, setSearch] = useSearchParams();
  const page = Math.max(1, Number.parseInt(search.get('page') ?? '1', 10) || 1);
  const perPage = Math.max(1, Number.parseInt(search.get('per_page') ?? '20', 10) || 20);

  // The server files each request under the account it concerns.
  const params: ListParams = { page, perPage, filter: { account_id: String(client.id) } };
  const list = useQuery({
    queryKey: ['activity', 'list', params],
    queryFn: () => dp.getList('activity', params),
    placeholderData: keepPreviousData,
  });

  // A refused change names its product or person by id only; the account's own lists name them.
  const users = useAccountUsers(client.id);
  const services = useServices(client.id);
  const names = useMemo<ActivityNames>(() => {
    const people = new Map((users.data ?? []).map((u) => [u.id, u.email]));
    const products = new Map((services.data ?? []).map((s) => [s.id, s.name]));
    return { person: (id) => people.get(id), product: (id) => products.get(id) };
  }, [users.data, services.data]);

  const write = (next: { page?: number; perPage?: number }) => {
    const q = new URLSearchParams();
    const p = next.page ?? page;
    if (p > 1) q.set('page', String(p));
    const pp = next.perPage ?? perPage;
    if (pp !== 20) q.set('per_page', String(pp));
    setSearch(q);
  };

  return (
    <Flex vertical gap={16}>
      <Typography.Text type="secondary">
        Changes made to this account and what its people did, newest first. Open a row for the request itself.
      </Typography.Text>
      {list.isError && <ErrorAlert error={list.error} onRetry={() => list.refetch()} />}
      <ActivityTable
        rows={list.data?.data ?? []}
        total={list.data?.total ?? 0}
        loading={list.isFetching}
        page={page}
        perPage={perPage}
        showAccount={false}
        names={names}
        onPageChange={(p, pp) => write({ page: pp === perPage ? p : 1, perPage: pp })}
        empty={<EmptyState title="Nothing recorded yet" description="Changes appear here as they are made." />}
      />
    </Flex>
  );
}
