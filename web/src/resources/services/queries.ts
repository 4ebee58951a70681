// TanStack Query hooks for an account's products. Keys: ['services', clientId].
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useDataProvider } from '../../api/ApiContext';
import type { UpdateServiceRequest } from '../../api/types';

export const serviceKeys = {
  forClient: (clientId: number) => ['services', clientId] as const,
};

export function useServices(clientId: number | null) {
  const dp = useDataProvider();
  return useQuery({
    queryKey: serviceKeys.forClient(clientId ?? 0),
    queryFn: async () => (await dp.getList('services', { clientId: clientId ?? 0 })).data,
    enabled: clientId !== null && clientId > 0,
  });
}

/** Everything a product change may touch: the services, the visibility, the account (status). */
function useInvalidateAccount(clientId: number) {
  const qc = useQueryClient();
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: serviceKeys.forClient(clientId) }),
      qc.invalidateQueries({ queryKey: ['clients'] }),
      qc.invalidateQueries({ queryKey: ['activity'] }),
    ]);
}

export function useUpdateService(clientId: number) {
  const dp = useDataProvider();
  const invalidate = useInvalidateAccount(clientId);
  return useMutation({
    mutationFn: ({ serviceId, body }: { serviceId: number; body: UpdateServiceRequest }) =>
      dp.update('services', serviceId, body, { clientId }),
    onSuccess: invalidate,
  });
}

export function useSetVisibility(clientId: number) {
  const dp = useDataProvider();
  const invalidate = useInvalidateAccount(clientId);
  return useMutation({
    mutationFn: ({ product, available }: { product: string; available: boolean }) =>
      dp.setProductVisibility(clientId, [{ product_name: product, available }]),
    onSuccess: invalidate,
  });
}

export function useResetVisibility(clientId: number) {
  const dp = useDataProvider();
  const invalidate = useInvalidateAccount(clientId);
  return useMutation({
    mutationFn: (product: string) => dp.resetProductVisibility(clientId, [product]),
    onSuccess: invalidate,
  });
}

export function useRequestActivation(clientId: number) {
  const dp = useDataProvider();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ serviceId, message }: { serviceId: number; message: string }) =>
      dp.requestActivation(clientId, serviceId, message),
    // The server keeps the request: the product now reads as requested.
    onSuccess: () => qc.invalidateQueries({ queryKey: serviceKeys.forClient(clientId) }),
  });
}
