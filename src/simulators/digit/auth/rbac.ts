// Role-action mapping of the Punjab reference data (reference §2.5), simplified: a role counts when
// its tenant is one of the request's tenants or their state tenant.
import { stateOf } from '../mdms';
import type { RouteInfo } from '../http/routes';
import type { Role } from '../types';

const TL_ANY = 'TL_*';

/** Module search roles; modules not listed fall back to the collection roles. */
const MODULE_SEARCH: Record<string, string[]> = {
  PT: ['CITIZEN', 'CR_PT', 'EMPLOYEE'],
  WS: ['CITIZEN', 'WS_CEMP'],
  SW: ['CITIZEN', 'SW_CEMP'],
  TL: ['CITIZEN', 'TL_CEMP'],
  'FSM.TRIP_CHARGES': ['CITIZEN', 'FSM_*'],
};
const MODULE_WORKFLOW: Record<string, string[]> = {
  PT: ['CR_PT'],
  WS: ['WS_CEMP', 'SUPERUSER'],
  SW: ['SW_CEMP', 'SUPERUSER'],
  TL: ['TL_CEMP', 'SUPERUSER', TL_ANY],
};

export function allowedRoles(route: RouteInfo): string[] {
  switch (route.name) {
    case 'fetchbill':
      return ['CITIZEN', 'EMPLOYEE', 'UC_EMP', TL_ANY];
    case 'billsearch':
      return ['CITIZEN', 'EMPLOYEE', 'SUPERUSER'];
    case 'create':
      return ['EMPLOYEE', 'SUPERUSER', 'UC_EMP', TL_ANY];
    case 'paymentsearch':
      if (route.module === undefined) return ['CITIZEN', 'EMPLOYEE', 'SUPERUSER', 'UC_EMP', TL_ANY];
      return MODULE_SEARCH[route.module] ?? ['CITIZEN', 'EMPLOYEE', 'UC_EMP', 'SUPERUSER'];
    case 'workflow':
      return MODULE_WORKFLOW[route.module ?? ''] ?? ['UC_EMP', 'SUPERUSER'];
    default:
      return [];
  }
}

const roleMatches = (allowed: string, code: string) =>
  allowed.endsWith('*') ? code.startsWith(allowed.slice(0, -1)) : allowed === code;

export function isAuthorized(roles: Role[], allowed: string[], requestTenants: string[]): boolean {
  const tenants = new Set(requestTenants);
  const states = new Set(requestTenants.map(stateOf));
  return roles.some(
    (r) =>
      (tenants.size === 0 || tenants.has(r.tenantId) || states.has(r.tenantId)) &&
      allowed.some((a) => roleMatches(a, r.code)),
  );
}

/** Every `tenantId` string in the JSON body outside RequestInfo, else the query's tenantId (RbacFilter). */
export function requestTenantIds(body: unknown, queryTenant: unknown): string[] {
  const found: string[] = [];
  const walk = (node: unknown, depth: number) => {
    if (depth > 8 || found.length > 50 || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const item of node) walk(item, depth + 1);
      return;
    }
    for (const [k, v] of Object.entries(node)) {
      if (k === 'RequestInfo' || k === 'requestInfo') continue;
      if (k === 'tenantId' && typeof v === 'string') found.push(v);
      else walk(v, depth + 1);
    }
  };
  walk(body, 0);
  if (found.length === 0 && typeof queryTenant === 'string' && queryTenant) found.push(queryTenant);
  return found;
}
