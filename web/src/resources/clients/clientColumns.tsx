import { Link } from 'react-router';
import { Button, Space, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { EditOutlined, LoginOutlined } from '@ant-design/icons';
import type { Client } from '../../api/types';
import type { ColumnOption } from '../../components/ColumnChooser';
import { ProductStatusCell } from '../../components/ProductStatusCell';
import { StatusTag } from '../../components/StatusTag';
import { formatDate, formatDateTime } from '../../lib/format';

export const COLUMN_OPTIONS: ColumnOption[] = [
  { key: 'id', label: 'ID', fixed: true },
  { key: 'companyName', label: 'Company' },
  { key: 'email', label: 'E-mail' },
  { key: 'name', label: 'Name' },
  { key: 'status', label: 'Status' },
  { key: 'products', label: 'Products' },
  { key: 'seller', label: 'Seller' },
  { key: 'custom_id', label: 'Custom ID' },
  { key: 'created_at', label: 'Created' },
  { key: 'is_test', label: 'Test' },
  { key: 'actions', label: 'Actions', fixed: true },
];

export const DEFAULT_COLUMNS = ['companyName', 'email', 'name', 'status', 'products', 'created_at', 'is_test'];

type SortOrder = 'ascend' | 'descend' | null;

/** The table's sort state from the API's `ordering` (its first key). */
export function sortOrderFor(ordering: string | undefined, field: string): SortOrder {
  const first = (ordering ?? '').split(',')[0] ?? '';
  if (first === field) return 'ascend';
  if (first === `-${field}`) return 'descend';
  return null;
}

export function orderingFrom(field: string | undefined, order: SortOrder | undefined): string | undefined {
  if (!field || !order) return undefined;
  return order === 'descend' ? `-${field}` : field;
}

export function clientColumns(
  visible: readonly string[],
  ordering: string | undefined,
  onLogIn?: (client: Client) => void,
  sellerNames?: ReadonlyMap<number, string>,
): TableColumnsType<Client> {
  const sortable = (field: string) => ({
    sorter: true,
    sortOrder: sortOrderFor(ordering, field),
    sortDirections: ['ascend', 'descend'] as ('ascend' | 'descend')[],
  });
  const all: TableColumnsType<Client> = [
    {
      key: 'id',
      dataIndex: 'id',
      title: 'ID',
      width: 80,
      ...sortable('id'),
      render: (id: number) => <Link to={`/admin/accounts/${id}`}>{id}</Link>,
    },
    {
      key: 'companyName',
      dataIndex: 'companyName',
      title: 'Company',
      ...sortable('companyName'),
      render: (v: string, c) => (
        <span>
          <Link to={`/admin/accounts/${c.id}`}>{v}</Link>
          {c.client_type === 'reseller' && (
            <Tag color="gold" bordered={false} style={{ marginInlineStart: 6 }}>
              You
            </Tag>
          )}
          {c.deleted && (
            <Tag color="red" bordered={false} style={{ marginInlineStart: 6 }}>
              Deleted
            </Tag>
          )}
        </span>
      ),
    },
    { key: 'email', dataIndex: 'email', title: 'E-mail', ...sortable('email') },
    {
      key: 'name',
      dataIndex: 'name',
      title: 'Name',
      ...sortable('name'),
      render: (v: string | null) => v || <Typography.Text type="secondary">—</Typography.Text>,
    },
    {
      key: 'status',
      dataIndex: 'status',
      title: 'Status',
      ...sortable('status'),
      render: (_: unknown, c) => <StatusTag status={c.status} />,
    },
    {
      key: 'products',
      title: 'Products',
      render: (_: unknown, c) => <ProductStatusCell services={c.serviceStatuses} />,
    },
    {
      key: 'seller',
      dataIndex: 'seller',
      title: 'Seller',
      render: (v: number | null) =>
        v ? (sellerNames?.get(v) ?? `#${v}`) : <Typography.Text type="secondary">—</Typography.Text>,
    },
    {
      key: 'custom_id',
      dataIndex: 'custom_id',
      title: 'Custom ID',
      ...sortable('custom_id'),
      render: (v: string | null) => v || <Typography.Text type="secondary">—</Typography.Text>,
    },
    {
      key: 'created_at',
      dataIndex: 'created_at',
      title: 'Created',
      ...sortable('created_at'),
      render: (v: string) => <span title={formatDateTime(v)}>{formatDate(v)}</span>,
    },
    {
      key: 'is_test',
      dataIndex: 'is_test',
      title: 'Test',
      width: 70,
      render: (v: boolean) =>
        v ? (
          <Tag color="purple" bordered={false}>
            Test
          </Tag>
        ) : null,
    },
    {
      key: 'actions',
      title: <span className="sr-only">Actions</span>,
      width: 170,
      fixed: 'right',
      render: (_: unknown, c) => (
        <Space size={4}>
          <Link to={`/admin/accounts/${c.id}`} aria-label={`Edit account ${c.id}`}>
            <Button size="small" icon={<EditOutlined />} tabIndex={-1}>
              Edit
            </Button>
          </Link>
          {onLogIn && !c.deleted && (
            <Button size="small" icon={<LoginOutlined />} aria-label={`Log in as account ${c.id}`} onClick={() => onLogIn(c)}>
              Log in
            </Button>
          )}
        </Space>
      ),
    },
  ];
  return all.filter((col) => {
    const key = String(col.key);
    const option = COLUMN_OPTIONS.find((o) => o.key === key);
    return option?.fixed || visible.includes(key);
  });
}
