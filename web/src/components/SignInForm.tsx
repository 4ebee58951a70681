import { useEffect, useId, useRef, useState, type CSSProperties, type FormEvent, type ReactNode } from 'react';
import { Alert, Button, theme } from 'antd';
import { EyeInvisibleOutlined, EyeOutlined, LockOutlined, MailOutlined } from '@ant-design/icons';
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

type Errors = Partial<Record<keyof SignInValues, string>>;

// Ant Design's Form, Input, Card and Typography cost more script than the whole sign-in page may
// (docs/performance.md, "Portal weight"): this card draws its own fields and heading in their
// look, from the theme's tokens (styles.css, .signin-*), and uses antd only for Alert and Button.
function validate(v: SignInValues): Errors {
  const errors: Errors = {};
  const username = v.username.trim();
  if (!username) errors.username = 'Enter your e-mail address.';
  else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(username)) errors.username = 'This is not an e-mail address.';
  if (!v.password) errors.password = 'Enter your password.';
  return errors;
}

function Field({
  label,
  error,
  prefix,
  suffix,
  children,
}: {
  label: string;
  error?: string;
  prefix: ReactNode;
  suffix?: ReactNode;
  children: (ids: { id: string; describedBy?: string }) => ReactNode;
}) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div className="signin-field">
      <label htmlFor={id}>{label}</label>
      <div className={error ? 'signin-input signin-input-error' : 'signin-input'}>
        <span className="signin-affix">{prefix}</span>
        {children({ id, describedBy: error ? errorId : undefined })}
        {suffix}
      </div>
      {error && (
        <div id={errorId} role="alert" className="signin-explain">
          {error}
        </div>
      )}
    </div>
  );
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
  const { token } = theme.useToken();
  const [values, setValues] = useState<SignInValues>({ username: '', password: '' });
  const [errors, setErrors] = useState<Errors>({});
  const [tried, setTried] = useState(false);
  const [showPassword, setShowPassword] = useState(false);
  const usernameRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
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

  // As Ant Design's Form does: checked on submit, then again on every change.
  const change = (name: keyof SignInValues, value: string) => {
    const next = { ...values, [name]: value };
    setValues(next);
    if (tried) setErrors(validate(next));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    const found = validate(values);
    setErrors(found);
    if (found.username) usernameRef.current?.focus();
    else if (found.password) passwordRef.current?.focus();
    else onSubmit(values);
  };

  const locked = wait > 0;
  const tokens = {
    '--signin-bg': token.colorBgContainer,
    '--signin-border': token.colorBorderSecondary,
    '--signin-radius-lg': `${token.borderRadiusLG}px`,
    '--signin-radius': `${token.borderRadius}px`,
    '--signin-heading': token.colorTextHeading,
    '--signin-secondary': token.colorTextSecondary,
    '--signin-text': token.colorText,
    '--signin-input-border': token.colorBorder,
    '--signin-primary': token.colorPrimary,
    '--signin-primary-hover': token.colorPrimaryHover,
    '--signin-outline': token.controlOutline,
    '--signin-error': token.colorError,
    '--signin-error-hover': token.colorErrorBorderHover,
    '--signin-error-outline': token.colorErrorOutline,
    '--signin-disabled-bg': token.colorBgContainerDisabled,
    '--signin-disabled-text': token.colorTextDisabled,
    '--signin-icon': token.colorIcon,
    '--signin-icon-hover': token.colorIconHover,
  } as CSSProperties;
  return (
    <section className="signin-card" style={tokens} aria-labelledby="signin-title">
      <h1 id="signin-title" className="signin-title">
        {title}
      </h1>
      {subtitle && <p className="signin-subtitle">{subtitle}</p>}
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
      <form noValidate onSubmit={submit}>
        <fieldset disabled={submitting} className="signin-fieldset">
          <Field label="E-mail" error={errors.username} prefix={<MailOutlined />}>
            {({ id, describedBy }) => (
              <input
                ref={usernameRef}
                id={id}
                name="username"
                type="text"
                autoComplete="username"
                inputMode="email"
                autoFocus
                aria-required
                aria-invalid={!!errors.username}
                aria-describedby={describedBy}
                value={values.username}
                onChange={(e) => change('username', e.target.value)}
              />
            )}
          </Field>
          <Field
            label="Password"
            error={errors.password}
            prefix={<LockOutlined />}
            suffix={
              <button
                type="button"
                className="signin-reveal"
                // Not "Show password": the field is the one thing labelled "Password".
                aria-label="Show what is typed"
                aria-pressed={showPassword}
                onClick={() => setShowPassword((s) => !s)}
              >
                {showPassword ? <EyeOutlined /> : <EyeInvisibleOutlined />}
              </button>
            }
          >
            {({ id, describedBy }) => (
              <input
                ref={passwordRef}
                id={id}
                name="password"
                type={showPassword ? 'text' : 'password'}
                autoComplete="current-password"
                aria-required
                aria-invalid={!!errors.password}
                aria-describedby={describedBy}
                value={values.password}
                onChange={(e) => change('password', e.target.value)}
              />
            )}
          </Field>
        </fieldset>
        <Button type="primary" htmlType="submit" block size="large" loading={submitting} disabled={locked}>
          Sign in
        </Button>
      </form>
      {footer && <div style={{ marginTop: 16 }}>{footer}</div>}
    </section>
  );
}
