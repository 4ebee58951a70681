// Light checks before sending; the server owns the rules and has the last word (its errors
// are shown on the same fields).

export const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE_RE = /^[\p{L}\p{N} +\-()#,*.]*$/u;
const COUNTRY_RE = /^([A-Za-z]{2})?$/;

export function checkEmail(v: string | undefined): string | null {
  const s = (v ?? '').trim();
  if (!s) return 'Enter the e-mail address.';
  if (s.length > 254) return 'At most 254 characters.';
  if (!EMAIL_RE.test(s)) return 'This is not an e-mail address.';
  return null;
}

export function checkPassword(password: string | undefined, email?: string): string | null {
  const p = password ?? '';
  if (!p) return 'Enter a password for the customer’s first user.';
  if (p.length < 8) return 'At least 8 characters.';
  if (p.length > 128) return 'At most 128 characters.';
  const e = (email ?? '').trim().toLowerCase();
  if (e && (p.toLowerCase() === e || p.toLowerCase() === e.split('@')[0])) return 'The password must not be the e-mail address.';
  return null;
}

export function checkCountryCode(v: string | undefined): string | null {
  return COUNTRY_RE.test((v ?? '').trim()) ? null : 'Two letters, ISO 3166-1 (e.g. DE).';
}

export function checkPhone(v: string | undefined): string | null {
  const s = v ?? '';
  if (s.length > 30) return 'At most 30 characters.';
  return PHONE_RE.test(s) ? null : 'Letters, digits, spaces and + - ( ) # , * . only.';
}

export function checkRequiredText(v: string | undefined, what: string, max = 255): string | null {
  const s = (v ?? '').trim();
  if (!s) return `Enter the ${what}.`;
  if (s.length > max) return `At most ${max} characters.`;
  return null;
}

export function checkMaxLength(v: string | undefined, max = 255): string | null {
  return (v ?? '').length > max ? `At most ${max} characters.` : null;
}

/** An Ant Design form rule (a validator object). */
export interface ValidatorRule {
  validator: (rule: unknown, value: unknown) => Promise<void>;
}

/** Adapts a check to an Ant Design form rule. */
export function rule(check: (v: string | undefined) => string | null): ValidatorRule {
  return {
    validator: (_, value: unknown) => {
      const msg = check(typeof value === 'string' ? value : value == null ? undefined : String(value));
      return msg ? Promise.reject(new Error(msg)) : Promise.resolve();
    },
  };
}

/** A strong random password (no look-alike characters), from the browser's CSPRNG. */
export function generatePassword(length = 16): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789-_';
  const bytes = new Uint8Array(length);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}
