// The DIGIT URIs the sandbox serves, named once for the gateway's RBAC and for fault injection.

export type RouteName = 'login' | 'fetchbill' | 'billsearch' | 'create' | 'paymentsearch' | 'workflow' | 'other';

export const PATHS = {
  login: '/user/oauth/token',
  fetchbill: '/billing-service/bill/v2/_fetchbill',
  billsearch: '/billing-service/bill/v2/_search',
  create: '/collection-services/payments/_create',
  paymentSearch: '/collection-services/payments/_search',
  moduleSearch: /^\/collection-services\/payments\/([^/]+)\/_search$/,
  moduleWorkflow: /^\/collection-services\/payments\/([^/]+)\/_workflow$/,
} as const;

export interface RouteInfo {
  name: RouteName;
  /** the {moduleName} path segment of payment search / workflow */
  module?: string;
}

export function classify(path: string): RouteInfo {
  switch (path) {
    case PATHS.login:
      return { name: 'login' };
    case PATHS.fetchbill:
      return { name: 'fetchbill' };
    case PATHS.billsearch:
      return { name: 'billsearch' };
    case PATHS.create:
      return { name: 'create' };
    case PATHS.paymentSearch:
      return { name: 'paymentsearch' };
  }
  let m = PATHS.moduleSearch.exec(path);
  if (m) return { name: 'paymentsearch', module: decodeURIComponent(m[1]) };
  m = PATHS.moduleWorkflow.exec(path);
  if (m) return { name: 'workflow', module: decodeURIComponent(m[1]) };
  return { name: 'other' };
}
