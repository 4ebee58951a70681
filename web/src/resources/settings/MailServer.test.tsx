import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen } from '@testing-library/react';
import { ApiError } from '../../api/http';
import type { TestEmail, VendorSettings } from '../../api/types';
import { fakeDataProvider } from '../../test/fakeDataProvider';
import { renderWithApi } from '../../test/renderWithApi';
import { MailServer } from './MailServer';

const settings: VendorSettings = {
  publicSettings: {
    brandName: '', fromEmail: '', supportEmail: '', supportPhone: '', websiteLink: '', agreementLink: '',
    apiDocsLink: '', knowledgeBaseLink: '', statusPageLink: '', colors: { header: '', primary: '' },
  },
  privateSettings: {
    mailServer: { host: 'smtp.example.com', port: 587, security: 'starttls', login: '', password: null, has_password: false },
  },
};

const sending: TestEmail = {
  id: 7, status: 'sending', email: 'ops@example.com', failure: null, smtp_code: null,
  created_at: '2026-11-27T10:00:00Z', finished_at: null,
};

function sendTest() {
  fireEvent.change(screen.getByLabelText('Test e-mail address'), { target: { value: 'ops@example.com' } });
  fireEvent.click(screen.getByRole('button', { name: 'Send test email' }));
}

describe('MailServer: send test email', () => {
  it('starts the test, then shows its result as the server reports it', async () => {
    const sendTestEmail = vi.fn(() => Promise.resolve(sending));
    const getTestEmail = vi.fn(() =>
      Promise.resolve<TestEmail>({ ...sending, status: 'sent', finished_at: '2026-11-27T10:00:01Z' }));
    renderWithApi(<MailServer settings={settings} />, { dataProvider: fakeDataProvider({ sendTestEmail, getTestEmail }) });
    sendTest();
    expect(await screen.findByText('The mail server accepted the test e-mail to ops@example.com.')).toBeTruthy();
    expect(sendTestEmail).toHaveBeenCalledWith('ops@example.com');
    expect(getTestEmail).toHaveBeenCalledWith(7);
  });

  it('shows why it failed: the category and the SMTP code, nothing else', async () => {
    const failed: TestEmail = {
      ...sending, status: 'failed', failure: 'recipient_refused', smtp_code: 550,
      message: 'The mail server refused the recipient address.', finished_at: '2026-11-27T10:00:01Z',
    };
    renderWithApi(<MailServer settings={settings} />, {
      dataProvider: fakeDataProvider({ sendTestEmail: () => Promise.resolve(sending), getTestEmail: () => Promise.resolve(failed) }),
    });
    sendTest();
    expect(await screen.findByText('The test e-mail was not sent')).toBeTruthy();
    expect(screen.getByText('The mail server refused the recipient address. (SMTP 550)')).toBeTruthy();
  });
});

describe('MailServer: save', () => {
  it('shows the server’s `mailServer.host` error on Host and nothing in an alert', async () => {
    const updateVendorSettings = vi.fn(() =>
      Promise.reject(new ApiError(400, 'Some fields need attention.', {
        'mailServer.host': ['This address is private.'],
        'mailServer.tls': ['Use none, starttls or tls.'],
      })));
    renderWithApi(<MailServer settings={settings} />, { dataProvider: fakeDataProvider({ updateVendorSettings }) });
    fireEvent.click(screen.getByRole('button', { name: 'Save mail server' }));
    expect(await screen.findByText('This address is private.')).toBeTruthy();
    expect(screen.getByText('Use none, starttls or tls.')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
