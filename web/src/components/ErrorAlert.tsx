import { Alert, Button } from 'antd';
import { isApiError } from '../api/http';

/** Shows what went wrong with a request, field errors included, with an optional retry. */
export function ErrorAlert({ error, onRetry, title }: { error: unknown; onRetry?: () => void; title?: string }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : 'Something went wrong.';
  const fields = isApiError(error) ? Object.entries(error.fieldErrors) : [];
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      message={title ?? message}
      description={
        fields.length > 0 || title ? (
          <>
            {title && <div>{message}</div>}
            {fields.map(([field, msgs]) => (
              <div key={field}>
                <strong>{field}</strong>: {msgs.join(' ')}
              </div>
            ))}
          </>
        ) : undefined
      }
      action={
        onRetry && (
          <Button size="small" onClick={onRetry}>
            Try again
          </Button>
        )
      }
    />
  );
}
