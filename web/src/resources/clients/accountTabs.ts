// The tabs of an account page, in order. Each is a child route of /admin/accounts/:id; a tab
// appears only once its page exists.
export interface AccountTab {
  key: string;
  label: string;
  /** Relative to the account's path; '' is the index. */
  path: string;
}

export const ACCOUNT_TABS: readonly AccountTab[] = [
  { key: 'edit', label: 'Edit account', path: '' },
  { key: 'products', label: 'Products', path: 'products' },
  { key: 'users', label: 'Users', path: 'users' },
  { key: 'activity', label: 'Activity', path: 'activity' },
  { key: 'status-history', label: 'Status history', path: 'status-history' },
  { key: 'lifecycle', label: 'Lifecycle', path: 'lifecycle' },
  { key: 'delete', label: 'Delete account', path: 'delete' },
];

export function activeTab(pathname: string, accountPath: string): string {
  const rest = pathname.slice(accountPath.length).replace(/^\/+/, '').split('/')[0] ?? '';
  return ACCOUNT_TABS.find((t) => t.path === rest)?.key ?? 'edit';
}
