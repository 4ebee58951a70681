// TanStack Query hooks for accounts. Keys: ['clients', 'list', params] | ['clients', 'one', id] | …
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useDataProvider } from '../../api/ApiContext';
import type { ListParams } from '../../api/dataProvider';
import { PRODUCTS, type Client, type CreateClientRequest, type UpdateClientRequest } from '../../api/types';

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

export function useProductVisibility(client: Client | undefined) {
  const dp = useDataProvider();
  return useQuery({
    queryKey: clientKeys.visibility(client?.id ?? 0),
    queryFn: () => (client ? dp.getProductVisibility(client, PRODUCTS) : Promise.resolve([])),
    enabled: client !== undefined,
    staleTime: 60_000,
  });
}

export function useCreateClient() {
  const dp = useDataProvider();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateClientRequest) => dp.create('clients', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: clientKeys.all }),
  });
}

export function useUpdateClient(id: number) {
  const dp = useDataProvider();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateClientRequest) => dp.update('clients', id, body),
    onSuccess: (client) => {
      qc.setQueryData(clientKeys.one(id), client);
      return qc.invalidateQueries({ queryKey: ['clients', 'list'] });
    },
  });
}
