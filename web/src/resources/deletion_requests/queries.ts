// TanStack Query hooks for account deletion. Keys: ['deletionRequests', clientId] |
// ['deletionRequests', 'me'] | ['deletionRequests', 'open', ids].
import type { DeletionRequest } from '../../api/types';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useDataProvider } from '../../api/ApiContext';

export const deletionKeys = {
  forClient: (clientId: number) => ['deletionRequests', clientId] as const,
  mine: ['deletionRequests', 'me'] as const,
  open: (clientIds: readonly number[]) => ['deletionRequests', 'open', clientIds] as const,
};

/** The open deletion requests of these accounts (a list page's rows), by account id: one
 *  request for the page, none for an empty one. */
export function useOpenDeletionRequests(clientIds: readonly number[]) {
  const dp = useDataProvider();
  return useQuery({
    queryKey: deletionKeys.open(clientIds),
    queryFn: async () => new Map((await dp.getOpenDeletionRequests(clientIds)).map((r) => [r.client, r])),
    enabled: clientIds.length > 0,
    placeholderData: (previous: Map<number, DeletionRequest> | undefined) => previous,
  });
}

/** `fresh`: ask again on every mount, even if the account page asked a moment ago (the Delete
 *  tab, where a request made meanwhile in the Customer Portal must show). */
export function useDeletionRequests(clientId: number, { enabled = true, fresh = false } = {}) {
  const dp = useDataProvider();
  return useQuery({
    queryKey: deletionKeys.forClient(clientId),
    queryFn: () => dp.getDeletionRequests(clientId),
    enabled: enabled && clientId > 0,
    refetchOnMount: fresh ? 'always' : true,
  });
}

export function useCancelDeletion(clientId: number) {
  const dp = useDataProvider();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (note: string) => dp.cancelDeletionRequest(clientId, note),
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: deletionKeys.forClient(clientId) }),
        qc.invalidateQueries({ queryKey: ['deletionRequests', 'open'] }),
        qc.invalidateQueries({ queryKey: ['clients'] }),
        qc.invalidateQueries({ queryKey: ['services', clientId] }),
      ]),
  });
}

export function useDeleteAccount(clientId: number) {
  const dp = useDataProvider();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => dp.deleteAccount(clientId),
    onSuccess: (client) => {
      qc.setQueryData(['clients', 'one', clientId], client);
      return Promise.all([
        qc.invalidateQueries({ queryKey: deletionKeys.forClient(clientId) }),
        qc.invalidateQueries({ queryKey: ['deletionRequests', 'open'] }),
        qc.invalidateQueries({ queryKey: ['clients', 'list'] }),
        qc.invalidateQueries({ queryKey: ['services', clientId] }),
      ]);
    },
  });
}

export function useMyDeletionRequest() {
  const dp = useDataProvider();
  return useQuery({ queryKey: deletionKeys.mine, queryFn: () => dp.getMyDeletionRequest() });
}

export function useRequestMyDeletion() {
  const dp = useDataProvider();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => dp.requestMyDeletion(),
    onSuccess: (request) => {
      qc.setQueryData(deletionKeys.mine, request);
      return qc.invalidateQueries({ queryKey: ['services'] });
    },
  });
}
