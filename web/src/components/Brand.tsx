import { Flex, theme } from 'antd';

/** The product mark. (Branding per organisation comes with vendor settings.) Plain text in the
 *  theme's colours rather than Typography, which the sign-in page cannot afford to load. */
export function Brand({ compact = false, subtitle }: { compact?: boolean; subtitle?: string }) {
  const { token } = theme.useToken();
  return (
    <Flex align="center" gap={10}>
      <img src="/favicon.svg" alt="" width={28} height={28} />
      {!compact && (
        <Flex vertical style={{ lineHeight: 1.15 }}>
          <span style={{ fontSize: 16, fontWeight: token.fontWeightStrong, color: token.colorText }}>Clientele</span>
          {subtitle && <span style={{ fontSize: 12, color: token.colorTextSecondary }}>{subtitle}</span>}
        </Flex>
      )}
    </Flex>
  );
}
