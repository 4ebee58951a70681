// Edit one user of an account: name, e-mail, language, group. Field errors show on the inputs.
import { useEffect } from 'react';
import { Form, Input, Modal, Select } from 'antd';
import { GROUPS, LANGUAGES, type AccountUser, type Language, type UpdateUserRequest } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useServerFieldErrors } from '../../lib/useServerFieldErrors';

interface Values {
  name: string;
  email: string;
  lang: Language;
  group: number;
}
const FIELDS: (keyof Values)[] = ['name', 'email', 'lang', 'group'];
/** The API calls the group `user_role` (and `groups` in the user's own shape). */
const ALIASES = { user_role: 'group', groups: 'group' } as const;

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
  const { remaining } = useServerFieldErrors(form, error, FIELDS, ALIASES);

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
      <ErrorAlert error={remaining} />
    </Modal>
  );
}
