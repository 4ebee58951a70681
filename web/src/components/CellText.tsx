import type { ReactNode } from 'react';
import { Typography } from 'antd';

/** One line of text in a table cell or a header: cut with "…" where the room ends, the whole
 *  of it in a tooltip (shown only when something was cut). `children` (a link, say) is shown
 *  in place of the text. */
export function CellText({ text, children, maxWidth }: { text: string; children?: ReactNode; maxWidth?: number | string }) {
  return (
    <Typography.Text
      className="cell-text"
      style={maxWidth === undefined ? undefined : { maxWidth }}
      ellipsis={{ tooltip: { title: text, placement: 'topLeft' } }}
    >
      {children ?? text}
    </Typography.Text>
  );
}

/** An empty optional value. */
export function Missing() {
  return <Typography.Text type="secondary">—</Typography.Text>;
}
