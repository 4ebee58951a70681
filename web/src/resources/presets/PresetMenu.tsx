// "My presets": save the current filters under a name, apply a saved set, delete one.
import { lazy, Suspense, useState } from 'react';
import { App, Button, Dropdown } from 'antd';
import type { MenuProps } from 'antd';
import { BookOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { isApiError } from '../../api/http';
import type { Preset } from '../../api/types';
import { useDeletePreset, usePresets } from './queries';

const SavePresetDialog = lazy(() => import('./SavePresetDialog'));

export function PresetMenu({
  current,
  onApply,
  isSame,
}: {
  /** The filters on screen, as a preset would store them. */
  current: Record<string, string>;
  onApply: (preset: Preset) => void;
  isSame: (a: Record<string, string>, b: Record<string, string>) => boolean;
}) {
  const presets = usePresets();
  const remove = useDeletePreset();
  const { message, modal } = App.useApp();
  // Once asked for, the dialog stays mounted (closed), so it can animate its closing.
  const [saving, setSaving] = useState<boolean | null>(null);

  const list = presets.data ?? [];
  const active = list.find((p) => isSame(p.filters, current));
  const empty = Object.keys(current).length === 0;
  const unavailable = isApiError(presets.error) && presets.error.status === 404;

  const confirmDelete = (p: Preset) =>
    modal.confirm({
      title: `Delete the preset “${p.name}”?`,
      okText: 'Delete',
      okButtonProps: { danger: true },
      onOk: () =>
        remove.mutateAsync(p.id).then(
          () => void message.success(`Preset “${p.name}” deleted.`),
          (e: Error) => void message.error(e.message),
        ),
    });

  const items: MenuProps['items'] = [
    {
      key: 'save',
      icon: <PlusOutlined />,
      label: 'Save current filters as a preset…',
      disabled: empty || unavailable,
      onClick: () => setSaving(true),
    },
    { type: 'divider' },
    ...(presets.isPending
      ? [{ key: 'loading', disabled: true, label: 'Loading presets…' }]
      : presets.isError
        ? [{ key: 'error', disabled: true, label: unavailable ? 'Presets are not available on this server yet.' : presets.error.message }]
        : list.length === 0
          ? [{ key: 'none', disabled: true, label: 'No presets yet' }]
          : list.map((p) => ({
              key: `preset-${p.id}`,
              label: (
                <span className="preset-item">
                  <span>{p.name}</span>
                  <Button
                    size="small"
                    type="text"
                    icon={<DeleteOutlined />}
                    aria-label={`Delete preset ${p.name}`}
                    onClick={(e) => {
                      e.stopPropagation();
                      confirmDelete(p);
                    }}
                  />
                </span>
              ),
              onClick: () => onApply(p),
            }))),
  ];

  return (
    <>
      <Dropdown menu={{ items }} trigger={['click']}>
        <Button icon={<BookOutlined />}>{active ? `Preset: ${active.name}` : 'My presets'}</Button>
      </Dropdown>
      {saving !== null && (
        <Suspense fallback={null}>
          <SavePresetDialog open={saving} filters={current} onClose={() => setSaving(false)} />
        </Suspense>
      )}
    </>
  );
}
