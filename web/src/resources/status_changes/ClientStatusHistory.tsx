// The account page's "Status history" tab.
import { Flex, Typography } from 'antd';
import { useAccount } from '../clients/accountContext';
import { StatusHistory } from './StatusHistory';

export default function ClientStatusHistory() {
  const { client } = useAccount();
  return (
    <Flex vertical gap={12}>
      <Typography.Text type="secondary">
        Every change of this account&apos;s status, newest first. The status follows the account&apos;s products.
      </Typography.Text>
      <StatusHistory clientId={client.id} />
    </Flex>
  );
}
