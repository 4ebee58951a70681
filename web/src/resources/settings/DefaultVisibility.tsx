// The organisation's default product visibility, which accounts without a personal value follow.
import { App, List, Skeleton, Switch, Typography } from 'antd';
import { ErrorAlert } from '../../components/ErrorAlert';
import { productName } from '../../lib/displayNames';
import { VisibilityRefusalAlert } from '../../components/VisibilityRefusalAlert';
import { useDefaults, useSetDefault } from './queries';

export function DefaultVisibility() {
  const defaults = useDefaults();
  const set = useSetDefault();
  const { message } = App.useApp();
  if (defaults.isError) return <ErrorAlert error={defaults.error} onRetry={() => defaults.refetch()} />;
  if (!defaults.data) return <Skeleton active paragraph={{ rows: 6 }} />;
  return (
    <>
      <Typography.Paragraph type="secondary">
        Accounts without a personal value follow these. Hiding is refused while an account that follows the default has
        the product in trial or active.
      </Typography.Paragraph>
      <VisibilityRefusalAlert error={set.error} />
      <List
        style={{ maxWidth: 520 }}
        dataSource={defaults.data}
        renderItem={(p) => (
          <List.Item
            extra={
              <Switch
                checked={p.value}
                aria-label={`${productName(p.product)} visible by default`}
                loading={set.isPending && set.variables?.product === p.product}
                onChange={(available) =>
                  set.mutate(
                    { product: p.product, available },
                    {
                      onSuccess: () =>
                        message.success(`${productName(p.product)} is now ${available ? 'visible' : 'hidden'} by default.`),
                    },
                  )
                }
              />
            }
          >
            <Typography.Text strong>{productName(p.product)}</Typography.Text>
            <Typography.Text type="secondary" style={{ marginLeft: 12 }}>
              {p.value ? 'Visible' : 'Hidden'}
            </Typography.Text>
          </List.Item>
        )}
      />
    </>
  );
}
