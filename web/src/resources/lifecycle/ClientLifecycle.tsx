// The account's "Lifecycle" tab (issue 16): the trial length, days to Deleted and deletion grace
// period that apply to this account and where each comes from; within the platform operator's
// limits staff give the account a longer trial or its own days to Deleted; and what the
// lifecycle jobs will do to the account next.
import { App, Button, Card, Descriptions, Form, InputNumber, Skeleton, Space, Typography } from 'antd';
import { useState } from 'react';
import type { PolicyValue } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useServerFieldErrors } from '../../lib/useServerFieldErrors';
import { useAccount } from '../clients/accountContext';
import { LifecyclePreviewCard, LifecyclePreviewList } from './LifecyclePreviewList';
import { useLifecyclePolicy, useLifecyclePreview, useUpdateLifecyclePolicy } from './queries';
import { SOURCE_LABELS } from './words';

type Field = 'trial_days' | 'days_to_deleted';
const FIELDS: readonly Field[] = ['trial_days', 'days_to_deleted'];

const days = (n: number) => (n === 1 ? '1 day' : `${n} days`);

/** "21 days — set for this account (the organisation's: 14 days)". */
export function explain(v: PolicyValue): string {
  const from = SOURCE_LABELS[v.source];
  return v.source === 'account'
    ? `${days(v.days)} — ${from} (otherwise ${days(v.inherited_days)})`
    : `${days(v.days)} — ${from}`;
}

export default function ClientLifecycle() {
  const { client } = useAccount();
  const policy = useLifecyclePolicy(client.id);
  const update = useUpdateLifecyclePolicy(client.id);
  const [previewDays, setPreviewDays] = useState(30);
  const preview = useLifecyclePreview(previewDays, client.id);
  const [form] = Form.useForm<Record<Field, number | null>>();
  const errors = useServerFieldErrors(form, update.error, FIELDS);
  const { message } = App.useApp();

  if (policy.isError) return <ErrorAlert error={policy.error} onRetry={() => policy.refetch()} />;
  const p = policy.data;
  if (!p) return <Skeleton active />;
  const editable = !client.deleted;

  const save = (body: Partial<Record<Field, number | null>>) =>
    update.mutate(body, { onSuccess: () => message.success('Saved.') });

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card title="Lifecycle policy" size="small">
        <Descriptions column={1} size="small" aria-label="Effective policy" bordered>
          <Descriptions.Item label="Trial length">
            <span data-testid="policy-trial_days">{explain(p.trial_days)}</span>
          </Descriptions.Item>
          <Descriptions.Item label="Days to Deleted">
            <span data-testid="policy-days_to_deleted">{explain(p.days_to_deleted)}</span>
          </Descriptions.Item>
          <Descriptions.Item label="Deletion grace period">
            <span data-testid="policy-deletion_grace_days">{explain(p.deletion_grace_days)}</span>
          </Descriptions.Item>
        </Descriptions>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          The trial length counts from each trial's start; days to Deleted from the day a product
          reached Trial end or Paused. The grace period is the platform's.
        </Typography.Paragraph>
      </Card>

      {editable && (
        <Card title="Change for this account" size="small">
          <Form
            form={form}
            layout="vertical"
            initialValues={{
              trial_days: p.trial_days.days,
              days_to_deleted: p.days_to_deleted.days,
            }}
            onFinish={(v) => {
              const body: Partial<Record<Field, number | null>> = {};
              if (v.trial_days !== p.trial_days.days) body.trial_days = v.trial_days;
              if (v.days_to_deleted !== p.days_to_deleted.days) body.days_to_deleted = v.days_to_deleted;
              if (Object.keys(body).length === 0) {
                message.info('Nothing to save: no value changed.');
                return;
              }
              save(body);
            }}
          >
            <Space wrap align="start" size={16}>
              <Form.Item
                name="trial_days"
                label="Trial length (days)"
                extra={
                  p.trial_days.max_days !== null
                    ? `From ${p.trial_days.min_days} to ${p.trial_days.max_days} days; trials in progress end that long after they started.`
                    : undefined
                }
              >
                <InputNumber min={1} max={3650} precision={0} aria-label="Trial length (days)" />
              </Form.Item>
              <Form.Item
                name="days_to_deleted"
                label="Days to Deleted"
                extra={
                  p.days_to_deleted.max_days !== null
                    ? `From ${p.days_to_deleted.min_days} to ${p.days_to_deleted.max_days} days.`
                    : undefined
                }
              >
                <InputNumber min={1} max={3650} precision={0} aria-label="Days to Deleted" />
              </Form.Item>
            </Space>
            <Space wrap>
              <Button type="primary" htmlType="submit" loading={update.isPending}>
                Save
              </Button>
              {(p.trial_days.source === 'account' || p.days_to_deleted.source === 'account') && (
                <Button
                  onClick={() =>
                    save({
                      ...(p.trial_days.source === 'account' && { trial_days: null }),
                      ...(p.days_to_deleted.source === 'account' && { days_to_deleted: null }),
                    })
                  }
                >
                  Use the organisation's values
                </Button>
              )}
            </Space>
            {errors.remaining ? (
              <div style={{ marginTop: 12 }}>
                <ErrorAlert error={errors.remaining} />
              </div>
            ) : null}
          </Form>
        </Card>
      )}

      <LifecyclePreviewCard days={previewDays} choices={[14, 30, 60]} onDays={setPreviewDays} preview={preview}>
        {(p) => <LifecyclePreviewList preview={p} showAccount={false} />}
      </LifecyclePreviewCard>
    </Space>
  );
}
