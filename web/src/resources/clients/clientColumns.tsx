import { Link } from 'react-router';
import { Button, Flex, Space, Tag, Tooltip } from 'antd';
import type { TableColumnsType } from 'antd';
import { EditOutlined, LoginOutlined } from '@ant-design/icons';
import type { Client, DeletionRequest } from '../../api/types';
import { CellText, Missing } from '../../components/CellText';
import type { ColumnOption } from '../../components/ColumnChooser';
import { DeletionCountdown } from '../../components/DeletionCountdown';
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

/** Each column's width in pixels; the company takes what is left, at least COMPANY_MIN_WIDTH.
 *  The default columns fit the content area beside the menu at 1440 px; a narrower screen
 *  scrolls the table, not the page. */
const WIDTHS: Record<string, number> = {
  id: 72,
  email: 180,
  name: 130,
  status: 128, // "Deletion in 10 days" beside the status
  products: 182,
  seller: 140,
  custom_id: 120,
  created_at: 104,
  is_test: 64,
  actions: 88,
};
export const COMPANY_MIN_WIDTH = 180;

/** The narrowest the table may be with these columns (its `scroll.x`). */
export function tableMinWidth(visible: readonly string[]): number {
  const shown = COLUMN_OPTIONS.filter((o) => o.fixed || visible.includes(o.key));
  return shown.reduce((sum, o) => sum + (o.key === 'companyName' ? COMPANY_MIN_WIDTH : (WIDTHS[o.key] ?? 120)), 0);
}

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

export interface ClientColumnsOptions {
  onLogIn?: (client: Client) => void;
  sellerNames?: ReadonlyMap<number, string>;
  /** The pending deletion requests of the listed accounts, by account id. */
  deletions?: ReadonlyMap<number, DeletionRequest>;
}

export function clientColumns(
  visible: readonly string[],
  ordering: string | undefined,
  { onLogIn, sellerNames, deletions }: ClientColumnsOptions = {},
): TableColumnsType<Client> {
  // A pending deletion shows beside the status, or beside the company when the status is hidden.
  const countdown = (c: Client) => {
    const request = deletions?.get(c.id);
    return request && !c.deleted ? <DeletionCountdown request={request} /> : null;
  };
  const sortable = (field: string) => ({
    sorter: true,
    sortOrder: sortOrderFor(ordering, field),
    sortDirections: ['ascend', 'descend'] as ('ascend' | 'descend')[],
  });
  const text = (v: string | null) => (v ? <CellText text={v} /> : <Missing />);
  const all: TableColumnsType<Client> = [
    {
      key: 'id',
      dataIndex: 'id',
      title: 'ID',
      ...sortable('id'),
      render: (id: number) => <Link to={`/admin/accounts/${id}`}>{id}</Link>,
    },
    {
      key: 'companyName',
      dataIndex: 'companyName',
      title: 'Company',
      ...sortable('companyName'),
      render: (v: string, c) => (
        <Flex align="center" gap={6}>
          <CellText text={v}>
            <Link to={`/admin/accounts/${c.id}`}>{v}</Link>
          </CellText>
          {c.client_type === 'reseller' && (
            <Tag color="gold" bordered={false}>
              You
            </Tag>
          )}
          {/* The status column says so when it is shown. */}
          {c.deleted && !visible.includes('status') && (
            <Tag color="red" bordered={false}>
              Deleted
            </Tag>
          )}
          {!visible.includes('status') && countdown(c)}
        </Flex>
      ),
    },
    { key: 'email', dataIndex: 'email', title: 'E-mail', ...sortable('email'), render: text },
    { key: 'name', dataIndex: 'name', title: 'Name', ...sortable('name'), render: text },
    {
      key: 'status',
      dataIndex: 'status',
      title: 'Status',
      ...sortable('status'),
      render: (_: unknown, c) => (
        <Flex wrap gap={4}>
          <StatusTag status={c.status} />
          {countdown(c)}
        </Flex>
      ),
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
      render: (v: number | null) => (v ? <CellText text={sellerNames?.get(v) ?? `#${v}`} /> : <Missing />),
    },
    { key: 'custom_id', dataIndex: 'custom_id', title: 'Custom ID', ...sortable('custom_id'), render: text },
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
      fixed: 'right',
      render: (_: unknown, c) => (
        <Space size={4}>
          <Tooltip title="Edit">
            <Link to={`/admin/accounts/${c.id}`} aria-label={`Edit account ${c.id}`}>
              <Button size="small" icon={<EditOutlined />} tabIndex={-1} />
            </Link>
          </Tooltip>
          {onLogIn && !c.deleted && (
            <Tooltip title="Log in to the Customer Portal as this account">
              <Button size="small" icon={<LoginOutlined />} aria-label={`Log in as account ${c.id}`} onClick={() => onLogIn(c)} />
            </Tooltip>
          )}
        </Space>
      ),
    },
  ];
  return all
    .filter((col) => {
      const key = String(col.key);
      const option = COLUMN_OPTIONS.find((o) => o.key === key);
      return option?.fixed || visible.includes(key);
    })
    .map((col) => ({ ...col, width: WIDTHS[String(col.key)] }));
}
