import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { Flex } from 'antd';
import { isApiError } from '../api/http';
import { useSession, useSignIn } from '../auth/session';
import { nextPath } from '../auth/RequireSession';
import { Brand } from '../components/Brand';
import { SignInForm, type SignInProblem } from '../components/SignInForm';

function problemOf(error: Error | null): SignInProblem | null {
  if (!error) return null;
  if (isApiError(error)) {
    if (error.status === 401) return { message: 'Wrong e-mail or password.', retryAfter: null };
    if (error.status === 429) return { message: error.message, retryAfter: error.retryAfter ?? 60 };
  }
  return { message: error.message, retryAfter: null };
}

export default function PortalSignIn() {
  const session = useSession();
  const signIn = useSignIn();
  const navigate = useNavigate();
  const location = useLocation();
  const target = nextPath(location.search, '/portal');

  if (session.data && !signIn.isPending) return <Navigate to={target} replace />;

  return (
    <Flex vertical align="center" justify="center" gap={24} className="signin-page">
      <Brand subtitle="Customer Portal" />
      <SignInForm
        title="Sign in"
        subtitle="Welcome back. Sign in to manage your products."
        submitting={signIn.isPending}
        problem={problemOf(signIn.error)}
        footer={<Link to="/portal/forgot-password">Forgot password?</Link>}
        onSubmit={(v) =>
          signIn.mutate({ username: v.username.trim(), password: v.password }, { onSuccess: () => navigate(target, { replace: true }) })
        }
      />
    </Flex>
  );
}
