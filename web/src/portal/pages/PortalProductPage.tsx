// One product's page: /portal/products/:product (the product's name in lower case).
import { Link, useParams } from 'react-router';
import { Button, Result, Skeleton } from 'antd';
import { PortalProduct } from '../../resources/services/PortalProduct';
import { productSlug, productTitle, usePortalAccount } from '../account';
import { PortalPage } from '../PortalPage';

export default function PortalProductPage() {
  const { product } = useParams();
  const { products, canRequest } = usePortalAccount();
  if (!products) return <Skeleton active paragraph={{ rows: 4 }} />;
  const service = products.find((s) => productSlug(s) === product?.toLowerCase());
  if (!service) {
    return (
      <Result
        status="404"
        title="This product is not available to your account"
        extra={
          <Link to="/portal">
            <Button type="primary" tabIndex={-1}>
              Go to the overview
            </Button>
          </Link>
        }
      />
    );
  }
  return (
    <PortalPage title={productTitle(service)}>
      <PortalProduct service={service} title={productTitle(service)} canRequest={canRequest} />
    </PortalPage>
  );
}
