// The Customer Portal's own profile: name and language, and a password change.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Select } from 'antd';
import { sessionKey, useApi } from '../../api/ApiContext';
import { LANGUAGES, type Language, type SessionUser } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useServerFieldErrors } from '../../lib/useServerFieldErrors';

const PROFILE_FIELDS = ['name', 'lang'] as const;
const PASSWORD_FIELDS = ['old', 'new', 'double'] as const;

// `acting`: staff act as this user; the password is the customer's alone (the server refuses).
export function PortalProfile({ user, acting = false }: { user: SessionUser; acting?: boolean }) {
  const { dataProvider, portal } = useApi();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [profileForm] = Form.useForm<{ name: string; lang: Language }>();
  const [passwordForm] = Form.useForm<{ old: string; new: string; double: string }>();

  const save = useMutation({
    mutationFn: (v: { name: string; lang: Language }) => dataProvider.update('users', user.id, { name: v.name || null, lang: v.lang }),
    onSuccess: () => {
      message.success('Profile saved.');
      return qc.invalidateQueries({ queryKey: sessionKey(portal) });
    },
  });
  const password = useMutation({
    mutationFn: (v: { old: string; new: string; double: string }) => dataProvider.changePassword(user.id, v),
    onSuccess: () => {
      passwordForm.resetFields();
      message.success('Your password is changed.');
    },
  });
  const saveErrors = useServerFieldErrors(profileForm, save.error, PROFILE_FIELDS);
  const passwordErrors = useServerFieldErrors(passwordForm, password.error, PASSWORD_FIELDS);

  return (
    <>
      <Card title="Personal details">
        <Form
          form={profileForm}
          layout="vertical"
          initialValues={{ name: user.name ?? '', lang: user.lang }}
          onFinish={(v) => save.mutate(v)}
        >
          <Form.Item label="E-mail">
            <Input value={user.email} disabled />
          </Form.Item>
          <Form.Item name="name" label="Name">
            <Input maxLength={150} />
          </Form.Item>
          <Form.Item name="lang" label="Language">
            <Select options={LANGUAGES.map((l) => ({ value: l, label: l }))} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            Save
          </Button>
          {saveErrors.remaining ? (
            <div style={{ marginTop: 12 }}>
              <ErrorAlert error={saveErrors.remaining} />
            </div>
          ) : null}
        </Form>
      </Card>
      <Card title="Change password">
        {acting ? (
          <Alert type="info" showIcon message="Only the customer can change their password." />
        ) : (
          <Form form={passwordForm} layout="vertical" onFinish={(v) => password.mutate(v)}>
            <Form.Item name="old" label="Current password" rules={[{ required: true, message: 'Enter your current password.' }]}>
              <Input.Password autoComplete="current-password" />
            </Form.Item>
            <Form.Item name="new" label="New password" rules={[{ required: true, min: 8, message: 'At least 8 characters.' }]}>
              <Input.Password autoComplete="new-password" />
            </Form.Item>
            <Form.Item
              name="double"
              label="Repeat the new password"
              dependencies={['new']}
              rules={[
                { required: true, message: 'Repeat the new password.' },
                ({ getFieldValue }) => ({
                  validator: (_, v: string) =>
                    !v || v === getFieldValue('new') ? Promise.resolve() : Promise.reject(new Error('The passwords differ.')),
                }),
              ]}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={password.isPending}>
              Change password
            </Button>
            {passwordErrors.remaining ? (
              <div style={{ marginTop: 12 }}>
                <ErrorAlert error={passwordErrors.remaining} />
              </div>
            ) : null}
          </Form>
        )}
      </Card>
    </>
  );
}
