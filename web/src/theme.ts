import type { ThemeConfig } from 'antd';

/** Calm and plain: one blue, soft greys, system fonts (the CSP allows no external fonts). */
export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#1d4ed8',
    colorInfo: '#1d4ed8',
    borderRadius: 6,
    colorBgLayout: '#f6f7f9',
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', sans-serif",
  },
  components: {
    Layout: { headerBg: '#ffffff', siderBg: '#ffffff', headerHeight: 56, headerPadding: '0 16px' },
    Table: { headerBg: '#fafbfc' },
  },
};
