import { describe, expect, it } from 'vitest';
import type { Client } from '../../api/types';
import { splitFieldErrors } from '../../lib/useServerFieldErrors';
import {
  CLIENT_FIELD_ALIASES,
  CLIENT_FORM_FIELDS,
  formValuesFromClient,
  toCreateRequest,
  toUpdateRequest,
} from './clientPayload';

const client = {
  id: 12,
  email: 'billing@acme.example',
  name: null,
  companyName: 'Acme',
  phone: null,
  custom_id: 'crm-1',
  seller: null,
  lang: 'en',
  country_code: 'DE',
  is_test: false,
} as Client;

describe('clientPayload', () => {
  it('sends only personal product visibility, with the API’s field names', () => {
    const req = toCreateRequest({
      email: ' new@acme.example ',
      companyName: 'Acme ',
      name: '',
      lang: 'de',
      country_code: 'fr',
      is_test: true,
      password: 'Sturdy-Password-42',
      services: { CDN: true, DNS: false, STORAGE: null },
    });
    expect(req).toEqual({
      email: 'new@acme.example',
      password: 'Sturdy-Password-42',
      company: 'Acme',
      name: null,
      phone: null,
      custom_id: null,
      seller: null,
      lang: 'de',
      country_code: 'FR',
      is_test: true,
      services: [
        { product_name: 'CDN', available: true },
        { product_name: 'DNS', available: false },
      ],
    });
  });

  it('saves only what changed', () => {
    const values = { ...formValuesFromClient(client), companyName: 'Acme Holding', custom_id: '', phone: '' };
    expect(toUpdateRequest(client, values)).toEqual({ companyName: 'Acme Holding', custom_id: null });
    expect(toUpdateRequest(client, formValuesFromClient(client))).toEqual({});
  });

  it('puts server errors on the form’s fields, `company` on the company name', () => {
    const { fields, other } = splitFieldErrors(
      { company: ['Required.'], email: ['Taken.'], reseller_id: ['Odd.'] },
      CLIENT_FORM_FIELDS,
      CLIENT_FIELD_ALIASES,
    );
    expect(fields).toEqual([
      { name: 'companyName', errors: ['Required.'] },
      { name: 'email', errors: ['Taken.'] },
    ]);
    expect(other).toEqual([{ name: 'reseller_id', errors: ['Odd.'] }]);
  });
});
