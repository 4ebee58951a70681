import { describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/react';
import { ApiError } from '../../api/http';
import type { AccountUser } from '../../api/types';
import { UserEditDialog } from './UserEditDialog';

const user = {
  id: 5, email: 'eve@acme.example', name: 'Eve', lang: 'en', groups: [{ id: 2, name: 'Users' }], is_active: true,
} as AccountUser;

function renderWith(error: unknown) {
  return render(<UserEditDialog user={user} saving={false} error={error} onSave={vi.fn()} onCancel={vi.fn()} />);
}

describe('UserEditDialog', () => {
  it('shows `user_role` on Group and the e-mail error on E-mail, with no alert repeating them', async () => {
    renderWith(new ApiError(400, 'Some fields need attention.', {
      user_role: ['An account needs at least one active Administrators user.'],
      email: ['A person with this e-mail already exists in this organisation.'],
    }));
    await waitFor(() => expect(screen.getByText('An account needs at least one active Administrators user.')).toBeTruthy());
    expect(screen.getByText('A person with this e-mail already exists in this organisation.')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows what no input shows in an alert', async () => {
    renderWith(new ApiError(409, 'This change is not possible in the object’s current state.'));
    expect((await screen.findByRole('alert')).textContent).toContain('not possible');
  });
});
