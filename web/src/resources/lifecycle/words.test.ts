import { describe, expect, it } from 'vitest';
import { emailsText } from './words';

describe('lifecycle words', () => {
  it('names each e-mail and counts repeats', () => {
    expect(emailsText([])).toBe('no e-mail');
    expect(emailsText(['trial_ended'])).toBe('"trial ended" to the customer');
    expect(emailsText(['account_deleted', 'account_deleted'])).toBe('"account deleted" to an alert address (×2)');
  });
});
