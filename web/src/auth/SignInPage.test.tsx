import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen } from '@testing-library/react';
import { ApiError } from '../api/http';
import type { Portal, Session } from '../api/types';
import { fakeDataProvider } from '../test/fakeDataProvider';
import { renderWithApi } from '../test/renderWithApi';
import SignInPage from './SignInPage';

function fillAndSubmit() {
  fireEvent.change(screen.getByLabelText('E-mail'), { target: { value: 'r@x.example' } });
  fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'Wrong-Password-1' } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

const signedOut = () => Promise.reject(new ApiError(401, 'no'));

function renderSignIn(portal: Portal, signIn: () => Promise<Session>, path = portal === 'admin' ? '/admin/login' : '/portal/login') {
  return renderWithApi(<SignInPage />, {
    portal,
    path,
    routePath: path.split('?')[0],
    dataProvider: fakeDataProvider({ getSession: signedOut, signIn }),
  });
}

describe('SignInPage', () => {
  it('Admin Portal: its title, and says the credentials are wrong on 401', async () => {
    const signIn = vi.fn(() => Promise.reject(new ApiError(401, 'No active account found with the given credentials.')));
    renderSignIn('admin', signIn);
    expect(await screen.findByRole('heading', { name: 'Sign in to the Admin Portal' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Customer Portal' }).getAttribute('href')).toBe('/portal/login');
    expect(screen.getByRole('link', { name: 'Forgot password?' }).getAttribute('href')).toBe('/admin/forgot-password');
    fillAndSubmit();
    expect(await screen.findByText('Wrong e-mail or password, or this person may not use the Admin Portal.')).toBeTruthy();
    expect(signIn).toHaveBeenCalledWith({ username: 'r@x.example', password: 'Wrong-Password-1' });
  });

  it('Customer Portal: its own title and words, no link to the other portal', async () => {
    renderSignIn('customer', () => Promise.reject(new ApiError(401, 'no')));
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeTruthy();
    expect(screen.getByText('Welcome back. Sign in to manage your products.')).toBeTruthy();
    expect(screen.getByText('Customer Portal')).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Customer Portal' })).toBeNull();
    expect(screen.getByRole('link', { name: 'Forgot password?' }).getAttribute('href')).toBe('/portal/forgot-password');
    fillAndSubmit();
    expect(await screen.findByText('Wrong e-mail or password.')).toBeTruthy();
  });

  it('shows the wait and disables the button while sign-in is locked', async () => {
    const locked = new ApiError(429, 'Too many failed sign-in attempts. Try again in 120 seconds.', {}, 120);
    renderSignIn('admin', () => Promise.reject(locked));
    fillAndSubmit();
    expect(await screen.findByText('Sign-in is locked for a while')).toBeTruthy();
    expect(screen.getByText(/You can try again in 2 min\./)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Sign in' }).hasAttribute('disabled')).toBe(true);
  });

  it('checks the fields before asking the server, and shows the password on request', async () => {
    const signIn = vi.fn(() => Promise.reject(new ApiError(401, 'no')));
    renderSignIn('admin', signIn);
    fireEvent.click(await screen.findByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Enter your e-mail address.')).toBeTruthy();
    expect(screen.getByText('Enter your password.')).toBeTruthy();
    expect(screen.getByLabelText('E-mail').getAttribute('aria-invalid')).toBe('true');
    fireEvent.change(screen.getByLabelText('E-mail'), { target: { value: 'not-an-address' } });
    expect(await screen.findByText('This is not an e-mail address.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('E-mail'), { target: { value: 'r@x.example' } });
    expect(screen.queryByText('This is not an e-mail address.')).toBeNull();
    expect(signIn).not.toHaveBeenCalled();

    const password = screen.getByLabelText('Password');
    expect(password.getAttribute('type')).toBe('password');
    fireEvent.click(screen.getByRole('button', { name: 'Show what is typed' }));
    expect(password.getAttribute('type')).toBe('text');
  });

  it('goes to the remembered page of its own portal after signing in', async () => {
    const session = { user: { id: 1 }, portal: 'customer' } as Session;
    renderWithApi(<SignInPage />, {
      portal: 'customer',
      path: '/portal/login?next=%2Fportal%2Fusers',
      routePath: '/portal/login',
      dataProvider: fakeDataProvider({ getSession: signedOut, signIn: () => Promise.resolve(session) }),
    });
    fillAndSubmit();
    expect(await screen.findByText('elsewhere')).toBeTruthy();
  });
});
