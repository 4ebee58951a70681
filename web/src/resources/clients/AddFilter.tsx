// "Add filter": a button that opens the panel to pick one of the extra filters (AddFilterPanel).
import { lazy, Suspense, useState } from 'react';
import { Button, Flex, Popover, Spin } from 'antd';
import { FilterOutlined } from '@ant-design/icons';
import type { Filter } from '../../api/dataProvider';

const AddFilterPanel = lazy(() => import('./AddFilterPanel'));

export function AddFilter({
  filter,
  onApply,
  sellers,
}: {
  filter: Filter;
  onApply: (patch: Filter) => void;
  sellers?: readonly { id: number; name: string }[];
}) {
  const [open, setOpen] = useState(false);
  const content = (
    <Suspense
      fallback={
        <Flex justify="center" style={{ width: 300 }}>
          <Spin size="small" />
        </Flex>
      }
    >
      <AddFilterPanel
        filter={filter}
        sellers={sellers}
        onCancel={() => setOpen(false)}
        onApply={(patch) => {
          onApply(patch);
          setOpen(false);
        }}
      />
    </Suspense>
  );

  return (
    <Popover
      content={content}
      trigger="click"
      open={open}
      onOpenChange={setOpen}
      placement="bottomLeft"
      destroyOnHidden
    >
      <Button icon={<FilterOutlined />}>Add filter</Button>
    </Popover>
  );
}
