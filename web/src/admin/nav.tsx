// The Admin Portal's sections. A section appears only when it is built and the signed-in
// role may use it, so nobody meets a dead link.
import type { ReactNode } from 'react';
import { DashboardOutlined, FieldTimeOutlined, HistoryOutlined, SettingOutlined, SolutionOutlined, TeamOutlined } from '@ant-design/icons';
import type { UserType } from '../api/types';

export interface NavItem {
  key: string;
  label: string;
  path: string;
  icon: ReactNode;
  roles: readonly UserType[];
}

export const ADMIN_NAV: readonly NavItem[] = [
  { key: 'overview', label: 'Overview', path: '/admin/overview', icon: <DashboardOutlined />, roles: ['reseller', 'seller'] },
  { key: 'accounts', label: 'Accounts', path: '/admin/accounts', icon: <TeamOutlined />, roles: ['reseller', 'seller'] },
  { key: 'sellers', label: 'Sellers', path: '/admin/sellers', icon: <SolutionOutlined />, roles: ['reseller'] },
  { key: 'settings', label: 'Vendor settings', path: '/admin/settings', icon: <SettingOutlined />, roles: ['reseller'] },
  { key: 'activity', label: 'Activity logs', path: '/admin/activity', icon: <HistoryOutlined />, roles: ['reseller', 'seller'] },
  { key: 'status-history', label: 'Status history', path: '/admin/status-history', icon: <FieldTimeOutlined />, roles: ['reseller', 'seller'] },
];

export function navFor(role: UserType): NavItem[] {
  return ADMIN_NAV.filter((item) => item.roles.includes(role));
}

/** The nav item a path belongs to (its section). */
export function activeNavKey(pathname: string): string | undefined {
  return ADMIN_NAV.find((item) => pathname === item.path || pathname.startsWith(item.path + '/'))?.key;
}
