// TanStack Query hooks for the vendor settings. Keys: ['settings'] | ['notifications', resellerId] | ['products', 'defaults'] | ['test_email', id].
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useDataProvider } from '../../api/ApiContext';
import type { NotificationSettingRequest, VendorSettingsUpdate } from '../../api/types';

export function useVendorSettings() {
  const dp = useDataProvider();
  return useQuery({ queryKey: ['settings'], queryFn: () => dp.getVendorSettings() });
}

export function useUpdateVendorSettings() {
  const dp = useDataProvider();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: VendorSettingsUpdate) => dp.updateVendorSettings(body),
    onSuccess: (settings) => qc.setQueryData(['settings'], settings),
  });
}

export function useSendTestEmail() {
  const dp = useDataProvider();
  return useMutation({ mutationFn: (email: string) => dp.sendTestEmail(email) });
}

/** A test e-mail's result, asked again every second while it is still being sent. */
export function useTestEmail(id: number | undefined) {
  const dp = useDataProvider();
  return useQuery({
    queryKey: ['test_email', id],
    queryFn: () => dp.getTestEmail(id as number),
    enabled: id !== undefined,
    refetchInterval: (query) => (query.state.data?.status === 'sending' ? 1000 : false),
  });
}

export function useDefaults() {
  const dp = useDataProvider();
  return useQuery({ queryKey: ['products', 'defaults'], queryFn: () => dp.getDefaultVisibility() });
}

export function useSetDefault() {
  const dp = useDataProvider();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ product, available }: { product: string; available: boolean }) => dp.setDefaultVisibility(product, available),
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: ['products', 'defaults'] }), qc.invalidateQueries({ queryKey: ['clients'] })]),
  });
}

export function useNotificationSettings(resellerId: number) {
  const dp = useDataProvider();
  return useQuery({
    queryKey: ['notifications', resellerId],
    queryFn: async () => (await dp.getList('notificationSettings', { resellerId })).data,
  });
}

export function useSaveNotificationSetting(resellerId: number) {
  const dp = useDataProvider();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number | null; body: NotificationSettingRequest }) =>
      id === null
        ? dp.create('notificationSettings', body, { resellerId })
        : dp.update('notificationSettings', id, body, { resellerId }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['notifications', resellerId] }),
  });
}

export function useDeleteNotificationSetting(resellerId: number) {
  const dp = useDataProvider();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => dp.delete('notificationSettings', id, { resellerId }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['notifications', resellerId] }),
  });
}
