// What differs between the two portals on the pages reached without a session.
import type { Portal } from '../api/types';

export interface PortalInfo {
  /** The portal's root path; its sign-in page is `${home}/login`. */
  home: string;
  /** Shown under the brand. */
  name: string;
}

export const PORTALS: Record<Portal, PortalInfo> = {
  admin: { home: '/admin', name: 'Admin Portal' },
  customer: { home: '/portal', name: 'Customer Portal' },
};
