// The organisation's own mail server, and a test e-mail that reports how it went.
import { useState } from 'react';
import { Alert, App, Button, Card, Flex, Form, Input, InputNumber, Select, Typography } from 'antd';
import type { MailSecurity, TestEmail, VendorSettings } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useServerFieldErrors } from '../../lib/useServerFieldErrors';
import { useSendTestEmail, useTestEmail, useUpdateVendorSettings } from './queries';

interface Values {
  host: string;
  port: number | null;
  security: MailSecurity;
  login: string;
  password: string;
}
const FIELDS: (keyof Values)[] = ['host', 'port', 'security', 'login', 'password'];
/** The API calls the security `mailServer.tls`. */
const ALIASES = { tls: 'security' } as const;

export function MailServer({ settings }: { settings: VendorSettings }) {
  const mail = settings.privateSettings.mailServer;
  const save = useUpdateVendorSettings();
  const test = useSendTestEmail();
  const result = useTestEmail(test.data?.id);
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [to, setTo] = useState('');
  const [removePassword, setRemovePassword] = useState(false);
  const { remaining } = useServerFieldErrors(form, save.error, FIELDS, ALIASES);

  return (
    <Flex vertical gap={16} style={{ maxWidth: 640 }}>
      <Card title="Mail server" size="small">
        <Form
          form={form}
          layout="vertical"
          initialValues={{ host: mail.host, port: mail.port, security: mail.security, login: mail.login, password: '' }}
          onFinish={(v) =>
            save.mutate(
              {
                privateSettings: {
                  mailServer: {
                    host: v.host.trim(),
                    port: v.port,
                    security: v.security,
                    login: v.login.trim(),
                    ...(removePassword ? { password: '' } : v.password ? { password: v.password } : {}),
                  },
                },
              },
              {
                onSuccess: () => {
                  form.setFieldValue('password', '');
                  setRemovePassword(false);
                  message.success('Mail server saved.');
                },
              },
            )
          }
        >
          <Form.Item name="host" label="Host">
            <Input placeholder="smtp.example.com" />
          </Form.Item>
          <Form.Item name="port" label="Port">
            <InputNumber min={1} max={65535} precision={0} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="security" label="Security">
            <Select
              style={{ width: 200 }}
              options={[
                { value: 'none', label: 'None' },
                { value: 'starttls', label: 'STARTTLS' },
                { value: 'tls', label: 'TLS' },
              ]}
            />
          </Form.Item>
          <Form.Item name="login" label="Login">
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item
            name="password"
            label="Password"
            extra={mail.has_password ? 'A password is set. Leave empty to keep it.' : 'No password is set.'}
          >
            <Input.Password autoComplete="new-password" disabled={removePassword} />
          </Form.Item>
          {mail.has_password && (
            <Form.Item>
              <Button size="small" onClick={() => setRemovePassword((r) => !r)}>
                {removePassword ? 'Keep the password' : 'Remove the password on save'}
              </Button>
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            Save mail server
          </Button>
          {remaining ? (
            <div style={{ marginTop: 12 }}>
              <ErrorAlert error={remaining} />
            </div>
          ) : null}
        </Form>
      </Card>
      <Card title="Send test email" size="small">
        <Flex gap={8} wrap>
          <Input
            aria-label="Test e-mail address"
            placeholder="you@example.com"
            style={{ width: 280 }}
            value={to}
            onChange={(e) => setTo(e.target.value)}
          />
          <Button
            loading={test.isPending || result.data?.status === 'sending'}
            disabled={!to.trim()}
            onClick={() => test.mutate(to.trim())}
          >
            Send test email
          </Button>
        </Flex>
        <div style={{ marginTop: 12 }}>
          <TestEmailOutcome started={test.data} current={result.data} startError={test.error} pollError={result.error} />
        </div>
      </Card>
    </Flex>
  );
}

/** Where the last test e-mail stands: being sent, accepted, or why it was not sent. */
function TestEmailOutcome({
  started,
  current,
  startError,
  pollError,
}: {
  started: TestEmail | undefined;
  current: TestEmail | undefined;
  startError: unknown;
  pollError: unknown;
}) {
  if (startError) return <ErrorAlert error={startError} title="The test e-mail was not sent" />;
  if (pollError) return <ErrorAlert error={pollError} />;
  const t = current ?? started;
  if (!t) {
    return (
      <Typography.Text type="secondary">
        Sends through the saved settings in the background (at most 15 seconds) and tells how it went.
      </Typography.Text>
    );
  }
  if (t.status === 'sending') return <Alert type="info" showIcon message={`Sending to ${t.email}…`} />;
  if (t.status === 'sent') return <Alert type="success" showIcon message={`The mail server accepted the test e-mail to ${t.email}.`} />;
  const code = t.smtp_code ? ` (SMTP ${t.smtp_code})` : '';
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      message="The test e-mail was not sent"
      description={`${t.message ?? 'Sending failed.'}${code}`}
    />
  );
}
