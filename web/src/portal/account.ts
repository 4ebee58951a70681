// What every Customer Portal page knows about who is signed in: the person, the account, what
// their group lets them do, and the account's visible products. The layout loads it once and
// hands it to the pages through the router's outlet context.
import { useOutletContext } from 'react-router';
import type { Service, Session, SessionUser } from '../api/types';
import { productName } from '../lib/displayNames';

export interface PortalAccount {
  session: Session;
  user: SessionUser;
  /** The account (customer users always have one). */
  clientId: number | null;
  isAdmin: boolean;
  /** Administrators and Engineers: may ask for a product and see API tokens. */
  canRequest: boolean;
  /** Staff act as this user: nothing lasting may be minted. */
  acting: boolean;
  /** The products the account sees, in catalog order; undefined while loading. */
  products: Service[] | undefined;
}

export function portalAccountOf(session: Session, services: Service[] | undefined): PortalAccount {
  const { user } = session;
  const groups = user.groups.map((g) => g.name);
  const isAdmin = groups.includes('Administrators');
  return {
    session,
    user,
    clientId: user.client,
    isAdmin,
    canRequest: isAdmin || groups.includes('Engineers'),
    acting: !!session.acting_user,
    products: services?.filter((s) => s.visible),
  };
}

export function usePortalAccount(): PortalAccount {
  return useOutletContext<PortalAccount>();
}

/** A product's name as people read it: the one name both portals use (lib/displayNames). */
export function productTitle(service: Pick<Service, 'name' | 'title'>): string {
  return productName(service.name, service.title);
}

/** A product's address in the Customer Portal: /portal/products/cdn. */
export function productSlug(service: Pick<Service, 'name'>): string {
  return service.name.toLowerCase();
}
