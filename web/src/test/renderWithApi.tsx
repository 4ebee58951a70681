import type { ReactElement } from 'react';
import { render } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp } from 'antd';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { ApiProvider } from '../api/ApiContext';
import type { DataProvider } from '../api/dataProvider';
import type { Portal } from '../api/types';

/** Renders `element` at `path` inside the providers a page expects, with a fake API. */
export function renderWithApi(
  element: ReactElement,
  { dataProvider, portal = 'admin', path = '/', routePath = path }: {
    dataProvider: DataProvider;
    portal?: Portal;
    path?: string;
    routePath?: string;
  },
) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const router = createMemoryRouter(
    [
      { path: routePath, element },
      { path: '*', element: <div>elsewhere</div> },
    ],
    { initialEntries: [path] },
  );
  return render(
    <QueryClientProvider client={queryClient}>
      <AntApp>
        <ApiProvider portal={portal} dataProvider={dataProvider}>
          <RouterProvider router={router} />
        </ApiProvider>
      </AntApp>
    </QueryClientProvider>,
  );
}
