import type { ReactNode } from 'react';
import { Flex, Typography } from 'antd';

/** A Customer Portal page: its title (the page's one h1), an optional line under it, and its
 *  content in one column that every card fills. */
export function PortalPage({ title, intro, extra, children }: { title: ReactNode; intro?: ReactNode; extra?: ReactNode; children: ReactNode }) {
  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={12}>
        <div style={{ minWidth: 0 }}>
          <Typography.Title level={1} className="portal-title">
            {title}
          </Typography.Title>
          {intro && (
            <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
              {intro}
            </Typography.Paragraph>
          )}
        </div>
        {extra}
      </Flex>
      {children}
    </Flex>
  );
}
