// "Account profile" in the Customer Portal: ask for the account to be deleted (Administrators),
// or see that a deletion is pending.
import { useState } from 'react';
import { Alert, App, Button, Card, Modal, Skeleton, Typography } from 'antd';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime } from '../../lib/format';
import { useMyDeletionRequest, useRequestMyDeletion } from './queries';

export function AccountDeletionCard({ canDelete }: { canDelete: boolean }) {
  const pending = useMyDeletionRequest();
  const request = useRequestMyDeletion();
  const { message } = App.useApp();
  const [confirming, setConfirming] = useState(false);

  return (
    <Card title="Account profile">
      {pending.isError ? (
        <ErrorAlert error={pending.error} onRetry={() => pending.refetch()} />
      ) : pending.isLoading ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : pending.data ? (
        <Alert
          type="warning"
          showIcon
          message="Your account is scheduled for deletion"
          description={`Requested by ${pending.data.requested_by_email} on ${formatDateTime(pending.data.requested_at)}. The account will be deleted on ${formatDateTime(pending.data.deletion_date)} unless support cancels the request.`}
        />
      ) : canDelete ? (
        <>
          <Typography.Paragraph>
            Deleting your account stops every product at once; after a grace period the account and its data are deleted.
          </Typography.Paragraph>
          <Button danger onClick={() => setConfirming(true)}>
            Delete account
          </Button>
          {request.error && <div style={{ marginTop: 12 }}><ErrorAlert error={request.error} /></div>}
        </>
      ) : (
        <Typography.Text type="secondary">Only Administrators of the account can delete it.</Typography.Text>
      )}
      <Modal
        open={confirming}
        title="Delete your account?"
        okText="Delete account"
        okButtonProps={{ danger: true }}
        confirmLoading={request.isPending}
        onCancel={() => setConfirming(false)}
        onOk={() =>
          request.mutate(undefined, {
            onSuccess: () => {
              setConfirming(false);
              message.success('Your account is scheduled for deletion.');
            },
            onError: () => setConfirming(false),
          })
        }
      >
        Every product of your account stops now, and the account is deleted when the grace period ends.
      </Modal>
    </Card>
  );
}
