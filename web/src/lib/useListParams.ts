// A list page's state lives in the URL (filters, page, page size, ordering), so a view can be
// bookmarked or shared, and Back/Forward move through it.
import { useCallback, useEffect, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { Filter, ListParams } from '../api/dataProvider';

export interface ListState extends ListParams {
  filter: Filter;
}

export interface ListStateOptions {
  /** Query parameters that are filters; anything else in the URL is ignored. */
  filterKeys: readonly string[];
  defaultPerPage?: number;
  defaultOrdering?: string;
}

export const PAGE_SIZES = [10, 20, 50, 100] as const;

export function parseListState(search: URLSearchParams, opts: ListStateOptions): ListState {
  const defaultPerPage = opts.defaultPerPage ?? 20;
  const page = Number.parseInt(search.get('page') ?? '', 10);
  const perPage = Number.parseInt(search.get('per_page') ?? '', 10);
  const filter: Filter = {};
  for (const key of opts.filterKeys) {
    const v = search.get(key);
    if (v !== null && v !== '') filter[key] = v;
  }
  return {
    page: Number.isFinite(page) && page > 0 ? page : 1,
    perPage: Number.isFinite(perPage) && perPage > 0 && perPage <= 1000 ? perPage : defaultPerPage,
    ordering: search.get('ordering') ?? opts.defaultOrdering ?? undefined,
    filter,
  };
}

export function serializeListState(state: ListState, opts: ListStateOptions): URLSearchParams {
  const q = new URLSearchParams();
  for (const key of opts.filterKeys) {
    const v = state.filter[key];
    if (v !== undefined && v !== '') q.set(key, v);
  }
  if (state.ordering && state.ordering !== opts.defaultOrdering) q.set('ordering', state.ordering);
  if (state.page > 1) q.set('page', String(state.page));
  if (state.perPage !== (opts.defaultPerPage ?? 20)) q.set('per_page', String(state.perPage));
  return q;
}

export function useListParams(opts: ListStateOptions) {
  const [search, setSearch] = useSearchParams();
  const { filterKeys, defaultPerPage, defaultOrdering } = opts;
  // Pass module-level constants for filterKeys, so this stays stable between renders.
  const options = useMemo(
    () => ({ filterKeys, defaultPerPage, defaultOrdering }),
    [filterKeys, defaultPerPage, defaultOrdering],
  );
  const state = useMemo(() => parseListState(search, options), [search, options]);

  const write = useCallback(
    (next: ListState, replace = false) => setSearch(serializeListState(next, options), { replace }),
    [setSearch, options],
  );

  /** `replace`: instead of the current history entry (a correction, not a step). */
  const setPage = useCallback(
    (page: number, perPage: number, replace = false) =>
      write({ ...state, page: perPage === state.perPage ? page : 1, perPage }, replace),
    [state, write],
  );

  return {
    state,
    /** Changes some filters (empty string removes one) and goes back to page 1. */
    setFilters: (patch: Filter, replace = false) => {
      const filter = { ...state.filter };
      for (const [k, v] of Object.entries(patch)) {
        if (v === '') delete filter[k];
        else filter[k] = v;
      }
      write({ ...state, filter, page: 1 }, replace);
    },
    /** Replaces every filter (a preset, "Clear filters"). */
    replaceFilters: (filter: Filter, ordering?: string) =>
      write({ ...state, filter, ordering: ordering ?? state.ordering, page: 1 }),
    setPage,
    setOrdering: (ordering: string | undefined) => write({ ...state, ordering, page: 1 }),
  };
}

/** The last page of a list of `total` items (1 when it is empty). */
export function lastPage(total: number, perPage: number): number {
  return Math.max(1, Math.ceil(total / perPage));
}

/** A page past the end of the list (an old link, `?page=99`, the last row of the last page
 *  deleted) goes to the last page there is. `total` is undefined until the list has answered
 *  for this very page. */
export function useGoToLastPageIfPastEnd(
  total: number | undefined,
  page: number,
  perPage: number,
  go: (page: number) => void,
) {
  const last = total === undefined ? page : lastPage(total, perPage);
  useEffect(() => {
    if (page > last) go(last);
  }, [page, last, go]);
  return page > last;
}
