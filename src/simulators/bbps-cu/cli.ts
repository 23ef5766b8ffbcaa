// `npm run sim:bbps -- <fetch|pay|status|validate|reverse> [options]`: plays the BBPS CU against a
// running adapter. It listens for the callback on --port (the adapter's BBPS_CALLBACK_URL must point
// there), sends one signed request, prints the Ack and the callback, and exits.
//
//   npm run sim:bbps -- fetch --biller PBMC00000PUN01 --param "City=Amritsar" --param "Property ID=PB-PT-2023-04-12-000456"
//   npm run sim:bbps -- pay --biller … --param … --amount 150000 --ref <refId of the fetch> --bill <billNumber>
//   npm run sim:bbps -- status --txn <txnReferenceId>
//
// Options: --adapter URL (http://127.0.0.1:8080), --port N (8092), --key FILE (CU private key PEM),
// --adapter-cert FILE (the adapter's public key/cert PEM, to verify callbacks), --timeout MS (30000).
import { readFileSync } from 'node:fs';
import type { BillerResponseEcho } from '../../bbps';
import { CuSimulator } from './cu-simulator';

interface Args {
  command: string;
  options: Map<string, string[]>;
}

export function parseArgs(argv: readonly string[]): Args {
  const [command = '', ...rest] = argv;
  const options = new Map<string, string[]>();
  for (let i = 0; i < rest.length; i++) {
    const name = rest[i] as string;
    if (!name.startsWith('--')) throw new Error(`unexpected argument ${name}`);
    const value = rest[i + 1];
    if (value === undefined || value.startsWith('--')) throw new Error(`${name} needs a value`);
    options.set(name.slice(2), [...(options.get(name.slice(2)) ?? []), value]);
    i++;
  }
  return { command, options };
}

/** --param "Name=Value" (repeatable): the first '=' separates, so values may contain '='. */
export function paramsOf(values: readonly string[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (const v of values) {
    const at = v.indexOf('=');
    if (at <= 0) throw new Error(`--param must be "Name=Value" (got ${v})`);
    params[v.slice(0, at)] = v.slice(at + 1);
  }
  return params;
}

/** `150000` paise → `₹1,500.00 (150000 paise)`; exact (string arithmetic, no floats). */
export function formatPaise(amount: string | undefined): string {
  if (amount === undefined || !/^\d+$/.test(amount)) return `amount ${amount ?? 'absent'}`;
  const digits = amount.replace(/^0+(?=\d)/, '').padStart(3, '0');
  const rupees = digits.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `₹${rupees}.${digits.slice(-2)} (${amount} paise)`;
}

/** One line per BillerResponse: its number, amount, and what else the message says about it. */
export function describeBill(b: BillerResponseEcho): string {
  const extra = [b.dueDate && `due ${b.dueDate}`, b.customerName && `customer ${b.customerName}`, b.billPeriod && `period ${b.billPeriod}`];
  return [`  bill ${b.billNumber ?? '(no number)'}: ${formatPaise(b.amount)}`, ...extra.filter(Boolean)].join(', ');
}

const NOT_REACHED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNRESET']);

/** fetch's bare "fetch failed" reads like a failed bill fetch: say that the adapter was not reached. */
export async function reaching<T>(adapterUrl: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (e) {
    const cause = (e as { cause?: { code?: unknown } }).cause;
    const code = typeof cause?.code === 'string' ? cause.code : undefined;
    if (code && NOT_REACHED.has(code)) throw new Error(`adapter not reachable at ${adapterUrl} (${code}): is it running? (--adapter names it)`);
    throw e;
  }
}

const USAGE = 'usage: sim:bbps -- <fetch|pay|status|validate|reverse> --biller ID --param "Name=Value" … [--amount PAISE] [--ref REFID] [--txn TXNID] [--bill BILLNUMBER] [--adapter URL] [--port N] [--key FILE] [--adapter-cert FILE] [--timeout MS]';
const RESPONSE: Record<string, string> = { fetch: 'BillFetchResponse', pay: 'BillPaymentResponse', reverse: 'BillPaymentResponse', status: 'TxnStatusResponse', validate: 'BillValidationResponse' };

export async function run(argv: readonly string[], print: (line: string) => void): Promise<number> {
  const { command, options } = parseArgs(argv);
  const one = (name: string) => options.get(name)?.at(-1);
  const need = (name: string) => {
    const v = one(name);
    if (v === undefined) throw new Error(`--${name} is required for ${command}`);
    return v;
  };
  const responseApi = RESPONSE[command];
  if (!responseApi) throw new Error(USAGE);
  const cu = new CuSimulator({
    adapterUrl: one('adapter') ?? 'http://127.0.0.1:8080',
    ...(one('key') ? { privateKeyPem: readFileSync(need('key'), 'utf8') } : {}),
    ...(one('adapter-cert') ? { adapterKeyPem: readFileSync(need('adapter-cert'), 'utf8') } : {}),
  });
  const callbackBase = await cu.listen(Number(one('port') ?? 8092));
  print(`CU simulator listening on ${callbackBase} (set the adapter's BBPS_CALLBACK_URL to it)`);
  try {
    const biller = () => need('biller');
    const params = () => paramsOf(options.get('param') ?? []);
    const amount = () => Number(need('amount'));
    const bills = () => (one('bill') ? [{ billNumber: need('bill'), amountPaise: amount() }] : []);
    const ref = one('ref');
    const sent = await reaching(cu.adapterUrl, async () =>
      command === 'fetch' ? await cu.fetch({ billerId: biller(), params: params(), ...(ref ? { refId: ref } : {}) })
      : command === 'validate' ? await cu.validate({ billerId: biller(), params: params(), ...(one('amount') ? { amountPaise: amount() } : {}), ...(ref ? { refId: ref } : {}) })
      : command === 'status' ? await cu.status({ txnReferenceId: need('txn'), ...(ref ? { refId: ref } : {}) })
      : await cu.pay({
        billerId: biller(), params: params(), amountPaise: amount(), bills: bills(), reversal: command === 'reverse',
        ...(ref ? { refId: ref } : {}), ...(one('txn') ? { txnReferenceId: need('txn') } : {}),
      }));
    print(`${command} refId=${sent.refId}${'txnReferenceId' in sent ? ` txnReferenceId=${String(sent.txnReferenceId)}` : ''}`);
    const errors = sent.ack?.errors.map((e) => ` ${e.code} ${e.detail}`).join(';') ?? '';
    print(`Ack (HTTP ${sent.status}): ${sent.ack ? `RspCd=${sent.ack.rspCd}${errors}` : sent.body.slice(0, 300)}`);
    if (!sent.ack?.ok) return 1;
    const cb = await cu.waitFor(responseApi, sent.refId, Number(one('timeout') ?? 30000));
    print(`${responseApi}${cb.verified === undefined ? ' (signature not checked: no --adapter-cert)' : cb.verified ? ' (signature verified)' : ' (SIGNATURE INVALID)'}:`);
    print(cb.body);
    const r = cb.message?.reason;
    if (r) print(`→ responseCode=${r.responseCode} complianceRespCd=${r.complianceRespCd || '-'} approvalRefNum=${r.approvalRefNum || '-'}`);
    for (const b of cb.message?.billerResponses ?? []) print(describeBill(b));
    return cb.verified === false ? 1 : 0;
  } finally {
    await cu.close();
  }
}

if (require.main === module) {
  run(process.argv.slice(2), (l) => process.stdout.write(`${l}\n`)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`${(e as Error).message}\n`);
      process.exit(2);
    },
  );
}
