// Add or edit a seller: e-mail, full name, phone. Field errors from the server show on the inputs.
import { useEffect } from 'react';
import { Form, Input, Modal } from 'antd';
import type { Seller, SellerRequest } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useServerFieldErrors } from '../../lib/useServerFieldErrors';

interface Values {
  email: string;
  full_name: string;
  phone: string;
}
const FIELDS: (keyof Values)[] = ['email', 'full_name', 'phone'];

export function SellerDialog({
  open,
  seller,
  saving,
  error,
  onSave,
  onCancel,
}: {
  open: boolean;
  seller: Seller | null;
  saving: boolean;
  error: unknown;
  onSave: (body: SellerRequest) => void;
  onCancel: () => void;
}) {
  const [form] = Form.useForm<Values>();
  useEffect(() => {
    if (open) form.setFieldsValue({ email: seller?.email ?? '', full_name: seller?.full_name ?? '', phone: seller?.phone ?? '' });
  }, [open, seller, form]);
  const { remaining } = useServerFieldErrors(form, error, FIELDS);

  return (
    <Modal
      open={open}
      title={seller ? `Edit seller ${seller.email}` : 'Add seller'}
      okText={seller ? 'Save' : 'Add and invite'}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onCancel}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => onSave({ email: v.email.trim(), full_name: v.full_name.trim(), phone: v.phone.trim() || null })}
      >
        <Form.Item name="email" label="E-mail" rules={[{ required: true, type: 'email', message: 'Enter a valid e-mail.' }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="full_name" label="Full name" rules={[{ required: true, whitespace: true, message: 'Enter the full name.' }]}>
          <Input maxLength={255} />
        </Form.Item>
        <Form.Item name="phone" label="Phone">
          <Input maxLength={30} />
        </Form.Item>
        {!seller && <p>The seller gets an e-mail with an invitation link, valid 24 hours, to set a password.</p>}
      </Form>
      <ErrorAlert error={remaining} />
    </Modal>
  );
}
