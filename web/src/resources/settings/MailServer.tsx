// The organisation's own mail server, and a test e-mail that shows the server's answer.
import { useState } from 'react';
import { Alert, App, Button, Card, Flex, Form, Input, InputNumber, Select, Typography } from 'antd';
import type { MailSecurity, VendorSettings } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { errorsFor } from './fieldErrors';
import { useSendTestEmail, useUpdateVendorSettings } from './queries';

interface Values {
  host: string;
  port: number | null;
  security: MailSecurity;
  login: string;
  password: string;
}
const FIELDS: (keyof Values)[] = ['host', 'port', 'security', 'login', 'password'];

export function MailServer({ settings }: { settings: VendorSettings }) {
  const mail = settings.privateSettings.mailServer;
  const save = useUpdateVendorSettings();
  const test = useSendTestEmail();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [to, setTo] = useState('');
  const [removePassword, setRemovePassword] = useState(false);
  const fieldHelp = (f: keyof Values) => {
    const errs = errorsFor(save.error, f);
    return errs.length ? { validateStatus: 'error' as const, help: errs.join(' ') } : {};
  };
  const onFields = FIELDS.some((f) => errorsFor(save.error, f).length > 0);

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
          <Form.Item name="host" label="Host" {...fieldHelp('host')}>
            <Input placeholder="smtp.example.com" />
          </Form.Item>
          <Form.Item name="port" label="Port" {...fieldHelp('port')}>
            <InputNumber min={1} max={65535} precision={0} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="security" label="Security" {...fieldHelp('security')}>
            <Select
              style={{ width: 200 }}
              options={[
                { value: 'none', label: 'None' },
                { value: 'starttls', label: 'STARTTLS' },
                { value: 'tls', label: 'TLS' },
              ]}
            />
          </Form.Item>
          <Form.Item name="login" label="Login" {...fieldHelp('login')}>
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item
            name="password"
            label="Password"
            extra={mail.has_password ? 'A password is set. Leave empty to keep it.' : 'No password is set.'}
            {...fieldHelp('password')}
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
          {save.error && !onFields && (
            <div style={{ marginTop: 12 }}>
              <ErrorAlert error={save.error} />
            </div>
          )}
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
          <Button loading={test.isPending} disabled={!to.trim()} onClick={() => test.mutate(to.trim())}>
            Send test email
          </Button>
        </Flex>
        <div style={{ marginTop: 12 }}>
          {test.isSuccess && <Alert type="success" showIcon message={`The mail server accepted it (${test.data.status}).`} />}
          {test.error && <ErrorAlert error={test.error} title="The test e-mail was not sent" />}
          {!test.isSuccess && !test.error && (
            <Typography.Text type="secondary">Sends at once through the saved settings and shows the server’s answer.</Typography.Text>
          )}
        </div>
      </Card>
    </Flex>
  );
}
