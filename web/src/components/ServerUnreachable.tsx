import { Button, Result } from 'antd';

/** Shown instead of a page when the server cannot say who is signed in. Loaded only then: an
 *  antd Result weighs more than the sign-in page can spare. */
export default function ServerUnreachable({ reason, onRetry }: { reason: string; onRetry: () => void }) {
  return (
    <Result
      status="warning"
      title="The server cannot be reached"
      subTitle={reason}
      extra={<Button onClick={onRetry}>Try again</Button>}
    />
  );
}
