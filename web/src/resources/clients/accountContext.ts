import { useOutletContext } from 'react-router';
import type { Client } from '../../api/types';

/** What the account page hands to its tabs. */
export interface AccountContext {
  client: Client;
}

export function useAccount(): AccountContext {
  return useOutletContext<AccountContext>();
}
