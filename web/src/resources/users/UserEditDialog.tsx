// Edit one user of an account: name, e-mail, language, group. Field errors show on the inputs.
import { useEffect } from 'react';
import { Form, Input, Modal, Select } from 'antd';
import { isApiError } from '../../api/http';
import { GROUPS, LANGUAGES, type AccountUser, type Language, type UpdateUserRequest } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';

interface Values {
  name: string;
  email: string;
  lang: Language;
  group: number;
}

export function UserEditDialog({
  user,
  saving,
  error,
  onSave,
  onCancel,
}: {
  user: AccountUser | null;
  saving: boolean;
  error: unknown;
  onSave: (body: UpdateUserRequest) => void;
  onCancel: () => void;
}) {
  const [form] = Form.useForm<Values>();
  useEffect(() => {
    if (user) {
      form.setFieldsValue({ name: user.name ?? '', email: user.email, lang: user.lang, group: user.groups[0]?.id ?? 2 });
    }
  }, [user, form]);
  useEffect(() => {
    const fe = isApiError(error) ? error.fieldErrors : {};
    const map: Record<string, keyof Values> = { name: 'name', email: 'email', lang: 'lang', groups: 'group', user_role: 'group' };
    form.setFields(
      (Object.keys(map) as (keyof typeof map)[]).map((k) => ({ name: map[k] as keyof Values, errors: fe[k] ?? [] })),
    );
  }, [error, form]);

  const submit = (v: Values) => {
    if (!user) return;
    const body: UpdateUserRequest = {};
    if ((user.name ?? '') !== v.name) body.name = v.name || null;
    if (user.email !== v.email) body.email = v.email;
    if (user.lang !== v.lang) body.lang = v.lang;
    const group = GROUPS.find((g) => g.id === v.group);
    if (group && user.groups[0]?.id !== group.id) body.user_role = group;
    onSave(body);
  };
  const fieldErrorKeys = ['name', 'email', 'lang', 'groups', 'user_role'];
  const otherError = isApiError(error) && Object.keys(error.fieldErrors).some((k) => fieldErrorKeys.includes(k)) ? null : error;

  return (
    <Modal
      open={user !== null}
      title={`Edit user ${user?.email ?? ''}`}
      okText="Save"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onCancel}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="name" label="Name">
          <Input />
        </Form.Item>
        <Form.Item name="email" label="E-mail" rules={[{ required: true, type: 'email', message: 'Enter a valid e-mail.' }]}>
          <Input />
        </Form.Item>
        <Form.Item name="lang" label="Language">
          <Select options={LANGUAGES.map((l) => ({ value: l, label: l }))} />
        </Form.Item>
        <Form.Item name="group" label="Group">
          <Select options={GROUPS.map((g) => ({ value: g.id, label: g.name }))} />
        </Form.Item>
      </Form>
      {otherError ? <ErrorAlert error={otherError} /> : null}
    </Modal>
  );
}
