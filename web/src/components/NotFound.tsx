import { Button, Result } from 'antd';
import { Link } from 'react-router';

export function NotFound({ home = '/admin' }: { home?: string }) {
  return (
    <Result
      status="404"
      title="Page not found"
      subTitle="There is nothing at this address."
      extra={
        <Link to={home}>
          <Button type="primary" tabIndex={-1}>
            Go to the start page
          </Button>
        </Link>
      }
    />
  );
}
