// The Customer Portal's menu: the overview, a page per visible product, then the account's
// pages as the person's group allows them. Each entry is a route.
import type { ReactNode } from 'react';
import {
  AppstoreOutlined,
  HomeOutlined,
  KeyOutlined,
  QuestionCircleOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { productSlug, productTitle, type PortalAccount } from './account';

export interface PortalNavItem {
  key: string;
  label: string;
  path: string;
  icon: ReactNode;
}

export interface PortalNav {
  products: PortalNavItem[];
  pages: PortalNavItem[];
}

export const OVERVIEW: PortalNavItem = { key: 'overview', label: 'Overview', path: '/portal', icon: <HomeOutlined /> };

export function portalNav(account: Pick<PortalAccount, 'clientId' | 'canRequest' | 'products'>): PortalNav {
  const products = (account.products ?? []).map((s) => ({
    key: `product-${productSlug(s)}`,
    label: productTitle(s),
    path: `/portal/products/${productSlug(s)}`,
    icon: <AppstoreOutlined />,
  }));
  const pages: PortalNavItem[] = [
    ...(account.clientId ? [{ key: 'users', label: 'Users', path: '/portal/users', icon: <TeamOutlined /> }] : []),
    ...(account.clientId && account.canRequest
      ? [{ key: 'api-tokens', label: 'API tokens', path: '/portal/api-tokens', icon: <KeyOutlined /> }]
      : []),
    { key: 'profile', label: 'Profile', path: '/portal/profile', icon: <UserOutlined /> },
    { key: 'help', label: 'Help', path: '/portal/help', icon: <QuestionCircleOutlined /> },
  ];
  return { products, pages };
}

/** The menu entry a path belongs to. */
export function activePortalKey(pathname: string, nav: PortalNav): string | undefined {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === OVERVIEW.path) return OVERVIEW.key;
  return [...nav.products, ...nav.pages].find((i) => path === i.path || path.startsWith(i.path + '/'))?.key;
}

/** Where the former tabs (`/portal?tab=users`, `?tab=product-cdn`) live now. */
export function pathOfTab(tab: string | null): string | null {
  if (!tab) return null;
  if (tab.startsWith('product-')) return `/portal/products/${encodeURIComponent(tab.slice('product-'.length))}`;
  const pages: Record<string, string> = { users: '/portal/users', tokens: '/portal/api-tokens', profile: '/portal/profile' };
  return pages[tab] ?? null;
}
