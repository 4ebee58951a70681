import { useEffect, useState, type ReactNode } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, MailOutlined } from '@ant-design/icons';
import { formatWait } from '../lib/format';

export interface SignInValues {
  username: string;
  password: string;
}

export interface SignInProblem {
  message: string;
  /** Seconds until another try is allowed (the account is locked for a while). */
  retryAfter: number | null;
}

/** The sign-in card both portals use. Shows the problem of the last attempt; while locked it
 *  counts down and keeps the button disabled. */
export function SignInForm({
  title,
  subtitle,
  onSubmit,
  submitting,
  problem,
  footer,
}: {
  title: string;
  subtitle?: string;
  onSubmit: (values: SignInValues) => void;
  submitting: boolean;
  problem: SignInProblem | null;
  footer?: ReactNode;
}) {
  const [wait, setWait] = useState(0);
  useEffect(() => {
    if (!problem?.retryAfter) {
      setWait(0);
      return;
    }
    const until = Date.now() + problem.retryAfter * 1000;
    setWait(problem.retryAfter);
    const t = setInterval(() => {
      const left = Math.max(0, Math.ceil((until - Date.now()) / 1000));
      setWait(left);
      if (left === 0) clearInterval(t);
    }, 1000);
    return () => clearInterval(t);
  }, [problem]);

  const locked = wait > 0;
  return (
    <Card style={{ width: '100%', maxWidth: 400 }} styles={{ body: { padding: 32 } }}>
      <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 4 }}>
        {title}
      </Typography.Title>
      {subtitle && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 24 }}>
          {subtitle}
        </Typography.Paragraph>
      )}
      {problem && (
        <Alert
          role="alert"
          type={problem.retryAfter ? 'warning' : 'error'}
          showIcon
          style={{ marginBottom: 16 }}
          message={problem.retryAfter ? 'Sign-in is locked for a while' : problem.message}
          description={
            problem.retryAfter
              ? locked
                ? `${problem.message} You can try again in ${formatWait(wait)}.`
                : 'You can try again now.'
              : undefined
          }
        />
      )}
      <Form<SignInValues> layout="vertical" requiredMark={false} onFinish={onSubmit} disabled={submitting}>
        <Form.Item
          name="username"
          label="E-mail"
          rules={[
            { required: true, message: 'Enter your e-mail address.' },
            { type: 'email', message: 'This is not an e-mail address.' },
          ]}
        >
          <Input prefix={<MailOutlined />} autoComplete="username" autoFocus inputMode="email" />
        </Form.Item>
        <Form.Item name="password" label="Password" rules={[{ required: true, message: 'Enter your password.' }]}>
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={submitting} disabled={locked}>
          Sign in
        </Button>
      </Form>
      {footer && <div style={{ marginTop: 16 }}>{footer}</div>}
    </Card>
  );
}
