import { isApiError } from '../../api/http';

/** The server's errors for a field, whether keyed `brandName` or `publicSettings.brandName`. */
export function errorsFor(error: unknown, field: string): string[] {
  if (!isApiError(error)) return [];
  const out: string[] = [];
  for (const [k, msgs] of Object.entries(error.fieldErrors)) {
    if (k === field || k.endsWith(`.${field}`)) out.push(...msgs);
  }
  return out;
}
