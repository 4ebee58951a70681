// The "Delete account" tab: the pending request (cancel it, with a note), the history, and
// deleting the account at once after a confirmation.
import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Flex, Input, Modal, Skeleton, Table, Tag, Typography } from 'antd';
import type { DeletionRequest } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime } from '../../lib/format';
import { useAccount } from '../clients/accountContext';
import { useCancelDeletion, useDeleteAccount, useDeletionRequests } from './queries';

const STATE: Record<DeletionRequest['state'], { label: string; color: string }> = {
  pending: { label: 'Pending', color: 'orange' },
  cancelled: { label: 'Cancelled', color: 'default' },
  completed: { label: 'Completed', color: 'red' },
};

export default function ClientDeletion() {
  const { client } = useAccount();
  const requests = useDeletionRequests(client.id, { fresh: true });
  const cancel = useCancelDeletion(client.id);
  const remove = useDeleteAccount(client.id);
  const { message } = App.useApp();
  const [note, setNote] = useState('');
  const [confirming, setConfirming] = useState(false);

  if (client.client_type === 'reseller') {
    return <Alert type="info" showIcon message="This is your organisation’s own account; it can’t be deleted here." />;
  }
  if (requests.isError) return <ErrorAlert error={requests.error} onRetry={() => requests.refetch()} />;
  if (!requests.data) return <Skeleton active paragraph={{ rows: 5 }} />;
  const { current, history } = requests.data;

  return (
    <Flex vertical gap={16} style={{ maxWidth: 960 }}>
      <Card title="Current deletion request" size="small">
        {current ? (
          <Flex vertical gap={12}>
            <Descriptions
              size="small"
              column={1}
              items={[
                { key: 'by', label: 'Requested by', children: current.requested_by_email },
                { key: 'at', label: 'Requested at', children: formatDateTime(current.requested_at) },
                { key: 'date', label: 'Deletion date', children: formatDateTime(current.deletion_date) },
              ]}
            />
            <label htmlFor="cancel-note">Note (optional)</label>
            <Input.TextArea
              id="cancel-note"
              value={note}
              maxLength={2000}
              rows={2}
              onChange={(e) => setNote(e.target.value)}
              placeholder="Why the deletion is cancelled"
            />
            <div>
              <Button
                type="primary"
                loading={cancel.isPending}
                onClick={() =>
                  cancel.mutate(note.trim(), {
                    onSuccess: () => {
                      setNote('');
                      message.success('The deletion request is cancelled.');
                    },
                  })
                }
              >
                Cancel the deletion request
              </Button>
            </div>
            {cancel.error && <ErrorAlert error={cancel.error} />}
          </Flex>
        ) : (
          <Typography.Text type="secondary">No deletion request is pending.</Typography.Text>
        )}
      </Card>

      <Card title="Delete account" size="small">
        {client.deleted ? (
          <Typography.Text>This account is deleted{client.deleted_at ? ` (${formatDateTime(client.deleted_at)})` : ''}.</Typography.Text>
        ) : (
          <Flex vertical gap={8} align="start">
            <Typography.Text>
              Deleting the account deletes every product, ends its people’s sessions and revokes their API tokens. It can’t
              be undone.
            </Typography.Text>
            <Button danger onClick={() => setConfirming(true)}>
              Delete account
            </Button>
            {remove.error && <ErrorAlert error={remove.error} />}
          </Flex>
        )}
      </Card>

      <Card title="History" size="small">
        <Table<DeletionRequest>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={history}
          locale={{ emptyText: 'This account has never had a deletion request.' }}
          columns={[
            { title: 'Requested', key: 'at', render: (_, r) => formatDateTime(r.requested_at) },
            { title: 'By', dataIndex: 'requested_by_email' },
            {
              title: 'State',
              key: 'state',
              render: (_, r) => <Tag color={STATE[r.state].color}>{STATE[r.state].label}</Tag>,
            },
            { title: 'Closed', key: 'closed', render: (_, r) => formatDateTime(r.closed_at) },
            { title: 'Closed by', key: 'closed_by', render: (_, r) => r.closed_by_email ?? '—' },
            { title: 'Note', key: 'note', render: (_, r) => r.note || '—' },
          ]}
        />
      </Card>

      <Modal
        open={confirming}
        title={`Delete ${client.companyName}?`}
        okText="Delete account"
        okButtonProps={{ danger: true }}
        confirmLoading={remove.isPending}
        onCancel={() => setConfirming(false)}
        onOk={() =>
          remove.mutate(undefined, {
            onSuccess: () => {
              setConfirming(false);
              message.success('The account is deleted.');
            },
            onError: () => setConfirming(false),
          })
        }
      >
        <Typography.Paragraph>
          Account #{client.id} ({client.email}) and every product of it will be deleted at once. This can’t be undone.
        </Typography.Paragraph>
      </Modal>
    </Flex>
  );
}
