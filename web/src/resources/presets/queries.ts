import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useDataProvider } from '../../api/ApiContext';

export const presetKeys = { all: ['presets'] as const };

export function usePresets() {
  const dp = useDataProvider();
  return useQuery({ queryKey: presetKeys.all, queryFn: async () => (await dp.getList('presets')).data, staleTime: 5 * 60_000 });
}

export function useCreatePreset() {
  const dp = useDataProvider();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; filters: Record<string, string> }) => dp.create('presets', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: presetKeys.all }),
  });
}

export function useDeletePreset() {
  const dp = useDataProvider();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => dp.delete('presets', id),
    onSuccess: () => qc.invalidateQueries({ queryKey: presetKeys.all }),
  });
}
