// Brand name, support contacts, links and colours shown to customers and used in e-mails.
import { App, Button, Card, Col, ColorPicker, Form, Input, Row } from 'antd';
import type { VendorSettings } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useServerFieldErrors } from '../../lib/useServerFieldErrors';
import { useUpdateVendorSettings } from './queries';

type Public = VendorSettings['publicSettings'];
type Values = Omit<Public, 'colors'> & { header: string; primary: string };

const TEXT: { name: keyof Omit<Values, 'header' | 'primary'>; label: string; placeholder?: string }[] = [
  { name: 'brandName', label: 'Brand name' },
  { name: 'fromEmail', label: 'Sender e-mail', placeholder: 'noreply@example.com' },
  { name: 'supportEmail', label: 'Support e-mail' },
  { name: 'supportPhone', label: 'Support phone' },
  { name: 'websiteLink', label: 'Website', placeholder: 'https://' },
  { name: 'agreementLink', label: 'Agreement', placeholder: 'https://' },
  { name: 'apiDocsLink', label: 'API docs', placeholder: 'https://' },
  { name: 'knowledgeBaseLink', label: 'Knowledge base', placeholder: 'https://' },
  { name: 'statusPageLink', label: 'Status page', placeholder: 'https://' },
];
const FIELDS: (keyof Values)[] = [...TEXT.map((t) => t.name), 'header', 'primary'];
const COLOR = /^(#[0-9a-fA-F]{6})?$/;

/** A colour as "#rrggbb", or "" for none: a picker showing its code, which can be cleared.
 *  (A form control: value and onChange come from Form.Item.) */
function ColorField({
  id,
  value,
  onChange,
  label,
}: {
  id?: string;
  value?: string;
  onChange?: (v: string) => void;
  label: string;
}) {
  return (
    <span id={id} role="group" aria-label={label}>
      <ColorPicker
        value={value || null}
        format="hex"
        disabledFormat
        disabledAlpha
        showText={(c) => (c.cleared ? 'None' : c.toHexString())}
        allowClear
        onChange={(c) => onChange?.(c.cleared ? '' : c.toHexString())}
        onClear={() => onChange?.('')}
      />
    </span>
  );
}

export function Branding({ settings }: { settings: VendorSettings }) {
  const p = settings.publicSettings;
  const save = useUpdateVendorSettings();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  // `colors.header` and `colors.primary` land on the colour inputs.
  const { remaining } = useServerFieldErrors(form, save.error, FIELDS);
  const initial: Values = {
    brandName: p.brandName ?? '',
    fromEmail: p.fromEmail ?? '',
    supportEmail: p.supportEmail ?? '',
    supportPhone: p.supportPhone ?? '',
    websiteLink: p.websiteLink ?? '',
    agreementLink: p.agreementLink ?? '',
    apiDocsLink: p.apiDocsLink ?? '',
    knowledgeBaseLink: p.knowledgeBaseLink ?? '',
    statusPageLink: p.statusPageLink ?? '',
    header: p.colors?.header ?? '',
    primary: p.colors?.primary ?? '',
  };

  return (
    <Card title="Branding" size="small" style={{ maxWidth: 880 }}>
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={({ header, primary, ...texts }) => {
          const publicSettings: Partial<Public> = { colors: { header, primary } };
          for (const [k, v] of Object.entries(texts)) Object.assign(publicSettings, { [k]: String(v ?? '').trim() });
          save.mutate({ publicSettings }, { onSuccess: () => message.success('Branding saved.') });
        }}
      >
        <Row gutter={16}>
          {TEXT.map((t) => (
            <Col xs={24} md={12} key={t.name}>
              <Form.Item name={t.name} label={t.label}>
                <Input placeholder={t.placeholder} />
              </Form.Item>
            </Col>
          ))}
          <Col xs={24} md={12}>
            <Form.Item
              name="header"
              label="Header colour"
              rules={[{ pattern: COLOR, message: 'A colour like #1f2937, or empty.' }]}
            >
              <ColorField label="Header colour" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="primary"
              label="Primary colour"
              rules={[{ pattern: COLOR, message: 'A colour like #1d4ed8, or empty.' }]}
            >
              <ColorField label="Primary colour" />
            </Form.Item>
          </Col>
        </Row>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          Save branding
        </Button>
        {remaining ? (
          <div style={{ marginTop: 12 }}>
            <ErrorAlert error={remaining} />
          </div>
        ) : null}
      </Form>
    </Card>
  );
}
