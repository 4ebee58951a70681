// The one way from a refused change (a 400's `errors`) to a form: each field error goes on the
// input that shows it; what no input shows is left for an alert beside the form.
import { useEffect, useMemo, useRef } from 'react';
import { ApiError, isApiError, type FieldErrors } from '../api/http';

export interface FieldErrorEntry<N extends string = string> {
  name: N;
  errors: string[];
}

export interface SplitFieldErrors<F extends string> {
  /** Errors an input shows, by form field name (several API names may land on one field). */
  fields: FieldErrorEntry<F>[];
  /** Errors no input shows, by API name. */
  other: FieldErrorEntry[];
}

/** API names that a form field of another name shows, e.g. `{ company: 'companyName' }`. */
export type FieldAliases<F extends string> = Readonly<Partial<Record<string, F>>>;

/** The form field that shows the API's errors for `apiName`: its alias, else the field of the
 *  same name; a dotted name also matches by its trailing part (`mailServer.host` → `host`,
 *  `publicSettings.colors.header` → `header`). Null when no field shows it. */
export function formFieldFor<F extends string>(apiName: string, fields: readonly F[], aliases: FieldAliases<F> = {}): F | null {
  for (let name = apiName; ; ) {
    const alias = aliases[name];
    if (alias !== undefined) return alias;
    const same = fields.find((f) => f === name);
    if (same !== undefined) return same;
    const dot = name.indexOf('.');
    if (dot < 0) return null;
    name = name.slice(dot + 1);
  }
}

/** Splits the server's field errors into those the form's inputs show and the rest. */
export function splitFieldErrors<F extends string>(
  errors: FieldErrors,
  fields: readonly F[],
  aliases: FieldAliases<F> = {},
): SplitFieldErrors<F> {
  const onFields = new Map<F, string[]>();
  const other: FieldErrorEntry[] = [];
  for (const [apiName, msgs] of Object.entries(errors)) {
    const field = formFieldFor(apiName, fields, aliases);
    if (field === null) other.push({ name: apiName, errors: msgs });
    else onFields.set(field, [...(onFields.get(field) ?? []), ...msgs]);
  }
  return { fields: [...onFields].map(([name, errs]) => ({ name, errors: errs })), other };
}

/** What an alert beside the form still has to show: null when there is no error or the inputs
 *  show all of it; the error itself when they show none of it (also any failure that is not
 *  the server's answer); else the error with only the field errors no input shows. */
export function remainingError<F extends string>(error: unknown, split: SplitFieldErrors<F>): unknown {
  if (!error) return null;
  if (!isApiError(error) || split.fields.length === 0) return error;
  if (split.other.length === 0) return null;
  const rest = Object.fromEntries(split.other.map((o) => [o.name, o.errors]));
  return new ApiError(error.status, error.message, rest, error.retryAfter, error.body);
}

export interface ServerFieldErrors<F extends string> extends SplitFieldErrors<F> {
  /** For an alert beside the form (see `remainingError`); null when there is nothing to say. */
  remaining: unknown;
}

const NONE: SplitFieldErrors<never> = { fields: [], other: [] };

/** What this needs of an Ant Design `FormInstance`; a form whose fields are not named `F`
 *  does not fit. */
export interface FieldErrorTarget<F extends string> {
  setFields: (fields: { name: F; errors: string[] }[]) => void;
}

/** Puts `error`'s field errors on `form`'s inputs whenever `error` changes (clearing those it put
 *  there before) and tells what is left for an alert. `fields` names the inputs that may show
 *  server errors; `aliases` maps API names that differ from the form's. */
export function useServerFieldErrors<F extends string>(
  form: FieldErrorTarget<F>,
  error: unknown,
  fields: readonly F[],
  aliases: FieldAliases<F> = {},
): ServerFieldErrors<F> {
  // Callers may write `fields` and `aliases` inline: their contents, not their identity, count.
  const names = JSON.stringify([fields, aliases]);
  const split = useMemo<SplitFieldErrors<F>>(
    () => (isApiError(error) ? splitFieldErrors(error.fieldErrors, fields, aliases) : NONE),
    [error, names],
  );

  const shown = useRef<F[]>([]);
  useEffect(() => {
    const cleared = shown.current.filter((name) => !split.fields.some((f) => f.name === name));
    shown.current = split.fields.map((f) => f.name);
    if (split.fields.length === 0 && cleared.length === 0) return;
    form.setFields([
      ...cleared.map((name) => ({ name, errors: [] })),
      ...split.fields.map((f) => ({ name: f.name, errors: f.errors })),
    ]);
  }, [split, form]);

  return useMemo(() => ({ ...split, remaining: remainingError(error, split) }), [split, error]);
}
