import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { Flex, Typography } from 'antd';
import { isApiError } from '../api/http';
import { useSession, useSignIn } from '../auth/session';
import { nextPath } from '../auth/RequireSession';
import { SignInForm, type SignInProblem } from '../components/SignInForm';
import { Brand } from '../components/Brand';

function problemOf(error: Error | null): SignInProblem | null {
  if (!error) return null;
  if (isApiError(error)) {
    if (error.status === 401)
      return { message: 'Wrong e-mail or password, or this person may not use the Admin Portal.', retryAfter: null };
    if (error.status === 429) return { message: error.message, retryAfter: error.retryAfter ?? 60 };
  }
  return { message: error.message, retryAfter: null };
}

export default function AdminSignIn() {
  const session = useSession();
  const signIn = useSignIn();
  const navigate = useNavigate();
  const location = useLocation();
  const target = nextPath(location.search, '/admin');

  if (session.data && !signIn.isPending) return <Navigate to={target} replace />;

  return (
    <Flex vertical align="center" justify="center" gap={24} className="signin-page">
      <Brand subtitle="Admin Portal" />
      <SignInForm
        title="Sign in to the Admin Portal"
        subtitle="For resellers and sellers."
        submitting={signIn.isPending}
        problem={problemOf(signIn.error)}
        onSubmit={(v) =>
          signIn.mutate({ username: v.username.trim(), password: v.password }, { onSuccess: () => navigate(target, { replace: true }) })
        }
        footer={
          <Flex vertical gap={8}>
            <Link to="/admin/forgot-password">Forgot password?</Link>
            <Typography.Text type="secondary">
              Customers sign in at the <a href="/portal/login">Customer Portal</a>.
            </Typography.Text>
          </Flex>
        }
      />
    </Flex>
  );
}
