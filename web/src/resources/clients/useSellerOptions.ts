import { useMemo } from 'react';
import { useSellerNames } from '../sellers/queries';

/** The sellers to choose from by name; undefined while loading or when the signed-in person
 *  may not list sellers (a seller: 403), so the form falls back to the numeric id. */
export function useSellerOptions(): { id: number; name: string }[] | undefined {
  const { data } = useSellerNames();
  return useMemo(
    () =>
      data && data.length > 0
        ? data.filter((s) => !s.deleted).map((s) => ({ id: s.id, name: `${s.full_name} (${s.email})` }))
        : undefined,
    [data],
  );
}
