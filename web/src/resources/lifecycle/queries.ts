// TanStack Query hooks for issue 16: the overview, the lifecycle preview and an account's policy.
// Keys: ['overview', days] | ['lifecycle', 'preview', days, clientId?] | ['lifecycle', 'policy', id]
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useDataProvider } from '../../api/ApiContext';
import type { LifecyclePolicyUpdate } from '../../api/types';

export const lifecycleKeys = {
  overview: (days: number) => ['overview', days] as const,
  preview: (days: number, clientId?: number) => ['lifecycle', 'preview', days, clientId ?? 'all'] as const,
  policy: (clientId: number) => ['lifecycle', 'policy', clientId] as const,
};

export function useOverview(days: number) {
  const dp = useDataProvider();
  return useQuery({ queryKey: lifecycleKeys.overview(days), queryFn: () => dp.getOverview(days) });
}

export function useLifecyclePreview(days: number, clientId?: number) {
  const dp = useDataProvider();
  return useQuery({
    queryKey: lifecycleKeys.preview(days, clientId),
    queryFn: () => dp.getLifecyclePreview(days, clientId),
  });
}

export function useLifecyclePolicy(clientId: number) {
  const dp = useDataProvider();
  return useQuery({ queryKey: lifecycleKeys.policy(clientId), queryFn: () => dp.getLifecyclePolicy(clientId) });
}

export function useUpdateLifecyclePolicy(clientId: number) {
  const dp = useDataProvider();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: LifecyclePolicyUpdate) => dp.updateLifecyclePolicy(clientId, body),
    onSuccess: (policy) => {
      qc.setQueryData(lifecycleKeys.policy(clientId), policy);
      // Trial ends and deletion dates moved: the products, the preview and the log say so.
      return Promise.all([
        qc.invalidateQueries({ queryKey: ['lifecycle', 'preview'] }),
        qc.invalidateQueries({ queryKey: ['overview'] }),
        qc.invalidateQueries({ queryKey: ['services'] }),
        qc.invalidateQueries({ queryKey: ['activity'] }),
      ]);
    },
  });
}
