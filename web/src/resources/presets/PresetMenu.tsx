// "My presets": save the current filters under a name, apply a saved set, delete one.
import { useState } from 'react';
import { App, Button, Dropdown, Form, Input, Modal, Typography } from 'antd';
import type { MenuProps } from 'antd';
import { BookOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { isApiError } from '../../api/http';
import type { Preset } from '../../api/types';
import { useServerFieldErrors } from '../../lib/useServerFieldErrors';
import { useCreatePreset, useDeletePreset, usePresets } from './queries';

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
  const create = useCreatePreset();
  const remove = useDeletePreset();
  const { message, modal } = App.useApp();
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<{ name: string }>();
  const { remaining } = useServerFieldErrors(form, create.error, ['name']);

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
      onClick: () => {
        form.resetFields();
        create.reset();
        setSaving(true);
      },
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

  const submit = ({ name }: { name: string }) =>
    create.mutate(
      { name: name.trim(), filters: current },
      {
        onSuccess: (p) => {
          setSaving(false);
          message.success(`Preset “${p.name}” saved.`);
        },
      },
    );

  return (
    <>
      <Dropdown menu={{ items }} trigger={['click']}>
        <Button icon={<BookOutlined />}>{active ? `Preset: ${active.name}` : 'My presets'}</Button>
      </Dropdown>
      <Modal
        title="Save filters as a preset"
        open={saving}
        okText="Create"
        onOk={() => form.submit()}
        confirmLoading={create.isPending}
        onCancel={() => setSaving(false)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
          <Form.Item
            name="name"
            label="Name"
            rules={[
              { required: true, whitespace: true, message: 'Give the preset a name.' },
              { max: 100, message: 'At most 100 characters.' },
            ]}
          >
            <Input autoFocus placeholder="e.g. Real accounts in trial" />
          </Form.Item>
        </Form>
        {remaining instanceof Error && <Typography.Text type="danger">{remaining.message}</Typography.Text>}
      </Modal>
    </>
  );
}
