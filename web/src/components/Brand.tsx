import { Flex, Typography } from 'antd';

/** The product mark. (Branding per organisation comes with vendor settings.) */
export function Brand({ compact = false, subtitle }: { compact?: boolean; subtitle?: string }) {
  return (
    <Flex align="center" gap={10}>
      <img src="/favicon.svg" alt="" width={28} height={28} />
      {!compact && (
        <Flex vertical style={{ lineHeight: 1.15 }}>
          <Typography.Text strong style={{ fontSize: 16 }}>
            Clientele
          </Typography.Text>
          {subtitle && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {subtitle}
            </Typography.Text>
          )}
        </Flex>
      )}
    </Flex>
  );
}
