import { Alert } from 'antd';
import type { Session } from '../api/types';

/** Shown while a reseller or seller acts as the customer: the staff member is the one acting,
 *  the customer the one acted for. */
export function ActingBanner({ session }: { session: Session }) {
  if (!session.acting_user) return null;
  const { user } = session;
  const customer = user.company ? `${user.email} (${user.company})` : user.email;
  return (
    <Alert
      type="warning"
      showIcon
      role="status"
      className="acting-banner"
      message={`You (${session.acting_user.email}) are acting on behalf of ${customer}.`}
      description="Everything you do here is recorded under your own name."
    />
  );
}
