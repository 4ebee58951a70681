// The Customer Portal's pages, inside its layout (portal/PortalLayout.tsx). One chunk each.
import { lazy } from 'react';
import type { RouteObject } from 'react-router';

const PortalHome = lazy(() => import('./pages/PortalHome'));
const PortalProductPage = lazy(() => import('./pages/PortalProductPage'));
const PortalUsersPage = lazy(() => import('./pages/PortalUsersPage'));
const PortalTokensPage = lazy(() => import('./pages/PortalTokensPage'));
const PortalProfilePage = lazy(() => import('./pages/PortalProfilePage'));
const PortalHelp = lazy(() => import('./pages/PortalHelp'));
const NotFound = lazy(() => import('../components/NotFound').then((m) => ({ default: m.NotFound })));

export const portalPages: RouteObject[] = [
  { index: true, element: <PortalHome /> },
  { path: 'products/:product', element: <PortalProductPage /> },
  { path: 'users', element: <PortalUsersPage /> },
  { path: 'api-tokens', element: <PortalTokensPage /> },
  { path: 'profile', element: <PortalProfilePage /> },
  { path: 'help', element: <PortalHelp /> },
  { path: '*', element: <NotFound home="/portal" /> },
];
