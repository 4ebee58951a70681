// Help: how products, activation and the account's pages work, and what to tell support.
import { Link } from 'react-router';
import { Card, Descriptions, Typography } from 'antd';
import type { ProductStatus } from '../../api/types';
import { productStatusLabel } from '../../components/StatusTag';
import { usePortalAccount } from '../account';
import { PortalPage } from '../PortalPage';

const { Paragraph, Text } = Typography;

const STATUSES: [ProductStatus, string][] = [
  ['new', 'Not started yet.'],
  ['trial', 'You are trying the product; its page shows when the trial ends.'],
  ['trialend', 'The trial is over and the product’s resources are suspended.'],
  ['active', 'You use the product under your contract.'],
  ['paused', 'The product is suspended for a while.'],
  ['deleted', 'The product and its resources were removed.'],
];

export default function PortalHelp() {
  const { user, canRequest } = usePortalAccount();
  return (
    <PortalPage title="Help">
      <Card title="Contacting support" size="small">
        <Paragraph>Name your company and account number, so support finds your account at once.</Paragraph>
        <Descriptions
          column={1}
          size="small"
          items={[
            { key: 'company', label: 'Company', children: <span className="one-line" title={user.company}>{user.company || '—'}</span> },
            { key: 'account', label: 'Account', children: user.client ? `#${user.client}` : '—' },
          ]}
        />
      </Card>
      <Card title="Products" size="small">
        <Paragraph>
          Each product your provider offers you has a page in the menu. A product can be used once it is <Text strong>activated</Text>;
          until then its page {canRequest ? 'lets you request activation' : 'lets Administrators and Engineers request activation'}, and
          the request stays visible there as pending until support activates the product.
        </Paragraph>
        <Descriptions
          column={1}
          size="small"
          items={STATUSES.map(([status, text]) => ({ key: status, label: productStatusLabel(status), children: text }))}
        />
      </Card>
      <Card title="Your account" size="small">
        <Paragraph>
          <Link to="/portal/users">Users</Link>: the people of your account; Administrators invite others and choose their group.
        </Paragraph>
        {canRequest && (
          <Paragraph>
            <Link to="/portal/api-tokens">API tokens</Link>: keys for scripts, shown once when they are made.
          </Paragraph>
        )}
        <Paragraph style={{ marginBottom: 0 }}>
          <Link to="/portal/profile">Profile</Link>: your name, language and password, and the deletion of the account.
          Forgot your password? Sign out and choose “Forgot password?” on the sign-in page.
        </Paragraph>
      </Card>
    </PortalPage>
  );
}
