import { describe, expect, it } from 'vitest';
import { emailsText } from './words';

describe('lifecycle words', () => {
  it('names each e-mail and counts repeats', () => {
    expect(emailsText([])).toBe('No e-mail');
    expect(emailsText([], 'account_deleted')).toBe('No e-mail: no alert address takes deletion alerts');
    expect(emailsText(['trial_ended'])).toBe('E-mails: "trial ended" to the customer');
    expect(emailsText(['account_deleted', 'account_deleted'])).toBe('E-mails: "account deleted" to an alert address (×2)');
  });
});
