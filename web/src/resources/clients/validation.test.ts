import { describe, expect, it } from 'vitest';
import { checkCountryCode, checkEmail, checkPassword, checkPhone, generatePassword, rule } from './validation';

describe('validation', () => {
  it.each([
    ['', 'Enter the e-mail address.'],
    ['not-an-email', 'This is not an e-mail address.'],
    ['a@b.example', null],
    [' a@b.example ', null],
  ])('checkEmail(%j)', (v, expected) => expect(checkEmail(v)).toBe(expected));

  it.each([
    [undefined, undefined, 'Enter a password for the customer’s first user.'],
    ['short', undefined, 'At least 8 characters.'],
    ['x'.repeat(129), undefined, 'At most 128 characters.'],
    ['jane.doe@acme.example', 'jane.doe@acme.example', 'The password must not be the e-mail address.'],
    ['Jane.Doe', 'jane.doe@acme.example', 'The password must not be the e-mail address.'],
    ['Sturdy-Password-42', 'jane.doe@acme.example', null],
  ])('checkPassword(%j, %j)', (p, e, expected) => expect(checkPassword(p, e)).toBe(expected));

  it.each([
    ['', null],
    ['de', null],
    ['DE', null],
    ['DEU', 'Two letters, ISO 3166-1 (e.g. DE).'],
    ['D1', 'Two letters, ISO 3166-1 (e.g. DE).'],
  ])('checkCountryCode(%j)', (v, expected) => expect(checkCountryCode(v)).toBe(expected));

  it.each([
    ['+49 (30) 123-45.67 #8', null],
    ['call me!', 'Letters, digits, spaces and + - ( ) # , * . only.'],
    ['1'.repeat(31), 'At most 30 characters.'],
  ])('checkPhone(%j)', (v, expected) => expect(checkPhone(v)).toBe(expected));

  it('adapts a check to a form rule', async () => {
    await expect(rule(checkEmail).validator({}, 'a@b.example')).resolves.toBeUndefined();
    await expect(rule(checkEmail).validator({}, 'nope')).rejects.toThrow('This is not an e-mail address.');
  });

  it('generates passwords that pass the check', () => {
    const p = generatePassword();
    expect(p).toHaveLength(16);
    expect(checkPassword(p, 'a@b.example')).toBeNull();
    expect(generatePassword()).not.toBe(p);
  });
});
