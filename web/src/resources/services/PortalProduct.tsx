// One product in the Customer Portal: its status and whether it is activated; when it is not,
// why not, and the activation request (kept by the server, shown as pending until support
// activates the product).
import { Alert, App, Button, Card, Descriptions, Form, Input, Typography } from 'antd';
import { Link } from 'react-router';
import type { Service } from '../../api/types';
import { ActivationTag } from '../../components/ActivationTag';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ProductStatusTag } from '../../components/StatusTag';
import { formatDate, formatDateTime } from '../../lib/format';
import { useServerFieldErrors } from '../../lib/useServerFieldErrors';
import { useRequestActivation } from './queries';

function ActivationForm({ service, title }: { service: Service; title: string }) {
  const request = useRequestActivation(service.client);
  const { message } = App.useApp();
  const [form] = Form.useForm<{ message?: string }>();
  const { remaining } = useServerFieldErrors(form, request.error, ['message']);
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={(v) =>
        request.mutate(
          { serviceId: service.id, message: (v.message ?? '').trim() },
          { onSuccess: () => message.success('Activation requested.') },
        )
      }
    >
      <Form.Item name="message" label="Message to support (optional)">
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={request.isPending}>
        Request activation
      </Button>
      {remaining ? (
        <div style={{ marginTop: 12 }}>
          <ErrorAlert error={remaining} />
        </div>
      ) : null}
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
        Support gets your request for {title} by e-mail and will get in touch with you.
      </Typography.Paragraph>
    </Form>
  );
}

export function PortalProduct({ service, title, canRequest }: { service: Service; title: string; canRequest: boolean }) {
  const pending = service.activation_request;
  return (
    <Card title="Status" size="small" data-testid="product-state">
      <Descriptions
        column={1}
        size="small"
        items={[
          { key: 'status', label: 'Status', children: <ProductStatusTag status={service.status} /> },
          { key: 'activation', label: 'Activation', children: <ActivationTag service={service} /> },
          ...(service.trial_end && (service.status === 'trial' || service.status === 'trialend')
            ? [{ key: 'trial_end', label: 'Trial ends', children: formatDate(service.trial_end) }]
            : []),
          ...(service.deleted_date ? [{ key: 'deleted', label: 'Deleted on', children: formatDate(service.deleted_date) }] : []),
        ]}
      />
      <div style={{ marginTop: 12 }}>
        {service.activation === 'activated' ? (
          <Typography.Text type="secondary">{title} is activated: you can use it.</Typography.Text>
        ) : service.activation === 'deletion_pending' ? (
          <Alert
            type="warning"
            showIcon
            message={`${title} is stopped: your account is scheduled for deletion.`}
            description={
              <>
                Every product stopped when the deletion was requested; see <Link to="/portal/profile">Profile</Link>. If support
                cancels the deletion, what was activated before works again.
              </>
            }
          />
        ) : service.activation === 'requested' && pending ? (
          <Alert
            type="info"
            showIcon
            message="Activation requested"
            description={
              <>
                {pending.requested_by_email} asked for {title} on {formatDateTime(pending.requested_at)}. Support will get in
                touch with you.
                {pending.message ? (
                  <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', whiteSpace: 'pre-wrap' }}>
                    “{pending.message}”
                  </Typography.Paragraph>
                ) : null}
              </>
            }
          />
        ) : (
          <>
            <Typography.Paragraph>{title} is not activated for your account yet.</Typography.Paragraph>
            {canRequest ? (
              <ActivationForm service={service} title={title} />
            ) : (
              <Typography.Text type="secondary">Ask an Administrator or Engineer of your account to request it.</Typography.Text>
            )}
          </>
        )}
      </div>
    </Card>
  );
}
