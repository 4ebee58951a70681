// TanStack Query hooks for sellers. Keys: ['sellers', 'list', params] | ['sellers', 'all'].
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useDataProvider } from '../../api/ApiContext';
import type { ListParams } from '../../api/dataProvider';
import { isApiError } from '../../api/http';
import type { SellerRequest } from '../../api/types';

export function useSellerList(params: ListParams) {
  const dp = useDataProvider();
  return useQuery({ queryKey: ['sellers', 'list', params], queryFn: () => dp.getList('sellers', params), placeholderData: keepPreviousData });
}

/** Every seller's name by id, for the accounts' seller column, filter and select. A seller
 *  signed in gets 403 here: then the map is empty and the numeric id shows. */
export function useSellerNames() {
  const dp = useDataProvider();
  return useQuery({
    queryKey: ['sellers', 'all'],
    queryFn: async () => {
      try {
        const page = await dp.getList('sellers', { page: 1, perPage: 1000 });
        return page.data;
      } catch (e) {
        if (isApiError(e) && e.status === 403) return [];
        throw e;
      }
    },
    staleTime: 5 * 60_000,
  });
}

function useInvalidate() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: ['sellers'] });
}

export function useSaveSeller() {
  const dp = useDataProvider();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, body }: { id: number | null; body: SellerRequest }) =>
      id === null ? dp.create('sellers', body) : dp.update('sellers', id, body),
    onSuccess: invalidate,
  });
}

export function useSellerAction() {
  const dp = useDataProvider();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async ({ action, id, email }: { action: 'block' | 'activate' | 'delete' | 'invite' | 'reset'; id: number; email: string }) => {
      if (action === 'block' || action === 'activate') return dp.setSellerBlocked(id, action === 'block');
      if (action === 'delete') return dp.delete('sellers', id);
      if (action === 'invite') return dp.renewInvitation(email);
      return dp.sendPasswordReset(email);
    },
    onSuccess: invalidate,
  });
}
