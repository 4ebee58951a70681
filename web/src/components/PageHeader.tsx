import type { ReactNode } from 'react';
import { Flex, Typography } from 'antd';

/** A page's title row: title (and what follows it) on the left, actions on the right. */
export function PageHeader({ title, extra, children }: { title: ReactNode; extra?: ReactNode; children?: ReactNode }) {
  return (
    <Flex className="page-header" justify="space-between" align="center" wrap gap={12}>
      <Flex align="center" gap={12} wrap style={{ minWidth: 0, maxWidth: '100%' }}>
        {/* minWidth 0: a title cut short (CellText) stays within the page. */}
        <Typography.Title level={2} style={{ margin: 0, minWidth: 0, maxWidth: '100%' }}>
          {title}
        </Typography.Title>
        {children}
      </Flex>
      {extra && (
        <Flex gap={8} wrap>
          {extra}
        </Flex>
      )}
    </Flex>
  );
}
