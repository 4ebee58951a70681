// Pages reached without a session: "Forgot password?" and the links e-mailed to people
// (accept an invitation, reset a password), for both portals.
import { useState, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Form, Input, Result, Typography } from 'antd';
import { useApi } from '../api/ApiContext';
import { Brand } from '../components/Brand';
import { ErrorAlert } from '../components/ErrorAlert';
import { useServerFieldErrors } from '../lib/useServerFieldErrors';
import { PORTALS } from './portals';

function usePortalBase() {
  const { portal } = useApi();
  const { home, name } = PORTALS[portal];
  return { base: home, subtitle: name };
}

function Frame({ children }: { children: ReactNode }) {
  const { subtitle } = usePortalBase();
  return (
    <Flex vertical align="center" justify="center" gap={24} className="signin-page">
      <Brand subtitle={subtitle} />
      <Card style={{ width: 400, maxWidth: '100%' }}>{children}</Card>
    </Flex>
  );
}

export function ForgotPasswordPage() {
  const { dataProvider } = useApi();
  const { base } = usePortalBase();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const forgot = useMutation({ mutationFn: (email: string) => dataProvider.forgotPassword(email) });
  const [form] = Form.useForm<{ email: string }>();
  const { remaining } = useServerFieldErrors(form, forgot.error, ['email']);
  return (
    <Frame>
      <Typography.Title level={3}>Forgot password</Typography.Title>
      {sentTo ? (
        <Alert
          type="success"
          showIcon
          message="Check your e-mail"
          description={`If ${sentTo} may sign in here, a link to set a new password is on its way. It works for one hour.`}
        />
      ) : (
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) => forgot.mutate(v.email.trim(), { onSuccess: () => setSentTo(v.email.trim()) })}
        >
          <Form.Item name="email" label="E-mail" rules={[{ required: true, type: 'email', message: 'Enter your e-mail.' }]}>
            <Input autoComplete="email" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={forgot.isPending}>
            Send reset link
          </Button>
          {remaining ? (
            <div style={{ marginTop: 12 }}>
              <ErrorAlert error={remaining} />
            </div>
          ) : null}
        </Form>
      )}
      <div style={{ marginTop: 16 }}>
        <Link to={`${base}/login`}>Back to sign in</Link>
      </div>
    </Frame>
  );
}

export function SetPasswordPage({ kind }: { kind: 'invitation' | 'reset' }) {
  const { dataProvider } = useApi();
  const { base } = usePortalBase();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const set = useMutation({ mutationFn: (password: string) => dataProvider.setPasswordWithToken(token, password) });
  const [form] = Form.useForm<{ password: string; repeat: string }>();
  const { remaining } = useServerFieldErrors(form, set.error, ['password']);
  const title = kind === 'invitation' ? 'Accept the invitation' : 'Set a new password';

  if (!token) {
    return (
      <Frame>
        <Result status="warning" title="This link is incomplete" subTitle="Open the link from the e-mail again, or ask for a new one." />
      </Frame>
    );
  }
  if (set.isSuccess) {
    return (
      <Frame>
        <Result
          status="success"
          title="Your password is set"
          subTitle={`Sign in as ${set.data.email}.`}
          extra={
            <Link to={`${base}/login`}>
              <Button type="primary">Sign in</Button>
            </Link>
          }
        />
      </Frame>
    );
  }
  return (
    <Frame>
      <Typography.Title level={3}>{title}</Typography.Title>
      <Form form={form} layout="vertical" onFinish={(v) => set.mutate(v.password)}>
        <Form.Item
          name="password"
          label="New password"
          rules={[{ required: true, min: 8, message: 'At least 8 characters.' }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="repeat"
          label="Repeat the password"
          dependencies={['password']}
          rules={[
            { required: true, message: 'Repeat the password.' },
            ({ getFieldValue }) => ({
              validator: (_, v: string) =>
                !v || v === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error('The passwords differ.')),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={set.isPending}>
          Set password
        </Button>
        {remaining ? (
          <div style={{ marginTop: 12 }}>
            <ErrorAlert error={remaining} title="The link can’t be used" />
          </div>
        ) : null}
      </Form>
    </Frame>
  );
}

export function ForgotPasswordRoute() {
  return <ForgotPasswordPage />;
}
export function AcceptInvitationRoute() {
  return <SetPasswordPage kind="invitation" />;
}
export function ResetPasswordRoute() {
  return <SetPasswordPage kind="reset" />;
}
