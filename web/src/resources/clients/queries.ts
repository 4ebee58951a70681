// TanStack Query hooks for accounts. Keys: ['clients', 'list', params] | ['clients', 'one', id] | …
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useDataProvider } from '../../api/ApiContext';
import type { ListParams } from '../../api/dataProvider';
import type { CreateClientRequest, UpdateClientRequest } from '../../api/types';

export const clientKeys = {
  all: ['clients'] as const,
  list: (p: ListParams) => ['clients', 'list', p] as const,
  one: (id: number) => ['clients', 'one', id] as const,
  visibility: (id: number) => ['clients', 'visibility', id] as const,
};

export function useClientList(params: ListParams) {
  const dp = useDataProvider();
  return useQuery({
    queryKey: clientKeys.list(params),
    queryFn: () => dp.getList('clients', params),
    placeholderData: keepPreviousData,
  });
}

export function useClient(id: number) {
  const dp = useDataProvider();
  return useQuery({
    queryKey: clientKeys.one(id),
    queryFn: () => dp.getOne('clients', id),
    enabled: Number.isInteger(id) && id > 0,
  });
}

export function useProductVisibility(clientId: number) {
  const dp = useDataProvider();
  return useQuery({
    queryKey: clientKeys.visibility(clientId),
    queryFn: () => dp.getProductVisibility(clientId),
    staleTime: 60_000,
  });
}

export function useDefaultVisibility() {
  const dp = useDataProvider();
  return useQuery({ queryKey: ['products', 'defaults'], queryFn: () => dp.getDefaultVisibility(), staleTime: 5 * 60_000 });
}

export function useCreateClient() {
  const dp = useDataProvider();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateClientRequest) => dp.create('clients', body),
    onSuccess: () =>
      Promise.all([qc.invalidateQueries({ queryKey: clientKeys.all }), qc.invalidateQueries({ queryKey: ['activity'] })]),
  });
}

export function useUpdateClient(id: number) {
  const dp = useDataProvider();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateClientRequest) => dp.update('clients', id, body),
    onSuccess: (client) => {
      qc.setQueryData(clientKeys.one(id), client);
      return Promise.all([
        qc.invalidateQueries({ queryKey: ['clients', 'list'] }),
        qc.invalidateQueries({ queryKey: ['activity'] }),
      ]);
    },
  });
}
