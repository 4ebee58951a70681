// Importing accounts from a CSV file: first a dry run that says what would be created, skipped
// (the e-mail exists) and refused (each bad row by its line number), then the import with a
// progress bar. The server runs the same code as `clientele import accounts`.
import { useState } from 'react';
import { Link } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Flex, Progress, Table, Typography } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useDataProvider } from '../../api/ApiContext';
import { isApiError } from '../../api/http';
import type { ImportLine } from '../../api/types';
import { PageHeader } from '../../components/PageHeader';
import { clientKeys } from './queries';

type Phase = 'choose' | 'checking' | 'checked' | 'importing' | 'done';

/** How many data rows a CSV text has (lines after the header, blank ones left out): the
 *  progress bar's whole. A quoted field across lines counts more; the bar caps at 100%. */
export function dataRows(csv: string): number {
  const lines = csv.split(/\r?\n/).filter((l) => l.trim() !== '');
  return Math.max(0, lines.length - 1);
}

export default function ImportAccounts() {
  const dp = useDataProvider();
  const queryClient = useQueryClient();
  const [fileName, setFileName] = useState<string | null>(null);
  const [csv, setCsv] = useState('');
  const [phase, setPhase] = useState<Phase>('choose');
  const [line, setLine] = useState<ImportLine | null>(null);
  const [check, setCheck] = useState<ImportLine | null>(null);
  const [error, setError] = useState<string | null>(null);
  const rows = dataRows(csv);

  const run = async (dryRun: boolean) => {
    setError(null);
    setLine(null);
    setPhase(dryRun ? 'checking' : 'importing');
    try {
      const last = await dp.importAccounts(csv, dryRun, setLine);
      if (!last || last.completed === false) setError(last?.error ?? 'The import stopped before the end.');
      if (dryRun) setCheck(last);
      setPhase(dryRun ? 'checked' : 'done');
      if (!dryRun) await queryClient.invalidateQueries({ queryKey: clientKeys.all });
    } catch (e) {
      const fields = isApiError(e) ? e.fieldErrors.csv : undefined;
      setError(fields?.join(' ') ?? (isApiError(e) ? e.message : 'The import failed.'));
      setPhase(dryRun ? 'choose' : 'checked');
    }
  };

  const shown = phase === 'done' ? line : check;
  const percent = line?.records !== undefined && rows > 0 ? Math.min(100, Math.round((line.records / rows) * 100)) : 0;

  return (
    <Flex vertical gap={16} style={{ maxWidth: 900 }}>
      <PageHeader title="Import accounts" />
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        A CSV file with a header row naming its columns: <code>email</code> and <code>company</code> (required),{' '}
        <code>name</code>, <code>custom_id</code>, <code>lang</code>, <code>phone</code>, <code>is_test</code>,{' '}
        <code>deleted</code>, <code>seller</code> (a seller&apos;s e-mail), <code>created_at</code>, and per product{' '}
        <code>cdn_status</code>, <code>cdn_enabled</code>, … Accounts whose e-mail exists are skipped. Check the file
        first: nothing is written until you import.
      </Typography.Paragraph>

      <Flex gap={8} align="center" wrap>
        <label className="ant-btn ant-btn-default" style={{ display: 'inline-flex', alignItems: 'center', gap: 8, cursor: 'pointer' }}>
          <UploadOutlined />
          <span>Choose a CSV file</span>
          <input
            type="file"
            accept=".csv,text/csv"
            aria-label="CSV file"
            style={{ display: 'none' }}
            onChange={async (e) => {
              const file = e.target.files?.[0];
              if (!file) return;
              setFileName(file.name);
              setCsv(await file.text());
              setCheck(null);
              setLine(null);
              setError(null);
              setPhase('choose');
            }}
          />
        </label>
        {fileName && (
          <Typography.Text>
            {fileName}: {rows} row{rows === 1 ? '' : 's'}
          </Typography.Text>
        )}
        <Button disabled={!csv || phase === 'checking' || phase === 'importing'} loading={phase === 'checking'} onClick={() => run(true)}>
          Check the file (dry run)
        </Button>
        <Button
          type="primary"
          disabled={phase !== 'checked' || !check || (check.imported ?? 0) === 0}
          loading={phase === 'importing'}
          onClick={() => run(false)}
        >
          {check?.imported ? `Import ${check.imported} account${check.imported === 1 ? '' : 's'}` : 'Import'}
        </Button>
      </Flex>

      {(phase === 'importing' || phase === 'done') && (
        <Progress percent={phase === 'done' && !error ? 100 : percent} status={error ? 'exception' : phase === 'done' ? 'success' : 'active'} aria-label="Import progress" />
      )}
      {error && <Alert type="error" showIcon message={error} />}

      {shown && shown.records !== undefined && (
        <Flex vertical gap={12}>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {phase === 'done' ? 'Imported' : 'Dry run: nothing was written'}
          </Typography.Title>
          <Descriptions size="small" column={1} bordered data-testid="import-summary">
            <Descriptions.Item label={phase === 'done' ? 'Created' : 'Would be created'}>{shown.imported}</Descriptions.Item>
            <Descriptions.Item label="Skipped (e-mail exists)">{shown.skipped_existing}</Descriptions.Item>
            <Descriptions.Item label="Refused">{shown.failed}</Descriptions.Item>
          </Descriptions>
          {(shown.errors?.length ?? 0) > 0 && (
            <Table
              size="small"
              rowKey={(e) => `${e.line}:${e.field ?? ''}:${e.reason}`}
              aria-label="Refused rows"
              pagination={(shown.errors?.length ?? 0) > 20 ? { pageSize: 20 } : false}
              dataSource={shown.errors}
              columns={[
                { title: 'Line', dataIndex: 'line', width: 80 },
                { title: 'Field', dataIndex: 'field', width: 140, render: (f?: string) => f ?? '' },
                { title: 'Why', dataIndex: 'reason' },
              ]}
            />
          )}
          {phase === 'done' && <Link to="/admin/accounts">Back to the accounts</Link>}
        </Flex>
      )}
    </Flex>
  );
}
