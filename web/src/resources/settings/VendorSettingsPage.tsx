// Vendor settings (resellers only): default product visibility, alert addresses, mail server
// and branding.
import type { ReactNode } from 'react';
import { Result, Skeleton, Tabs } from 'antd';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { Branding } from './Branding';
import { DefaultVisibility } from './DefaultVisibility';
import { MailServer } from './MailServer';
import { NotificationSettings } from './NotificationSettings';
import { useVendorSettings } from './queries';

export default function VendorSettingsPage() {
  const session = useSession().data;
  const settings = useVendorSettings();
  if (session && session.user.user_type !== 'reseller') {
    return <Result status="403" title="Vendor settings" subTitle="Only the organisation’s reseller changes these." />;
  }
  const needsSettings = (node: (s: NonNullable<typeof settings.data>) => ReactNode) =>
    settings.isError ? (
      <ErrorAlert error={settings.error} onRetry={() => settings.refetch()} />
    ) : settings.data ? (
      node(settings.data)
    ) : (
      <Skeleton active paragraph={{ rows: 6 }} />
    );
  return (
    <>
      <PageHeader title="Vendor settings" />
      <Tabs
        items={[
          { key: 'visibility', label: 'Product visibility', children: <DefaultVisibility /> },
          {
            key: 'notifications',
            label: 'Notifications',
            children: session ? <NotificationSettings resellerId={session.reseller_id} /> : null,
          },
          { key: 'mail', label: 'Mail server', children: needsSettings((s) => <MailServer settings={s} />) },
          { key: 'branding', label: 'Branding', children: needsSettings((s) => <Branding settings={s} />) },
        ]}
      />
    </>
  );
}
