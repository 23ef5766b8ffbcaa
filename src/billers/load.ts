// Loads and checks BILLERS_FILE. Any problem stops the boot with a message naming the biller and field.
import { describeProblems, readJsonFile } from '../config/json-file';
import { AppError } from '../core/errors';
import { modeProblem, USABLE_MODES } from './payment-modes';
import { billersFileSchema } from './schema';
import type { BillerConfig, Exactness, ParamSpec, TenantRule } from './types';

interface RawParam { name: string; role: ParamSpec['role']; regex?: string; optional: boolean }
interface RawBiller {
  billerId: string; name: string; tenant: TenantRule; services: { businessService: string }[];
  customerParams: RawParam[]; paymentAmountExactness: Exactness; partPaymentAllowed: boolean;
  advanceAllowed: boolean; minimumAmountPaise: number; digitPaymentMode: string;
}

// design §3.8: what each exactness means for part payment / advance
const COHERENT: Record<Exactness, { part: boolean; advance: boolean }> = {
  EXACT: { part: false, advance: false },
  EXACT_AND_BELOW: { part: true, advance: false },
  EXACT_AND_ABOVE: { part: false, advance: true },
  ADHOC: { part: true, advance: true },
};

const fail = (file: string, msg: string): never => {
  throw new AppError('CONFIG_INVALID', `BILLERS_FILE (${file}): ${msg}`);
};

export function loadBillersFile(file: string): BillerConfig[] {
  return parseBillers(readJsonFile(file, (msg) => fail(file, msg)), file);
}

export function parseBillers(json: unknown, file = '<inline>'): BillerConfig[] {
  const { value, error } = billersFileSchema.validate(json, { abortEarly: false, convert: false });
  if (error) fail(file, describeProblems(error, json, 'billers', 'billerId', 'biller'));
  const seen = new Set<string>();
  return (value.billers as RawBiller[]).map((b) => {
    if (seen.has(b.billerId)) fail(file, `biller ${b.billerId}: billerId is repeated`);
    seen.add(b.billerId);
    return checkBiller(b, (msg) => fail(file, `biller ${b.billerId}, ${msg}`));
  });
}

function checkBiller(b: RawBiller, bad: (msg: string) => never): BillerConfig {
  const want = COHERENT[b.paymentAmountExactness];
  if (want.part !== b.partPaymentAllowed || want.advance !== b.advanceAllowed) {
    bad(`field paymentAmountExactness: ${b.paymentAmountExactness} requires partPaymentAllowed=${want.part} and advanceAllowed=${want.advance}`);
  }
  const names = new Set<string>();
  const params: ParamSpec[] = b.customerParams.map((p, i) => {
    if (names.has(p.name)) bad(`field customerParams[${i}].name: "${p.name}" is repeated`);
    names.add(p.name);
    let regex: RegExp | undefined;
    if (p.regex !== undefined) {
      try {
        regex = new RegExp(p.regex);
      } catch (e) {
        bad(`field customerParams[${i}].regex: ${(e as Error).message}`);
      }
    }
    return { name: p.name, role: p.role, regex, optional: p.optional };
  });
  const byRole = (role: ParamSpec['role']) => params.filter((p) => p.role === role);
  const search = [...byRole('consumerCode'), ...byRole('mobileNumber')];
  if (search.length === 0) bad('field customerParams: needs a consumerCode or mobileNumber parameter');
  if (byRole('consumerCode').length > 1 || byRole('mobileNumber').length > 1) {
    bad('field customerParams: at most one consumerCode and one mobileNumber parameter');
  }
  // Alternatives are all optional (as BBPS's MDM marks them): a mandatory one beside another makes
  // every request that uses the other fail with BFR002, and nothing would say why.
  const mandatory = search.find((p) => !p.optional);
  if (search.length > 1 && mandatory) {
    const other = search.find((p) => p !== mandatory)!;
    bad(`field customerParams: "${mandatory.name}" is mandatory beside the search parameter "${other.name}"; search parameters are alternatives: mark both "optional" (exactly one is sent per request)`);
  }
  const tenantParams = byRole('tenant');
  if ('fixed' in b.tenant) {
    if (tenantParams.length) bad(`field tenant: fixed tenant but parameter "${tenantParams[0].name}" has role tenant`);
  } else {
    const from = b.tenant.fromParam;
    if (tenantParams.length !== 1 || tenantParams[0].name !== from) {
      bad(`field tenant.fromParam: "${from}" must be the one customer parameter with role tenant`);
    }
  }
  const modeWhy = modeProblem(b.digitPaymentMode);
  if (modeWhy) bad(`field digitPaymentMode: ${b.digitPaymentMode} is refused: ${modeWhy}; use one of ${USABLE_MODES.join(', ')}`);
  const services = b.services.map((s) => s.businessService);
  if (new Set(services).size !== services.length) bad('field services: a businessService is repeated');
  return {
    billerId: b.billerId,
    name: b.name,
    tenant: b.tenant,
    businessServices: services,
    customerParams: params,
    exactness: b.paymentAmountExactness,
    partPaymentAllowed: b.partPaymentAllowed,
    advanceAllowed: b.advanceAllowed,
    minimumAmountPaise: b.minimumAmountPaise,
    digitPaymentMode: b.digitPaymentMode,
  };
}
