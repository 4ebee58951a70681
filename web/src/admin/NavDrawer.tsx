// The sections menu of narrow screens, in a drawer. A module of its own, loaded when first
// opened: wide screens never need it.
import type { ReactNode } from 'react';
import { Drawer } from 'antd';
import { Brand } from '../components/Brand';

export default function NavDrawer({
  open,
  onClose,
  children,
}: {
  open: boolean;
  onClose: () => void;
  children: ReactNode;
}) {
  return (
    <Drawer
      placement="left"
      open={open}
      onClose={onClose}
      width={260}
      title={<Brand />}
      styles={{ body: { padding: 0 } }}
    >
      {children}
    </Drawer>
  );
}
