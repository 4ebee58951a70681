// The sign-in page of both portals: the same form and behaviour, each portal's own words.
import { useMemo, type ReactNode } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { Flex } from 'antd';
import { useApi } from '../api/ApiContext';
import { isApiError } from '../api/http';
import type { Portal } from '../api/types';
import { Brand } from '../components/Brand';
import { SignInForm, type SignInProblem } from '../components/SignInForm';
import { nextPath } from './RequireSession';
import { PORTALS } from './portals';
import { useSession, useSignIn } from './session';

interface SignInText {
  title: string;
  subtitle: string;
  /** The answer to a 401: the server does not say which part was wrong. */
  wrongCredentials: string;
  /** Below "Forgot password?". */
  more?: ReactNode;
}

const TEXT: Record<Portal, SignInText> = {
  admin: {
    title: 'Sign in to the Admin Portal',
    subtitle: 'For resellers and sellers.',
    wrongCredentials: 'Wrong e-mail or password, or this person may not use the Admin Portal.',
    more: (
      <span className="signin-secondary">
        Customers sign in at the <a href={`${PORTALS.customer.home}/login`}>Customer Portal</a>.
      </span>
    ),
  },
  customer: {
    title: 'Sign in',
    subtitle: 'Welcome back. Sign in to manage your products.',
    wrongCredentials: 'Wrong e-mail or password.',
  },
};

/** What the form says about the last failed attempt: wrong credentials, locked (with the wait),
 *  or the error's own message. */
export function signInProblem(error: Error | null, wrongCredentials: string): SignInProblem | null {
  if (!error) return null;
  if (isApiError(error)) {
    if (error.status === 401) return { message: wrongCredentials, retryAfter: null };
    if (error.status === 429) return { message: error.message, retryAfter: error.retryAfter ?? 60 };
  }
  return { message: error.message, retryAfter: null };
}

export default function SignInPage() {
  const { portal } = useApi();
  const { home, name } = PORTALS[portal];
  const text = TEXT[portal];
  const session = useSession();
  const signIn = useSignIn();
  const navigate = useNavigate();
  const location = useLocation();
  const target = nextPath(location.search, home);
  const problem = useMemo(() => signInProblem(signIn.error, text.wrongCredentials), [signIn.error, text]);

  if (session.data && !signIn.isPending) return <Navigate to={target} replace />;

  return (
    <Flex vertical align="center" justify="center" gap={24} className="signin-page">
      <Brand subtitle={name} />
      <SignInForm
        title={text.title}
        subtitle={text.subtitle}
        submitting={signIn.isPending}
        problem={problem}
        onSubmit={(v) =>
          signIn.mutate({ username: v.username.trim(), password: v.password }, { onSuccess: () => navigate(target, { replace: true }) })
        }
        footer={
          <Flex vertical gap={8}>
            <Link to={`${home}/forgot-password`}>Forgot password?</Link>
            {text.more}
          </Flex>
        }
      />
    </Flex>
  );
}
