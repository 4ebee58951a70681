import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useSession } from './session';
import { FullPageSpin } from '../components/FullPageSpin';

const ServerUnreachable = lazy(() => import('../components/ServerUnreachable'));

/** Renders its children only for a signed-in person; otherwise sends them to `loginPath`,
 *  remembering where they wanted to go. */
export function RequireSession({ loginPath, children }: { loginPath: string; children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (session.isPending) return <FullPageSpin />;
  if (session.isError) {
    return (
      <Suspense fallback={<FullPageSpin />}>
        <ServerUnreachable reason={session.error.message} onRetry={() => void session.refetch()} />
      </Suspense>
    );
  }
  if (!session.data) {
    const next = location.pathname + location.search;
    return <Navigate to={`${loginPath}?next=${encodeURIComponent(next)}`} replace />;
  }
  return <>{children}</>;
}

/** Where to go after signing in: the remembered page if it belongs to this portal. */
export function nextPath(search: string, portalRoot: string): string {
  const next = new URLSearchParams(search).get('next');
  if (next && next.startsWith(portalRoot + '/') && !next.startsWith('//') && !next.includes('/login')) return next;
  return portalRoot;
}
