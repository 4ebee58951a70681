import { Button, Checkbox, Popover, Space, Typography } from 'antd';
import { SettingOutlined } from '@ant-design/icons';

export interface ColumnOption {
  key: string;
  label: string;
  /** Always shown (e.g. the id and the actions). */
  fixed?: boolean;
}

/** Lets a person pick the visible columns of a table. */
export function ColumnChooser({
  columns,
  visible,
  onChange,
  onReset,
}: {
  columns: ColumnOption[];
  visible: string[];
  onChange: (visible: string[]) => void;
  onReset: () => void;
}) {
  const content = (
    <Space direction="vertical" size={4} style={{ minWidth: 180 }}>
      <Typography.Text type="secondary">Show columns</Typography.Text>
      {columns.map((c) => (
        <Checkbox
          key={c.key}
          checked={c.fixed || visible.includes(c.key)}
          disabled={c.fixed}
          onChange={(e) =>
            onChange(e.target.checked ? [...visible, c.key] : visible.filter((k) => k !== c.key))
          }
        >
          {c.label}
        </Checkbox>
      ))}
      <Button size="small" type="link" onClick={onReset} style={{ paddingInline: 0 }}>
        Reset to default
      </Button>
    </Space>
  );
  return (
    <Popover content={content} trigger="click" placement="bottomRight">
      <Button icon={<SettingOutlined />} aria-label="Choose columns">
        Columns
      </Button>
    </Popover>
  );
}
