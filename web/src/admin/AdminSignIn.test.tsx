import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen } from '@testing-library/react';
import { ApiError } from '../api/http';
import { fakeDataProvider } from '../test/fakeDataProvider';
import { renderWithApi } from '../test/renderWithApi';
import AdminSignIn from './AdminSignIn';

function fillAndSubmit() {
  fireEvent.change(screen.getByLabelText('E-mail'), { target: { value: 'r@x.example' } });
  fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'Wrong-Password-1' } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('AdminSignIn', () => {
  it('says the credentials are wrong on 401', async () => {
    const signIn = vi.fn(() => Promise.reject(new ApiError(401, 'No active account found with the given credentials.')));
    renderWithApi(<AdminSignIn />, {
      path: '/admin/login',
      dataProvider: fakeDataProvider({ getSession: () => Promise.reject(new ApiError(401, 'no')), signIn }),
    });
    fillAndSubmit();
    expect(await screen.findByText(/Wrong e-mail or password/)).toBeTruthy();
    expect(signIn).toHaveBeenCalledWith({ username: 'r@x.example', password: 'Wrong-Password-1' });
  });

  it('shows the wait and disables the button while sign-in is locked', async () => {
    const locked = new ApiError(429, 'Too many failed sign-in attempts. Try again in 120 seconds.', {}, 120);
    renderWithApi(<AdminSignIn />, {
      path: '/admin/login',
      dataProvider: fakeDataProvider({
        getSession: () => Promise.reject(new ApiError(401, 'no')),
        signIn: () => Promise.reject(locked),
      }),
    });
    fillAndSubmit();
    expect(await screen.findByText('Sign-in is locked for a while')).toBeTruthy();
    expect(screen.getByText(/You can try again in 2 min\./)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Sign in' }).hasAttribute('disabled')).toBe(true);
  });
});
