import { describe, expect, it } from 'vitest';
import type { ActivityEvent } from '../../api/types';
import { actorOf, describeActivity } from './describe';

const entry = (event: ActivityEvent, extra: { acting_user_email?: string | null } = {}) => ({
  event,
  method: 'PUT' as const,
  path: '/iam/clients/5/services/28',
  acting_user_email: extra.acting_user_email ?? null,
});

describe('activity events in words', () => {
  it.each<[ActivityEvent, string]>([
    [{ action: 'product_updated', product: 'CDN', from: 'new', to: 'trial', fields: { status: 'trial' } }, 'CDN: New → Trial'],
    [{ action: 'product_updated', product: 'CDN', fields: { enabled: true } }, 'CDN: activated'],
    [{ action: 'product_updated', product: 'DNS', from: 'trial', to: 'active', fields: { status: 'active', enabled: false } }, 'DNS: Trial → Active, deactivated'],
    [{ action: 'product_updated', to: 'active', fields: { status: 'active' } }, 'A product: to Active'],
    [{ action: 'account_created', target: 'it@acme.example', fields: { company: 'Acme', password: '********' } }, 'Account created: Acme (it@acme.example)'],
    [{ action: 'account_edited', fields: { companyName: 'Acme Ltd', phone: '+49 30 1' } }, 'Account edited: company name “Acme Ltd”, phone “+49 30 1”'],
    [{ action: 'lifecycle_policy_changed', fields: { trial_days: 21 } }, 'Lifecycle policy changed: trial length 21 days'],
    [{ action: 'lifecycle_policy_changed', fields: { trial_days: null, days_to_deleted: 45 } }, "Lifecycle policy changed: trial length back to the organisation's, days to Deleted 45 days"],
    [{ action: 'user_edited', target: 'bob@acme.example', fields: { name: 'Bob' } }, 'User bob@acme.example edited: name “Bob”'],
    [{ action: 'user_blocked', target: 'bob@acme.example' }, 'User bob@acme.example blocked'],
    [{ action: 'user_invited', target: 'eve@acme.example', fields: { email: 'eve@acme.example', user_role: { id: 2, name: 'Users' } } }, 'User eve@acme.example invited: group “Users”'],
    [{ action: 'visibility_changed', fields: [{ product_name: 'CDN', available: true }, { product_name: 'DNS', available: false }] }, 'Visibility for this account: CDN shown, DNS hidden'],
    [{ action: 'activation_requested', product: 'STORAGE', fields: { message: 'Two TB' } }, 'Storage: activation requested: “Two TB”'],
    [{ action: 'deletion_cancelled', fields: { note: '' } }, 'Deletion request cancelled'],
    [{ action: 'vendor_settings_changed', fields: { publicSettings: { brandName: 'Acme', colors: {} } } }, 'Vendor settings changed: brand name'],
    [{ action: 'api_token_created', target: 'deploy bot' }, 'API token “deploy bot” created'],
    [{ action: 'request', target: '/iam/clients/5/services/28' }, 'PUT /iam/clients/5/services/28'],
    [
      {
        action: 'accounts_bulk_changed',
        fields: { action: 'assign_seller', seller: 7 },
        total: 4,
        changed: 3,
        unchanged: 0,
        refused: 0,
        not_found: 1,
        completed: true,
        accounts: { changed: [1, 2, 3], unchanged: [], refused: [], not_found: [9] },
      },
      'Seller #7 assigned on 4 accounts: 3 changed, 1 not found (#1, #2, #3)',
    ],
    [
      {
        action: 'accounts_bulk_changed',
        fields: { action: 'set_product_status', product: 'STORAGE', status: 'active' },
        total: 2,
        changed: 1,
        refused: 1,
        accounts: { changed: [5], unchanged: [], refused: [{ id: 6, reason: 'hidden' }], not_found: [] },
      },
      'Storage set to Active on 2 accounts: 1 changed, 1 refused (#5)',
    ],
    [{ action: 'accounts_bulk_changed', fields: { action: 'set_test', is_test: true } }, 'Marked as test (bulk, not run)'],
    [
      { action: 'accounts_imported', records: 4, imported: 2, skipped_existing: 1, failed: 1, dry_run: true, completed: true },
      'Accounts import checked (dry run): 2 to create, 1 skipped, 1 refused',
    ],
    [{ action: 'accounts_imported', records: 2, imported: 2, skipped_existing: 0, failed: 0, dry_run: false, completed: true }, 'Accounts imported: 2 created, 0 skipped, 0 refused'],
  ])('%j', (event, text) => {
    expect(describeActivity(entry(event))).toBe(text);
  });

  it('names by id what the page knows: a refused product change, a person moved to a group', () => {
    const names = {
      product: (id: number) => (id === 28 ? 'STORAGE' : undefined),
      person: (id: number) => (id === 7 ? 'bob@acme.example' : undefined),
    };
    expect(describeActivity(entry({ action: 'product_updated', to: 'active', fields: { status: 'active' } }), names)).toBe(
      'Storage: to Active',
    );
    const moved: ActivityEvent = { action: 'user_group_changed', target: '#7', fields: { user_role: { id: 2, name: 'Users' } } };
    expect(describeActivity(entry(moved), names)).toBe('User bob@acme.example moved to “Users”');
    expect(describeActivity(entry({ ...moved, target: '#8' }), names)).toBe('User #8 moved to “Users”');
  });

  it('a sign-out while acting ends the acting', () => {
    expect(describeActivity(entry({ action: 'sign_out' }, { acting_user_email: 'erin@reseller.example' }))).toBe(
      'Stopped acting as the customer',
    );
  });

  it('staff acting as a customer are who acted, on behalf of the customer', () => {
    expect(actorOf({ user_email: 'alice@acme.example', acting_user_email: 'erin@reseller.example' })).toEqual({
      who: 'erin@reseller.example',
      onBehalfOf: 'alice@acme.example',
    });
    expect(actorOf({ user_email: 'alice@acme.example', acting_user_email: null })).toEqual({ who: 'alice@acme.example' });
  });
});
