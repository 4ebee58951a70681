// TanStack Query hooks for the people of an account. Keys: ['users', 'client', clientId].
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useDataProvider } from '../../api/ApiContext';
import type { UpdateUserRequest } from '../../api/types';

export const userKeys = {
  forClient: (clientId: number) => ['users', 'client', clientId] as const,
};

export function useAccountUsers(clientId: number) {
  const dp = useDataProvider();
  return useQuery({ queryKey: userKeys.forClient(clientId), queryFn: async () => (await dp.getList('users', { clientId })).data });
}

export function useUpdateUser(clientId: number) {
  const dp = useDataProvider();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, body }: { userId: number; body: UpdateUserRequest }) => dp.update('users', userId, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: userKeys.forClient(clientId) }),
  });
}

export function useSetUserBlocked(clientId: number) {
  const dp = useDataProvider();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, blocked }: { userId: number; blocked: boolean }) => dp.setUserBlocked(userId, blocked),
    onSuccess: () => qc.invalidateQueries({ queryKey: userKeys.forClient(clientId) }),
  });
}
