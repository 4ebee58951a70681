// The addresses that get the organisation's alert e-mails.
import { useState } from 'react';
import { App, Button, Flex, Form, Input, Popconfirm, Select, Switch, Table } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { NotificationSetting, NotificationType } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useServerFieldErrors } from '../../lib/useServerFieldErrors';
import { useDeleteNotificationSetting, useNotificationSettings, useSaveNotificationSetting } from './queries';

const TYPES: { value: NotificationType; label: string }[] = [
  { value: 'deletion_request', label: 'Deletion requests' },
  { value: 'failed_login', label: 'Failed sign-ins' },
];
const typeLabel = (t: NotificationType) => TYPES.find((x) => x.value === t)?.label ?? t;

export function NotificationSettings({ resellerId }: { resellerId: number }) {
  const list = useNotificationSettings(resellerId);
  const add = useSaveNotificationSetting(resellerId);
  const toggle = useSaveNotificationSetting(resellerId);
  const remove = useDeleteNotificationSetting(resellerId);
  const { message } = App.useApp();
  const [form] = Form.useForm<{ notification_type: NotificationType; email: string }>();
  const [type, setType] = useState<NotificationType>('deletion_request');
  const addErrors = useServerFieldErrors(form, add.error, ['notification_type', 'email']);

  if (list.isError) return <ErrorAlert error={list.error} onRetry={() => list.refetch()} />;

  return (
    <Flex vertical gap={16} style={{ maxWidth: 800 }}>
      <Form
        form={form}
        layout="inline"
        initialValues={{ notification_type: type }}
        onFinish={(v) =>
          add.mutate(
            { id: null, body: { notification_type: v.notification_type, email: v.email.trim(), enabled: true } },
            {
              onSuccess: () => {
                form.resetFields(['email']);
                message.success('Address added.');
              },
            },
          )
        }
      >
        <Form.Item name="notification_type" label="Alert">
          <Select style={{ width: 180 }} options={TYPES} onChange={setType} />
        </Form.Item>
        <Form.Item
          name="email"
          label="E-mail"
          rules={[{ required: true, type: 'email', message: 'Enter a valid e-mail.' }]}
        >
          <Input style={{ width: 260 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={add.isPending}>
          Add address
        </Button>
      </Form>
      <ErrorAlert error={addErrors.remaining} />
      {(toggle.error || remove.error) && <ErrorAlert error={toggle.error ?? remove.error} />}
      <Table<NotificationSetting>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data ?? []}
        pagination={false}
        locale={{ emptyText: 'No alert addresses yet.' }}
        columns={[
          { title: 'Alert', key: 'type', render: (_, n) => typeLabel(n.notification_type) },
          { title: 'E-mail', dataIndex: 'email' },
          {
            title: 'Enabled',
            key: 'enabled',
            render: (_, n) => (
              <Switch
                checked={n.enabled}
                aria-label={`Alerts to ${n.email} enabled`}
                loading={toggle.isPending && toggle.variables?.id === n.id}
                onChange={(enabled) =>
                  toggle.mutate({ id: n.id, body: { notification_type: n.notification_type, email: n.email, enabled } })
                }
              />
            ),
          },
          {
            title: 'Actions',
            key: 'actions',
            render: (_, n) => (
              <Popconfirm
                title={`Stop sending alerts to ${n.email}?`}
                okText="Delete"
                okButtonProps={{ danger: true }}
                onConfirm={() => remove.mutateAsync(n.id).then(() => message.success('Address deleted.')).catch(() => undefined)}
              >
                <Button size="small" danger>
                  Delete
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
    </Flex>
  );
}
