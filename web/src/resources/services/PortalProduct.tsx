// One product in the Customer Portal: its status when activated, else an activation request.
import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Form, Input, Typography } from 'antd';
import type { Service } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ProductStatusTag } from '../../components/StatusTag';
import { formatDate } from '../../lib/format';
import { useServerFieldErrors } from '../../lib/useServerFieldErrors';
import { useRequestActivation } from './queries';

export function PortalProduct({ service, canRequest }: { service: Service; canRequest: boolean }) {
  const request = useRequestActivation(service.client);
  const { message } = App.useApp();
  const [sent, setSent] = useState(false);
  const title = service.title || service.name;
  const [form] = Form.useForm<{ message?: string }>();
  const { remaining } = useServerFieldErrors(form, request.error, ['message']);

  if (service.enabled) {
    return (
      <Card title={title}>
        <Descriptions
          column={1}
          size="small"
          items={[
            { key: 'status', label: 'Status', children: <ProductStatusTag status={service.status} /> },
            ...(service.trial_end && (service.status === 'trial' || service.status === 'trialend')
              ? [{ key: 'trial_end', label: 'Trial ends', children: formatDate(service.trial_end) }]
              : []),
            ...(service.deleted_date ? [{ key: 'deleted', label: 'Deleted on', children: formatDate(service.deleted_date) }] : []),
          ]}
        />
      </Card>
    );
  }
  return (
    <Card title={title}>
      <Typography.Paragraph>{title} is not activated for your account.</Typography.Paragraph>
      {sent ? (
        <Alert type="success" showIcon message="Your request was sent. Support will get in touch with you." />
      ) : canRequest ? (
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) =>
            request.mutate(
              { serviceId: service.id, message: (v.message ?? '').trim() },
              {
                onSuccess: () => {
                  setSent(true);
                  message.success('Activation requested.');
                },
              },
            )
          }
        >
          <Form.Item name="message" label="Message to support (optional)">
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={request.isPending}>
            Request activation
          </Button>
          {remaining ? <div style={{ marginTop: 12 }}><ErrorAlert error={remaining} /></div> : null}
        </Form>
      ) : (
        <Typography.Text type="secondary">Ask an administrator of your account to request it.</Typography.Text>
      )}
    </Card>
  );
}
