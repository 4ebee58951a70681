// The route table of both portals. Pages are loaded on demand (one chunk each).
import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, Outlet, type RouteObject } from 'react-router';
import { ApiProvider } from './api/ApiContext';
import type { Portal } from './api/types';
import { RequireSession } from './auth/RequireSession';
import { FullPageSpin } from './components/FullPageSpin';
import { portalPages } from './portal/routes';

const SignInPage = lazy(() => import('./auth/SignInPage'));
const AdminLayout = lazy(() => import('./admin/AdminLayout'));
const ClientList = lazy(() => import('./resources/clients/ClientList'));
const ClientCreate = lazy(() => import('./resources/clients/ClientCreate'));
const ClientPage = lazy(() => import('./resources/clients/ClientPage'));
const ClientEdit = lazy(() => import('./resources/clients/ClientEdit'));
const ClientActivity = lazy(() => import('./resources/clients/ClientActivity'));
const ClientProducts = lazy(() => import('./resources/services/ClientProducts'));
const ClientUsers = lazy(() => import('./resources/users/ClientUsers'));
const ClientDeletion = lazy(() => import('./resources/deletion_requests/ClientDeletion'));
const OverviewPage = lazy(() => import('./resources/lifecycle/OverviewPage'));
const ClientLifecycle = lazy(() => import('./resources/lifecycle/ClientLifecycle'));
const SellerList = lazy(() => import('./resources/sellers/SellerList'));
const VendorSettingsPage = lazy(() => import('./resources/settings/VendorSettingsPage'));
const ActivityList = lazy(() => import('./resources/activity/ActivityList'));
const ClientStatusHistory = lazy(() => import('./resources/status_changes/ClientStatusHistory'));
const StatusHistoryList = lazy(() => import('./resources/status_changes/StatusHistoryList'));
const ImportAccounts = lazy(() => import('./resources/clients/ImportAccounts'));
const ForgotPassword = lazy(() => import('./auth/PasswordPages').then((m) => ({ default: m.ForgotPasswordRoute })));
const AcceptInvitation = lazy(() => import('./auth/PasswordPages').then((m) => ({ default: m.AcceptInvitationRoute })));
const ResetPassword = lazy(() => import('./auth/PasswordPages').then((m) => ({ default: m.ResetPasswordRoute })));
const PortalLayout = lazy(() => import('./portal/PortalLayout'));
const NotFound = lazy(() => import('./components/NotFound').then((m) => ({ default: m.NotFound })));
// Only signed-in pages get Ant Design's App (see components/AntApp.tsx).
const AntApp = lazy(() => import('./components/AntApp'));

function PortalRoot({ portal }: { portal: Portal }) {
  return (
    <ApiProvider portal={portal}>
      <Suspense fallback={<FullPageSpin />}>
        <Outlet />
      </Suspense>
    </ApiProvider>
  );
}

function Guard({ loginPath, children }: { loginPath: string; children: ReactNode }) {
  return (
    <RequireSession loginPath={loginPath}>
      <AntApp>{children}</AntApp>
    </RequireSession>
  );
}

export const routes: RouteObject[] = [
  { path: '/', element: <Navigate to="/admin" replace /> },
  {
    path: '/admin',
    element: <PortalRoot portal="admin" />,
    children: [
      { path: 'login', element: <SignInPage /> },
      { path: 'forgot-password', element: <ForgotPassword /> },
      { path: 'accept-invitation', element: <AcceptInvitation /> },
      { path: 'reset-password', element: <ResetPassword /> },
      {
        element: (
          <Guard loginPath="/admin/login">
            <AdminLayout />
          </Guard>
        ),
        children: [
          { index: true, element: <Navigate to="/admin/overview" replace /> },
          { path: 'overview', element: <OverviewPage /> },
          { path: 'accounts', element: <ClientList /> },
          { path: 'accounts/new', element: <ClientCreate /> },
          { path: 'accounts/import', element: <ImportAccounts /> },
          {
            path: 'accounts/:id',
            element: <ClientPage />,
            children: [
              { index: true, element: <ClientEdit /> },
              { path: 'products', element: <ClientProducts /> },
              { path: 'users', element: <ClientUsers /> },
              { path: 'activity', element: <ClientActivity /> },
              { path: 'status-history', element: <ClientStatusHistory /> },
              { path: 'lifecycle', element: <ClientLifecycle /> },
              { path: 'delete', element: <ClientDeletion /> },
            ],
          },
          { path: 'activity', element: <ActivityList /> },
          { path: 'status-history', element: <StatusHistoryList /> },
          { path: 'sellers', element: <SellerList /> },
          { path: 'settings', element: <VendorSettingsPage /> },
          { path: '*', element: <NotFound /> },
        ],
      },
    ],
  },
  {
    path: '/portal',
    element: <PortalRoot portal="customer" />,
    children: [
      { path: 'login', element: <SignInPage /> },
      { path: 'forgot-password', element: <ForgotPassword /> },
      { path: 'accept-invitation', element: <AcceptInvitation /> },
      { path: 'reset-password', element: <ResetPassword /> },
      {
        element: (
          <Guard loginPath="/portal/login">
            <PortalLayout />
          </Guard>
        ),
        children: portalPages,
      },
    ],
  },
  { path: '*', element: <NotFound /> },
];
