// Who is signed in to this portal, and signing in and out. The session itself is an HttpOnly
// cookie the scripts never see; this only keeps the server's answer to `GET /iam/auth/session`.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { sessionKey, useApi } from '../api/ApiContext';
import { isApiError } from '../api/http';
import type { Session, SignInRequest } from '../api/types';

export function useSession() {
  const { portal, dataProvider } = useApi();
  return useQuery<Session | null>({
    queryKey: sessionKey(portal),
    queryFn: () => dataProvider.getSession(),
    staleTime: 5 * 60_000,
    retry: 1,
  });
}

export function useSignIn() {
  const { portal, dataProvider } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: SignInRequest) => dataProvider.signIn(request),
    onSuccess: (session) => {
      // A new person: nothing cached for the previous one may show.
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
      queryClient.setQueryData(sessionKey(portal), session);
    },
  });
}

export function useSignOut() {
  const { portal, dataProvider } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      try {
        await dataProvider.signOut();
      } catch (e) {
        // Already signed out (401) is fine; anything else is reported.
        if (!(isApiError(e) && e.status === 401)) throw e;
      }
    },
    onSuccess: () => {
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
      queryClient.setQueryData(sessionKey(portal), null);
    },
  });
}

export function displayName(session: Session): string {
  return session.user.name?.trim() || session.user.email;
}
