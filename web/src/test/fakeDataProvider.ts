// A data provider for component tests: every method throws unless the test gives it.
import type { DataProvider } from '../api/dataProvider';

export function fakeDataProvider(overrides: Partial<DataProvider> = {}): DataProvider {
  const missing = (name: string) => () => {
    throw new Error(`fakeDataProvider.${name} was called but not given`);
  };
  const base: DataProvider = {
    getList: missing('getList'),
    getAll: missing('getAll'),
    getOne: missing('getOne'),
    create: missing('create'),
    update: missing('update'),
    delete: missing('delete'),
    getSession: missing('getSession'),
    signIn: missing('signIn'),
    signOut: missing('signOut'),
    getProductVisibility: missing('getProductVisibility'),
    getDefaultVisibility: missing('getDefaultVisibility'),
    setProductVisibility: missing('setProductVisibility'),
    resetProductVisibility: missing('resetProductVisibility'),
    getServices: missing('getServices'),
    updateService: missing('updateService'),
    requestActivation: missing('requestActivation'),
    getAccountUsers: missing('getAccountUsers'),
    updateUser: missing('updateUser'),
    setUserBlocked: missing('setUserBlocked'),
    changePassword: missing('changePassword'),
    getDeletionRequests: missing('getDeletionRequests'),
    cancelDeletionRequest: missing('cancelDeletionRequest'),
    deleteAccount: missing('deleteAccount'),
    getMyDeletionRequest: missing('getMyDeletionRequest'),
    requestMyDeletion: missing('requestMyDeletion'),
    setSellerBlocked: missing('setSellerBlocked'),
    renewInvitation: missing('renewInvitation'),
    sendPasswordReset: missing('sendPasswordReset'),
    setDefaultVisibility: missing('setDefaultVisibility'),
    getNotificationSettings: missing('getNotificationSettings'),
    createNotificationSetting: missing('createNotificationSetting'),
    updateNotificationSetting: missing('updateNotificationSetting'),
    deleteNotificationSetting: missing('deleteNotificationSetting'),
    getVendorSettings: missing('getVendorSettings'),
    updateVendorSettings: missing('updateVendorSettings'),
    sendTestEmail: missing('sendTestEmail'),
    getTestEmail: missing('getTestEmail'),
    inviteUser: missing('inviteUser'),
    setClientUserGroup: missing('setClientUserGroup'),
    revokeClientUser: missing('revokeClientUser'),
    getTokens: missing('getTokens'),
    createToken: missing('createToken'),
    deleteToken: missing('deleteToken'),
    forgotPassword: missing('forgotPassword'),
    setPasswordWithToken: missing('setPasswordWithToken'),
    impersonate: missing('impersonate'),
  };
  return { ...base, ...overrides };
}
