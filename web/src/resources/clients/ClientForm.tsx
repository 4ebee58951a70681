// The account form that Create and Edit share. It shows the server's field errors on their
// inputs and the rest above the form; it loads nothing and decides nothing about URLs.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Alert, App, Button, Card, Checkbox, Col, Form, Input, InputNumber, Row, Select, Space, Tooltip, Typography } from 'antd';
import { CopyOutlined, ThunderboltOutlined } from '@ant-design/icons';
import type { ApiError } from '../../api/http';
import { LANGUAGES } from '../../api/types';
import { useServerFieldErrors } from '../../lib/useServerFieldErrors';
import { CLIENT_FIELD_ALIASES, CLIENT_FORM_FIELDS, type ClientFormValues } from './clientPayload';
import { ProductVisibilityField } from './ProductVisibilityField';
import {
  checkCountryCode,
  checkEmail,
  checkMaxLength,
  checkPassword,
  checkPhone,
  checkRequiredText,
  generatePassword,
  rule,
} from './validation';

const LANGUAGE_NAMES: Record<string, string> = { en: 'English', de: 'Deutsch', ru: 'Русский', zh: '中文', az: 'Azərbaycan' };
const languageOptions = LANGUAGES.map((l) => ({ value: l, label: `${LANGUAGE_NAMES[l] ?? l} (${l})` }));

function normalized(v: unknown): unknown {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'object') return JSON.stringify(v);
  return v;
}

/** Whether the form still shows what it started with (blank, null and absent are alike). */
export function sameValues(current: Partial<ClientFormValues>, initial: ClientFormValues): boolean {
  const keys = new Set([...Object.keys(current), ...Object.keys(initial)]) as Set<keyof ClientFormValues>;
  for (const k of keys) if (normalized(current[k]) !== normalized(initial[k])) return false;
  return true;
}

export interface ClientFormProps {
  mode: 'create' | 'edit';
  initialValues: ClientFormValues;
  onSubmit: (values: ClientFormValues) => void;
  submitting: boolean;
  /** The last failed submit; its field errors go on the inputs. */
  error: ApiError | null;
  onDirtyChange?: (dirty: boolean) => void;
  /** Read-only facts shown above the fields (the account status on Edit). */
  header?: ReactNode;
  /** Shown beside the form on wide screens (Edit: the product summary). */
  aside?: ReactNode;
  onCancel?: () => void;
  /** Create: the organisation's default visibility per product, when known. */
  visibilityDefaults?: Record<string, boolean>;
  /** Create: the catalog's products, when known. */
  products?: readonly string[];
  /** The organisation's sellers, when the signed-in person may list them; else the id is typed. */
  sellers?: readonly { id: number; name: string }[];
  /** Shown, not editable (a deleted account): no inputs to type in, no Save. `notice` says why. */
  readOnly?: { notice: ReactNode };
}

export function ClientForm({
  mode,
  initialValues,
  onSubmit,
  submitting,
  error,
  onDirtyChange,
  header,
  aside,
  onCancel,
  visibilityDefaults,
  products,
  sellers,
  readOnly,
}: ClientFormProps) {
  const [form] = Form.useForm<ClientFormValues>();
  const creating = mode === 'create';
  const { message } = App.useApp();
  // A generated password is shown, so that it can be read out or copied for the customer.
  const [passwordShown, setPasswordShown] = useState(false);
  const copyPassword = async () => {
    const password = String(form.getFieldValue('password') ?? '');
    if (!password) {
      message.info('There is no password to copy yet.');
      return;
    }
    try {
      await navigator.clipboard.writeText(password);
      message.success('Password copied.');
    } catch {
      setPasswordShown(true);
      message.error('The browser did not allow copying; the password is shown to copy by hand.');
    }
  };

  // New initial values (the account as saved): they are the new baseline.
  const dirtyListener = useRef(onDirtyChange);
  dirtyListener.current = onDirtyChange;
  useEffect(() => {
    form.resetFields();
    dirtyListener.current?.(false);
  }, [initialValues, form]);

  // After the reset above, so that a form shown with an error keeps it.
  const server = useServerFieldErrors(form, error, CLIENT_FORM_FIELDS, CLIENT_FIELD_ALIASES);

  useEffect(() => {
    const first = server.fields[0];
    if (first) form.scrollToField(first.name, { block: 'center' });
  }, [server.fields, form]);

  const generalError =
    error && server.remaining ? (
      <Alert
        type="error"
        showIcon
        role="alert"
        style={{ marginBottom: 16 }}
        message={server.other.length > 0 ? 'The account was not saved.' : error.message}
        description={
          server.other.length > 0
            ? server.other.map((o) => (
                <div key={o.name}>
                  <strong>{o.name}</strong>: {o.errors.join(' ')}
                </div>
              ))
            : undefined
        }
      />
    ) : null;

  const actions = (
    <Space>
      <Button type="primary" htmlType="submit" loading={submitting}>
        {creating ? 'Create account' : 'Save'}
      </Button>
      {onCancel && (
        <Button onClick={onCancel} disabled={submitting}>
          {creating ? 'Cancel' : 'Discard changes'}
        </Button>
      )}
    </Space>
  );

  const fields = (
    <>
      {header}
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="email" label={creating ? 'E-mail' : 'Company e-mail'} rules={[rule(checkEmail)]} required>
            <Input autoComplete="off" inputMode="email" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name="companyName"
            label="Company name"
            rules={[rule((v) => checkRequiredText(v, 'company name'))]}
            required
          >
            <Input autoComplete="off" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="name" label="Name" rules={[rule((v) => checkMaxLength(v))]}>
            <Input autoComplete="off" placeholder="First and last name" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="phone" label="Phone" rules={[rule(checkPhone)]}>
            <Input autoComplete="off" inputMode="tel" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name="custom_id"
            label="Custom ID"
            tooltip="Your own identifier for this customer (“name in your system”). The customer sees it in the API but cannot change it."
            rules={[rule((v) => checkMaxLength(v))]}
          >
            <Input autoComplete="off" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          {sellers && sellers.length > 0 ? (
            <Form.Item name="seller" label="Seller" tooltip="The seller this customer is assigned to.">
              <Select
                allowClear
                showSearch
                optionFilterProp="label"
                placeholder="Not assigned"
                options={sellers.map((s) => ({ value: s.id, label: s.name }))}
                onClear={() => form.setFieldValue('seller', null)}
              />
            </Form.Item>
          ) : (
            <Form.Item name="seller" label="Seller" tooltip="The id of the seller this customer is assigned to.">
              <InputNumber min={1} precision={0} style={{ width: '100%' }} placeholder="Not assigned" />
            </Form.Item>
          )}
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="lang" label="Language" tooltip="The language of automatic e-mails.">
            <Select options={languageOptions} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name="country_code"
            label="Country"
            rules={[rule(checkCountryCode)]}
            normalize={(v: string) => v.toUpperCase()}
          >
            <Input maxLength={2} placeholder="e.g. DE" autoComplete="off" />
          </Form.Item>
        </Col>
        {creating && (
          <Col xs={24} md={12}>
            <Form.Item label="Password" required tooltip="The sign-in password of the customer’s first user.">
              <Space.Compact style={{ width: '100%' }}>
                <Form.Item
                  name="password"
                  noStyle
                  dependencies={['email']}
                  rules={[({ getFieldValue }) => rule((v) => checkPassword(v, getFieldValue('email') as string))]}
                >
                  <Input.Password
                    autoComplete="new-password"
                    aria-label="Password"
                    visibilityToggle={{ visible: passwordShown, onVisibleChange: setPasswordShown }}
                  />
                </Form.Item>
                <Tooltip title="Generate a strong password">
                  <Button
                    icon={<ThunderboltOutlined />}
                    aria-label="Generate a password"
                    onClick={() => {
                      form.setFieldValue('password', generatePassword());
                      setPasswordShown(true);
                      void form.validateFields(['password']);
                    }}
                  />
                </Tooltip>
                <Tooltip title="Copy the password">
                  <Button icon={<CopyOutlined />} aria-label="Copy the password" onClick={() => void copyPassword()} />
                </Tooltip>
              </Space.Compact>
            </Form.Item>
          </Col>
        )}
      </Row>
      <Form.Item name="is_test" valuePropName="checked" style={{ marginBottom: 0 }}>
        <Checkbox>
          Test account <Typography.Text type="secondary">— hidden from the account list unless asked for</Typography.Text>
        </Checkbox>
      </Form.Item>
    </>
  );

  return (
    <Form<ClientFormValues>
      form={form}
      layout="vertical"
      initialValues={initialValues}
      onFinish={onSubmit}
      onValuesChange={(_, all) => onDirtyChange?.(!sameValues(all, initialValues))}
      scrollToFirstError
      disabled={submitting || !!readOnly}
    >
      {readOnly ? (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} message={readOnly.notice} />
      ) : (
        !creating && <div className="form-actions-top">{actions}</div>
      )}
      {generalError}
      <Row gutter={[24, 24]}>
        <Col xs={24} lg={creating ? 14 : 16}>
          <Card title={creating ? 'Customer' : 'Settings'}>{fields}</Card>
        </Col>
        <Col xs={24} lg={creating ? 10 : 8}>
          {creating ? (
            <Card title="Products">
              <Typography.Paragraph type="secondary">
                Which products this customer sees. “Default” follows your organisation’s default visibility;
                On or Off sets it for this customer only. Visibility does not activate a product.
              </Typography.Paragraph>
              <Form.Item name="services" style={{ marginBottom: 0 }}>
                <ProductVisibilityField defaults={visibilityDefaults} products={products} />
              </Form.Item>
            </Card>
          ) : (
            aside
          )}
        </Col>
      </Row>
      {creating && !readOnly && <div className="form-actions-bottom">{actions}</div>}
    </Form>
  );
}
