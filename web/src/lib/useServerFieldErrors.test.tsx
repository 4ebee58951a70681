import { describe, expect, it } from 'vitest';
import { useState } from 'react';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { Form, Input } from 'antd';
import { ApiError } from '../api/http';
import { ErrorAlert } from '../components/ErrorAlert';
import { formFieldFor, remainingError, splitFieldErrors, useServerFieldErrors } from './useServerFieldErrors';

const FIELDS = ['email', 'companyName', 'host', 'header', 'group'] as const;
const ALIASES = { company: 'companyName', user_role: 'group', groups: 'group', tls: 'host' } as const;

describe('formFieldFor', () => {
  it('finds the field of the same name, then the alias', () => {
    expect(formFieldFor('email', FIELDS, ALIASES)).toBe('email');
    expect(formFieldFor('company', FIELDS, ALIASES)).toBe('companyName');
    expect(formFieldFor('reseller_id', FIELDS, ALIASES)).toBeNull();
  });

  it('matches a dotted API name by its trailing part', () => {
    expect(formFieldFor('mailServer.host', FIELDS)).toBe('host');
    expect(formFieldFor('publicSettings.colors.header', FIELDS)).toBe('header');
    expect(formFieldFor('mailServer.tls', FIELDS, ALIASES)).toBe('host');
    expect(formFieldFor('colors.primary', FIELDS)).toBeNull();
  });

  it('prefers an alias over a field of the same name', () => {
    expect(formFieldFor('email', ['email', 'login'], { email: 'login' })).toBe('login');
  });
});

describe('splitFieldErrors', () => {
  it('puts errors on fields, merging API names that land on one field, and keeps the rest', () => {
    const split = splitFieldErrors(
      { company: ['Required.'], groups: ['Only customers.'], user_role: ['Invalid role.'], reseller_id: ['Odd.'] },
      FIELDS,
      ALIASES,
    );
    expect(split.fields).toEqual([
      { name: 'companyName', errors: ['Required.'] },
      { name: 'group', errors: ['Only customers.', 'Invalid role.'] },
    ]);
    expect(split.other).toEqual([{ name: 'reseller_id', errors: ['Odd.'] }]);
  });
});

describe('remainingError', () => {
  const split = (e: ApiError) => splitFieldErrors(e.fieldErrors, FIELDS, ALIASES);

  it('is null without an error, or when the inputs show every field error', () => {
    expect(remainingError(null, { fields: [], other: [] })).toBeNull();
    const onFields = new ApiError(400, 'Taken.', { email: ['Taken.'] });
    expect(remainingError(onFields, split(onFields))).toBeNull();
  });

  it('is the error itself when no input shows any of it', () => {
    const plain = new ApiError(409, 'Not now.');
    expect(remainingError(plain, split(plain))).toBe(plain);
    const elsewhere = new ApiError(400, 'Odd.', { reseller_id: ['Odd.'] });
    expect(remainingError(elsewhere, split(elsewhere))).toBe(elsewhere);
    const network = new Error('The server cannot be reached.');
    expect(remainingError(network, { fields: [], other: [] })).toBe(network);
  });

  it('keeps only what no input shows when the inputs show part of it', () => {
    const mixed = new ApiError(400, 'Some fields need attention.', { email: ['Taken.'], reseller_id: ['Odd.'] });
    const rest = remainingError(mixed, split(mixed));
    expect(rest).toBeInstanceOf(ApiError);
    expect(rest).toMatchObject({ status: 400, message: 'Some fields need attention.', fieldErrors: { reseller_id: ['Odd.'] } });
  });
});

interface Values {
  email: string;
  companyName: string;
}

/** A form whose submit "fails" with the error of the current step. */
function Harness({ errors }: { errors: unknown[] }) {
  const [form] = Form.useForm<Values>();
  const [step, setStep] = useState(0);
  const error = errors[step] ?? null;
  const { remaining } = useServerFieldErrors(form, error, ['email', 'companyName'], { company: 'companyName' });
  return (
    <>
      <Form form={form}>
        <Form.Item name="email" label="E-mail">
          <Input />
        </Form.Item>
        <Form.Item name="companyName" label="Company name">
          <Input />
        </Form.Item>
      </Form>
      <button onClick={() => setStep((s) => s + 1)}>next</button>
      <ErrorAlert error={remaining} />
    </>
  );
}

describe('useServerFieldErrors', () => {
  it('shows field errors on the inputs, clears them when the error goes, and leaves the rest for the alert', async () => {
    const first = new ApiError(400, 'Some fields need attention.', { email: ['Taken.'], company: ['Required.'], seller: ['Gone.'] });
    const second = new ApiError(400, 'Required.', { company: ['Required.'] });
    render(<Harness errors={[first, second, null, new ApiError(503, 'Busy.')]} />);

    expect(await screen.findByText('Taken.')).toBeTruthy();
    expect(screen.getByText('Required.')).toBeTruthy();
    // The alert says only what no input shows.
    expect(screen.getByRole('alert').textContent).toContain('seller: Gone.');
    expect(screen.getByRole('alert').textContent).not.toContain('Taken.');

    act(() => fireEvent.click(screen.getByText('next')));
    await waitFor(() => expect(screen.queryByText('Taken.')).toBeNull());
    expect(screen.getByText('Required.')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();

    act(() => fireEvent.click(screen.getByText('next')));
    await waitFor(() => expect(screen.queryByText('Required.')).toBeNull());

    act(() => fireEvent.click(screen.getByText('next')));
    expect((await screen.findByRole('alert')).textContent).toContain('Busy.');
  });
});
