// "Save filters as a preset": the name, checked here and by the server. A module of its own,
// loaded when the dialog first opens, so the Accounts page loads no form code until then.
import { App, Form, Input, Modal, Typography } from 'antd';
import { useServerFieldErrors } from '../../lib/useServerFieldErrors';
import { useCreatePreset } from './queries';

export default function SavePresetDialog({
  open,
  filters,
  onClose,
}: {
  open: boolean;
  /** The filters on screen, as the preset stores them. */
  filters: Record<string, string>;
  onClose: () => void;
}) {
  const create = useCreatePreset();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string }>();
  const { remaining } = useServerFieldErrors(form, create.error, ['name']);

  const submit = ({ name }: { name: string }) =>
    create.mutate(
      { name: name.trim(), filters },
      {
        onSuccess: (p) => {
          onClose();
          message.success(`Preset “${p.name}” saved.`);
        },
      },
    );

  return (
    <Modal
      title="Save filters as a preset"
      open={open}
      okText="Create"
      onOk={() => form.submit()}
      confirmLoading={create.isPending}
      onCancel={onClose}
      afterClose={() => create.reset()}
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
  );
}
