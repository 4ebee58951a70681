// Makes one portal's data provider available to its pages. Each portal has its own HTTP
// client (X-Portal header, its own cookies), so a reseller can be signed in to the Admin
// Portal and, in another tab, act in the Customer Portal.
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { createDataProvider, type DataProvider } from './dataProvider';
import { createHttp } from './http';
import type { Portal } from './types';

interface ApiContextValue {
  portal: Portal;
  dataProvider: DataProvider;
}

const ApiContext = createContext<ApiContextValue | null>(null);

export const sessionKey = (portal: Portal) => ['session', portal] as const;

export function ApiProvider({
  portal,
  dataProvider,
  children,
}: {
  portal: Portal;
  /** Tests pass a fake; pages get the real one. */
  dataProvider?: DataProvider;
  children: ReactNode;
}) {
  const queryClient = useQueryClient();
  const value = useMemo<ApiContextValue>(() => {
    if (dataProvider) return { portal, dataProvider };
    const http = createHttp({
      portal,
      // A 401 anywhere means the session ended: forget it, and the guard shows the sign-in page.
      onUnauthorized: () => queryClient.setQueryData(sessionKey(portal), null),
    });
    return { portal, dataProvider: createDataProvider(http) };
  }, [portal, dataProvider, queryClient]);
  return <ApiContext.Provider value={value}>{children}</ApiContext.Provider>;
}

export function useApi(): ApiContextValue {
  const value = useContext(ApiContext);
  if (!value) throw new Error('useApi outside <ApiProvider>');
  return value;
}

export function useDataProvider(): DataProvider {
  return useApi().dataProvider;
}
