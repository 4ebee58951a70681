// Ant Design's App (the message, notification and modal hooks) for the signed-in pages. A module
// of its own, loaded lazily by the route table: the sign-in pages need none of it, and it
// weighs as much as the sign-in form.
import type { ReactNode } from 'react';
import { App } from 'antd';

export default function AntApp({ children }: { children: ReactNode }) {
  return <App>{children}</App>;
}
