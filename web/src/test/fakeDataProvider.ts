// A data provider for component tests: every method throws unless the test gives it.
import type { DataProvider } from '../api/dataProvider';

export function fakeDataProvider(overrides: Partial<DataProvider> = {}): DataProvider {
  const missing = (name: string) => () => {
    throw new Error(`fakeDataProvider.${name} was called but not given`);
  };
  const base: DataProvider = {
    getList: missing('getList'),
    getOne: missing('getOne'),
    create: missing('create'),
    update: missing('update'),
    delete: missing('delete'),
    getSession: missing('getSession'),
    signIn: missing('signIn'),
    signOut: missing('signOut'),
    impersonate: missing('impersonate'),
    getProductVisibility: missing('getProductVisibility'),
    setProductVisibility: missing('setProductVisibility'),
    resetProductVisibility: missing('resetProductVisibility'),
    getDefaultVisibility: missing('getDefaultVisibility'),
    setDefaultVisibility: missing('setDefaultVisibility'),
    requestActivation: missing('requestActivation'),
    setUserBlocked: missing('setUserBlocked'),
    setSellerBlocked: missing('setSellerBlocked'),
    inviteUser: missing('inviteUser'),
    changePassword: missing('changePassword'),
    renewInvitation: missing('renewInvitation'),
    sendPasswordReset: missing('sendPasswordReset'),
    forgotPassword: missing('forgotPassword'),
    setPasswordWithToken: missing('setPasswordWithToken'),
    getDeletionRequests: missing('getDeletionRequests'),
    getOpenDeletionRequests: missing('getOpenDeletionRequests'),
    cancelDeletionRequest: missing('cancelDeletionRequest'),
    deleteAccount: missing('deleteAccount'),
    getMyDeletionRequest: missing('getMyDeletionRequest'),
    requestMyDeletion: missing('requestMyDeletion'),
    getVendorSettings: missing('getVendorSettings'),
    updateVendorSettings: missing('updateVendorSettings'),
    sendTestEmail: missing('sendTestEmail'),
    exportUrl: missing('exportUrl'),
    bulkAccounts: missing('bulkAccounts'),
    importAccounts: missing('importAccounts'),
    getTestEmail: missing('getTestEmail'),
    getOverview: missing('getOverview'),
    getLifecyclePreview: missing('getLifecyclePreview'),
    getLifecyclePolicy: missing('getLifecyclePolicy'),
    updateLifecyclePolicy: missing('updateLifecyclePolicy'),
  };
  return { ...base, ...overrides };
}
