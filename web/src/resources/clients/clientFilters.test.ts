import { describe, expect, it } from 'vitest';
import { parseListState, serializeListState } from '../../lib/useListParams';
import {
  CLIENT_FILTER_KEYS,
  DEFAULT_ORDERING,
  activeAdvanced,
  presetFromState,
  samePreset,
  stateFromPreset,
  toApiFilter,
} from './clientFilters';

const opts = { filterKeys: CLIENT_FILTER_KEYS, defaultOrdering: DEFAULT_ORDERING };

describe('account list state in the URL', () => {
  it('reads known filters, page and ordering; ignores the rest', () => {
    const s = parseListState(new URLSearchParams('email=acme&cdn=trial,active&page=3&per_page=50&ordering=companyName&secret=x'), opts);
    expect(s).toEqual({ page: 3, perPage: 50, ordering: 'companyName', filter: { email: 'acme', cdn: 'trial,active' } });
  });

  it('writes a short URL: defaults are left out', () => {
    const q = serializeListState({ page: 1, perPage: 20, ordering: DEFAULT_ORDERING, filter: { companyName: 'Acme', is_test: 'true' } }, opts);
    expect(q.toString()).toBe('companyName=Acme&is_test=true');
  });

  it('survives a round trip', () => {
    const state = { page: 2, perPage: 100, ordering: '-created_at', filter: { status: 'trial', created_at_gte: '2026-01-01' } };
    expect(parseListState(serializeListState(state, opts), opts)).toEqual(state);
  });
});

describe('filters', () => {
  it('asks for deleted accounts when the deleted status is chosen', () => {
    expect(toApiFilter({ status: 'active,deleted' })).toEqual({ status: 'active,deleted', deleted: 'all' });
    expect(toApiFilter({ status: 'deleted', deleted: 'true' })).toEqual({ status: 'deleted', deleted: 'true', is_test: 'all' });
    expect(toApiFilter({ status: 'trial' })).toEqual({ status: 'trial' });
  });

  it('"only deleted accounts" means every deleted account, test or not, unless the test filter says', () => {
    expect(toApiFilter({ deleted: 'true' })).toEqual({ deleted: 'true', is_test: 'all' });
    expect(toApiFilter({ status: 'deleted' })).toEqual({ status: 'deleted', deleted: 'all', is_test: 'all' });
    expect(toApiFilter({ deleted: 'true', is_test: 'false' })).toEqual({ deleted: 'true', is_test: 'false' });
    expect(toApiFilter({ deleted: 'all' })).toEqual({ deleted: 'all' });
  });

  it('describes the active extra filters as chips', () => {
    const chips = activeAdvanced({ is_test: 'true', cdn: 'trial,new', created_at_gte: '2026-01-01', seller_id: 'null' }).map((c) => c.text);
    expect(chips).toEqual(['Only test accounts', 'Seller: none', 'Created: 2026-01-01 – …', 'CDN: Trial, New']);
  });

  it('turns filters into a preset and back', () => {
    const preset = presetFromState({ email: 'acme', is_test: 'false' }, '-created_at');
    expect(preset).toEqual({ email: 'acme', is_test: 'false', ordering: '-created_at' });
    expect(stateFromPreset({ ...preset, bogus: 'x' })).toEqual({ filter: { email: 'acme', is_test: 'false' }, ordering: '-created_at' });
    expect(samePreset(preset, { ordering: '-created_at', is_test: 'false', email: 'acme' })).toBe(true);
    expect(samePreset(preset, { email: 'acme' })).toBe(false);
  });
});
