// "Log in" as a customer: opens a Customer Portal session as the account (the server sets the
// Customer Portal's cookies), then the Customer Portal in a new tab.
import { useMutation } from '@tanstack/react-query';
import { App } from 'antd';
import { useDataProvider } from '../../api/ApiContext';

export function useActAsCustomer() {
  const dp = useDataProvider();
  const { message } = App.useApp();
  return useMutation({
    mutationFn: async (clientId: number) => {
      // Opened before the request, so the browser still counts it as the click's own window.
      const tab = window.open('about:blank', '_blank');
      try {
        await dp.impersonate(clientId);
      } catch (e) {
        tab?.close();
        throw e;
      }
      if (tab) tab.location.href = '/portal/';
      else window.open('/portal/', '_blank');
    },
    onError: (e) => message.error(e.message),
  });
}
