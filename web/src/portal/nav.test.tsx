import { describe, expect, it } from 'vitest';
import type { Service } from '../api/types';
import { activePortalKey, pathOfTab, portalNav } from './nav';

const service = (name: string, title: string) => ({ name, title }) as Service;

describe('the Customer Portal menu', () => {
  const account = { clientId: 7, canRequest: true, products: [service('CDN', 'CDN'), service('DDOS', 'DDoS Protection')] };

  it('has a route per product, then the account pages', () => {
    const nav = portalNav(account);
    expect(nav.products.map((i) => [i.label, i.path])).toEqual([
      ['CDN', '/portal/products/cdn'],
      ['DDoS Protection', '/portal/products/ddos'],
    ]);
    expect(nav.pages.map((i) => i.label)).toEqual(['Users', 'API tokens', 'Profile', 'Help']);
  });

  it('leaves out API tokens for groups that may not use them', () => {
    expect(portalNav({ ...account, canRequest: false }).pages.map((i) => i.label)).toEqual(['Users', 'Profile', 'Help']);
  });

  it('marks the entry a path belongs to', () => {
    const nav = portalNav(account);
    expect(activePortalKey('/portal', nav)).toBe('overview');
    expect(activePortalKey('/portal/', nav)).toBe('overview');
    expect(activePortalKey('/portal/products/ddos', nav)).toBe('product-ddos');
    expect(activePortalKey('/portal/users', nav)).toBe('users');
    expect(activePortalKey('/portal/nowhere', nav)).toBeUndefined();
  });

  it('sends the former tabs to their pages', () => {
    expect(pathOfTab('product-cdn')).toBe('/portal/products/cdn');
    expect(pathOfTab('tokens')).toBe('/portal/api-tokens');
    expect(pathOfTab('users')).toBe('/portal/users');
    expect(pathOfTab('nonsense')).toBeNull();
    expect(pathOfTab(null)).toBeNull();
  });
});
