import { Alert } from 'antd';
import { isApiError } from '../api/http';
import { productNames } from '../lib/displayNames';

function names(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : [];
}

/** Explains a refused change of product visibility: the 403 `{message, trial, active}` answer
 *  names the products some affected account still has in trial or active. Other errors show
 *  their message. */
export function VisibilityRefusalAlert({ error }: { error: unknown }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : 'Something went wrong.';
  const body = isApiError(error) && typeof error.body === 'object' && error.body !== null ? error.body : null;
  const trial = body && 'trial' in body ? names(body.trial) : [];
  const active = body && 'active' in body ? names(body.active) : [];
  const details = [
    trial.length > 0 ? `In trial: ${productNames(trial)}.` : '',
    active.length > 0 ? `Active: ${productNames(active)}.` : '',
  ].filter(Boolean);
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      message={message}
      description={
        details.length > 0 ? (
          <>
            {details.map((d) => (
              <div key={d}>{d}</div>
            ))}
            <div>A product can be hidden only once no affected account has it in trial or active.</div>
          </>
        ) : undefined
      }
    />
  );
}
