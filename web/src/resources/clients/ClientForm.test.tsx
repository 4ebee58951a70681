import { describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/react';
import { ApiError } from '../../api/http';
import { ClientForm } from './ClientForm';
import type { ClientFormValues } from './clientPayload';

const values: ClientFormValues = { email: 'a@b.example', companyName: 'Acme', lang: 'en', is_test: false };

describe('ClientForm', () => {
  it('shows the server’s field errors on the inputs, `company` on Company name', async () => {
    const error = new ApiError(400, 'Some fields need attention.', {
      email: ['An account with this e-mail already exists in your organisation.'],
      company: ['This field may not be blank.'],
    });
    render(<ClientForm mode="create" initialValues={values} onSubmit={vi.fn()} submitting={false} error={error} />);
    await waitFor(() =>
      expect(screen.getByText('An account with this e-mail already exists in your organisation.')).toBeTruthy(),
    );
    expect(screen.getByText('This field may not be blank.')).toBeTruthy();
    // Shown on the fields, so no alert repeats them.
    expect(screen.queryByRole('alert', { name: /not saved/ })).toBeNull();
  });

  it('shows errors that no field owns above the form', () => {
    const error = new ApiError(400, 'Odd.', { reseller_id: ['Name the organisation.'] });
    render(<ClientForm mode="edit" initialValues={values} onSubmit={vi.fn()} submitting={false} error={error} />);
    expect(screen.getByText('The account was not saved.')).toBeTruthy();
    expect(screen.getByText(/Name the organisation\./)).toBeTruthy();
  });
});
