// The Admin Portal's "Status history" page: every account's status changes.
import { Flex } from 'antd';
import { PageHeader } from '../../components/PageHeader';
import { StatusHistory } from './StatusHistory';

export default function StatusHistoryList() {
  return (
    <Flex vertical gap={16}>
      <PageHeader title="Status history" />
      <StatusHistory />
    </Flex>
  );
}
