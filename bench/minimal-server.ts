// The minimal payment path of design §6, run as its own process by the bench: only the work no honest
// adapter can skip. Parse the BBPS XML, insert a ledger row (same engine and durability settings as
// the adapter), one `_create` to the sandbox, update the row, build the answer XML. It is the
// yardstick the adapter's payments/s and p99 are divided by (bench/report.ts).
// Env: PORT, SANDBOX_URL, DIGIT_TOKEN, DATABASE_URL (sqlite:<file> or postgres://…).
import http from 'node:http';
import { DatabaseSync } from 'node:sqlite';
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { Pool } from 'pg';
import { createBody, CREATE_PATH } from './messages';

const env = (k: string): string => {
  const v = process.env[k];
  if (!v) throw new Error(`minimal path: ${k} is not set`);
  return v;
};
const sandbox = new URL(env('SANDBOX_URL'));
const token = env('DIGIT_TOKEN');
const databaseUrl = env('DATABASE_URL');

interface Row {
  insert(txn: string, refId: string, paise: number, request: string, at: number): Promise<void>;
  update(txn: string, state: string, receipt: string, at: number): Promise<void>;
}

function sqliteRows(file: string): Row {
  const db = new DatabaseSync(file);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = NORMAL');
  db.exec(`CREATE TABLE IF NOT EXISTS minimal_payments (txn TEXT PRIMARY KEY, ref_id TEXT NOT NULL, paise INTEGER NOT NULL,
    state TEXT NOT NULL, request TEXT NOT NULL, receipt TEXT, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL) STRICT`);
  const ins = db.prepare(`INSERT INTO minimal_payments VALUES (?, ?, ?, 'POSTING', ?, NULL, ?, ?)`);
  const upd = db.prepare(`UPDATE minimal_payments SET state = ?, receipt = ?, updated_at = ? WHERE txn = ?`);
  return {
    insert: async (txn, refId, paise, request, at) => void ins.run(txn, refId, paise, request, at, at),
    update: async (txn, state, receipt, at) => void upd.run(state, receipt, at, txn),
  };
}

async function postgresRows(url: string): Promise<Row> {
  const pool = new Pool({ connectionString: url, max: 10 });
  await pool.query(`CREATE TABLE IF NOT EXISTS minimal_payments (txn TEXT PRIMARY KEY, ref_id TEXT NOT NULL, paise BIGINT NOT NULL,
    state TEXT NOT NULL, request TEXT NOT NULL, receipt TEXT, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)`);
  return {
    insert: async (txn, refId, paise, request, at) =>
      void (await pool.query({ name: 'ins', text: `INSERT INTO minimal_payments VALUES ($1, $2, $3, 'POSTING', $4, NULL, $5, $5)`, values: [txn, refId, paise, request, at] })),
    update: async (txn, state, receipt, at) =>
      void (await pool.query({ name: 'upd', text: `UPDATE minimal_payments SET state = $1, receipt = $2, updated_at = $3 WHERE txn = $4`, values: [state, receipt, at, txn] })),
  };
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', removeNSPrefix: true, parseAttributeValue: false, isArray: (n) => n === 'Tag' });
const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@', suppressEmptyNode: true });
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

interface Tag { name: string; value: string }
interface Payment {
  Head: { refId: string };
  Txn: { txnReferenceId: string; msgId: string };
  Amount: { Amt: { amount: string } };
  BillDetails: { CustomerParams: { Tag: Tag[] } };
  Customer?: { mobile?: string };
}

function digitCreate(body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: sandbox.hostname, port: sandbox.port, method: 'POST', path: CREATE_PATH, agent, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function pay(rows: Row, xml: string): Promise<string> {
  const p = (parser.parse(xml) as { BillPaymentRequest: Payment }).BillPaymentRequest;
  const txn = p.Txn.txnReferenceId;
  const paise = Number(p.Amount.Amt.amount);
  const billId = p.BillDetails.CustomerParams.Tag.find((t) => t.name === 'BillId')?.value;
  if (!billId || !Number.isSafeInteger(paise) || paise % 100 !== 0) throw new Error('minimal path: bad payment');
  await rows.insert(txn, p.Head.refId, paise, xml, Date.now());
  const mobile = p.BillDetails.CustomerParams.Tag.find((t) => t.name === 'Mobile')?.value ?? '9999999999';
  const r = await digitCreate(createBody(token, { billId, rupees: paise / 100, txn, mobile }));
  const ok = r.status === 200 && r.text.includes('"Payments":[{');
  const receipt = ok ? (/"receiptNumber":"([^"]*)"/.exec(r.text)?.[1] ?? '') : '';
  await rows.update(txn, ok ? 'SUCCESS' : 'FAILED', receipt, Date.now());
  const now = new Date().toISOString();
  return `<?xml version="1.0" encoding="UTF-8"?>` + builder.build({
    'ns2:BillPaymentResponse': {
      '@xmlns:ns2': 'http://bbps.org/schema',
      Head: { '@ver': '1.0', '@ts': now, '@origInst': 'BBPS', '@refId': p.Head.refId },
      Reason: { '@approvalRefNum': receipt, '@responseCode': ok ? '000' : '200', '@responseReason': ok ? 'Successful' : 'Failure' },
      Txn: { '@ts': now, '@msgId': p.Txn.msgId, '@txnReferenceId': txn },
    },
  }) as string;
}

async function main(): Promise<void> {
  const rows = databaseUrl.startsWith('sqlite:') ? sqliteRows(databaseUrl.slice('sqlite:'.length)) : await postgresRows(databaseUrl);
  const server = http.createServer((req, res) => {
    if (req.method === 'GET') return void res.writeHead(200).end('ok');
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      pay(rows, Buffer.concat(chunks).toString('utf8')).then(
        (xml) => res.writeHead(200, { 'Content-Type': 'application/xml' }).end(xml),
        (e: unknown) => res.writeHead(500).end(String(e)),
      );
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(Number(env('PORT')), '127.0.0.1');
  process.once('SIGTERM', () => server.close(() => process.exit(0)));
}

void main();
