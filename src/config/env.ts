// Every environment variable the service reads, with its default and meaning (design §3.2).
// Bad values stop the boot with one line per mistake naming the key (and the file, for *_FILE keys).
// Files named here (keys, certificates, billers) are checked by config/boot.ts before any network call.
import { readFileSync } from 'node:fs';
import Joi from 'joi';
import { AppError } from '../core/errors';
import { paymentLeaseMs } from '../digit/config';

export interface Config {
  /** PORT: HTTP port of the adapter */
  port: number;
  /**
   * HOST: address to bind. Default 0.0.0.0 (every IPv4 interface: pods, containers); 127.0.0.1 when
   * DIGIT_URL is unset, so the demo with its in-process sandbox, unsigned routes, /ops and /metrics
   * is not reachable from the network unless HOST says so.
   */
  host: string;
  /** DIGIT_URL: DIGIT gateway base URL; unset → the DIGIT sandbox runs in-process */
  digitUrl?: string;
  /** DIGIT_USERNAME / DIGIT_PASSWORD (or DIGIT_PASSWORD_FILE): the integrator user */
  digitUsername?: string;
  digitPassword?: string;
  /** DIGIT_LOGIN_TENANT: tenant for /user/oauth/token (the state tenant, e.g. pb) */
  digitLoginTenant: string;
  /** DIGIT_USER_TYPE: EMPLOYEE or SYSTEM */
  digitUserType: 'EMPLOYEE' | 'SYSTEM';
  /** DIGIT_TIMEOUT_MS: per-call timeout towards DIGIT */
  digitTimeoutMs: number;
  /**
   * DIGIT_PERSIST_BOUND_MS: how long after a `_create` began DIGIT may still persist it (its Kafka
   * persister commits after the answer, or after we gave up). Until it has passed, an uncertain payment
   * never moves to a regenerated bill, never fails, and its reversal is not answered "not posted".
   */
  digitPersistBoundMs: number;
  /**
   * DATABASE_URL: sqlite:<path> or postgres://… (default sqlite:./data/ledger.db). The demo — neither
   * DIGIT_URL nor DATABASE_URL set — uses sqlite:./data/demo-ledger.db instead and starts it empty each
   * time, as its in-process sandbox is: the demo's ledger and DIGIT are both fresh on every start.
   */
  databaseUrl: string;
  /** true for the demo's own ledger (see databaseUrl): service.ts empties it at boot */
  demoLedger: boolean;
  /** BILLERS_FILE: biller configuration (design §3.5) */
  billersFile: string;
  /** SANDBOX_PORT: port of `npm run sandbox:digit` */
  sandboxPort: number;
  /** BBPS_OU_ID: our 4-character origInst */
  ouId: string;
  /** BBPS_CALLBACK_URL: base URL of the BBPS central unit; unset → async routes refuse */
  callbackUrl?: string;
  /** BBPS_SIGNING_KEY_FILE / BBPS_CU_CERT_FILE: our private key / the CU's certificate (PEM) */
  signingKeyFile?: string;
  cuCertFile?: string;
  /** BBPS_ALLOWED_IPS: CIDR list allowed on BBPS routes; empty → all. IPv6 zones (`%eth0`) are refused at boot (http/ip-allow.ts) */
  allowedIps: string[];
  /** BBPS_CALLBACK_RETRY_MS: first retry delay of a failed callback */
  callbackRetryMs: number;
  /** BBPS_HEARTBEAT_MS: ReqDiagnostic interval; 0 = off */
  heartbeatMs: number;
  /** SWEEP_INTERVAL_MS: how often unresolved payments are looked for (also at start) */
  sweepIntervalMs: number;
  /** BBPS_SYNC_DEADLINE_MS: longest a sync BBPS request waits for its outcome */
  syncDeadlineMs: number;
  /** BBPS_MAX_BODY_BYTES: largest BBPS request body accepted (413 above) */
  maxBodyBytes: number;
  /**
   * Structural limits of a BBPS body, checked in one pass before any parser (bbps/limits.ts), each
   * refused with a Failure Ack naming it:
   * BBPS_MAX_XML_DEPTH (32) element nesting; BBPS_MAX_ATTRIBUTES (32) attributes on one element;
   * BBPS_MAX_ELEMENTS (1024) elements in the document (comments, CDATA sections and PIs count with them); BBPS_MAX_VALUE_CHARS (16384) characters of one
   * attribute value, one element's text (with its CDATA sections and comments) or name as written (character references count in full);
   * BBPS_MAX_REFERENCES (4096) entity and character references in the document.
   */
  xmlLimits: { maxDepth: number; maxAttributes: number; maxElements: number; maxValueChars: number; maxReferences: number };
  /**
   * HTTP_HEADERS_TIMEOUT_MS (10000): a client must have sent the request's headers within this time;
   * HTTP_REQUEST_TIMEOUT_MS (30000): and the whole request (body included). Slower clients (slow-loris)
   * get 408 and the connection closed. Neither bounds how long the answer may take.
   */
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  /** CLIENTS_FILE: JSON API clients */
  clientsFile: string;
  /**
   * OPERATORS_FILE: operator keys for /ops and the console (design §3.9), as
   * {"operators":[{"id","name","keySha256","role":"viewer"|"operator"}]}; written by npm run
   * operator:add. Missing or empty → /ops and /console refuse everyone (401), except the sandbox demo's own operator.
   */
  operatorsFile: string;
  /**
   * CONSOLE_SESSION_SECRET (or CONSOLE_SESSION_SECRET_FILE, a file holding it): the key (at least 32
   * characters) that signs the web console's session cookies (HMAC-SHA256). Unset → a random key per
   * boot: every operator is signed out at each restart, and sessions do not work across several
   * instances behind one address (set the same secret on each).
   */
  consoleSessionSecret?: string;
  /** CONSOLE_SESSION_SECRET_FILE: read (and checked) by config/boot.ts with the other files */
  consoleSessionSecretFile?: string;
  /** LOG_LEVEL: winston level */
  logLevel: string;
  /** SQLITE_SYNCHRONOUS: NORMAL (default; a power cut may lose the last moments) or FULL */
  sqliteSynchronous: 'NORMAL' | 'FULL';
  /** BBPS_CALLBACK_TIMEOUT_MS: how long one callback POST to the CU may take before it counts as failed */
  callbackTimeoutMs: number;
  /** BBPS_CALLBACK_PARK_AFTER_MS: a callback still undelivered this long after it was queued is parked for operators (24 h) */
  callbackParkAfterMs: number;
  /** TLS_CERT_FILE / TLS_KEY_FILE: PEM certificate chain and key; both set → the adapter serves HTTPS */
  tlsCertFile?: string;
  tlsKeyFile?: string;
  /** TLS_CLIENT_CA_FILE: PEM CA(s) for client certificates; set → every client must present one it signed (mTLS) */
  tlsClientCaFile?: string;
  /**
   * DIGIT_RELOGIN_MS: while no DIGIT token is held (readiness red), the background login is retried at
   * least this often (backoff from 1 s up to it), so readiness turns green by itself soon after DIGIT's
   * logins work again; a refused login still waits for its cool-down (DIGIT locks the account)
   */
  digitReloginMs: number;
  /** OTEL_EXPORTER_OTLP_ENDPOINT: OTLP/HTTP receiver base URL; spans go to <it>/v1/traces. Unset → no export (trace context still propagated and logged) */
  otlpEndpoint?: string;
  /** OTEL_SERVICE_NAME: service.name of the exported spans */
  otelServiceName: string;
}

const schema = Joi.object({
  PORT: Joi.number().integer().min(0).max(65535).default(8080),
  HOST: Joi.alternatives(Joi.string().ip({ cidr: 'forbidden' }), Joi.string().hostname()).messages({ 'alternatives.match': 'must be an IP address or a host name' }),
  DIGIT_URL: Joi.string().uri({ scheme: ['http', 'https'] }),
  DIGIT_USERNAME: Joi.string(),
  DIGIT_PASSWORD: Joi.string(),
  DIGIT_PASSWORD_FILE: Joi.string(),
  DIGIT_LOGIN_TENANT: Joi.string().default('pb'),
  DIGIT_USER_TYPE: Joi.string().valid('EMPLOYEE', 'SYSTEM').default('EMPLOYEE'),
  DIGIT_TIMEOUT_MS: Joi.number().integer().min(100).max(600000).default(10000),
  DIGIT_PERSIST_BOUND_MS: Joi.number().integer().min(0).max(3600000).default(120000),
  // the message never echoes the value: a PostgreSQL URL may hold a password
  DATABASE_URL: Joi.string().pattern(/^(sqlite:|postgres(ql)?:\/\/)/).default('sqlite:./data/ledger.db')
    .messages({ 'string.pattern.base': 'must be sqlite:<path> or postgres://…' }),
  BILLERS_FILE: Joi.string().default('config/billers.json'),
  SANDBOX_PORT: Joi.number().integer().min(0).max(65535).default(8091),
  BBPS_OU_ID: Joi.string().pattern(/^[A-Za-z0-9]{4}$/).default('XX01'),
  BBPS_CALLBACK_URL: Joi.string().uri({ scheme: ['http', 'https'] }),
  BBPS_SIGNING_KEY_FILE: Joi.string(),
  BBPS_CU_CERT_FILE: Joi.string(),
  BBPS_ALLOWED_IPS: Joi.string().allow('').default(''),
  BBPS_CALLBACK_RETRY_MS: Joi.number().integer().min(10).default(2000),
  BBPS_HEARTBEAT_MS: Joi.number().integer().min(0).default(300000),
  SWEEP_INTERVAL_MS: Joi.number().integer().min(10).default(5000),
  BBPS_SYNC_DEADLINE_MS: Joi.number().integer().min(100).max(120000).default(20000),
  BBPS_MAX_BODY_BYTES: Joi.number().integer().min(1024).max(10485760).default(262144),
  BBPS_MAX_XML_DEPTH: Joi.number().integer().min(8).max(256).default(32),
  BBPS_MAX_ATTRIBUTES: Joi.number().integer().min(16).max(1024).default(32),
  BBPS_MAX_ELEMENTS: Joi.number().integer().min(256).max(100000).default(1024),
  BBPS_MAX_VALUE_CHARS: Joi.number().integer().min(4096).max(1048576).default(16384),
  BBPS_MAX_REFERENCES: Joi.number().integer().min(64).max(1000000).default(4096),
  HTTP_HEADERS_TIMEOUT_MS: Joi.number().integer().min(100).max(600000).default(10000),
  HTTP_REQUEST_TIMEOUT_MS: Joi.number().integer().min(100).max(3600000).default(30000),
  CLIENTS_FILE: Joi.string().default('config/clients.json'),
  OPERATORS_FILE: Joi.string().default('config/operators.json'),
  CONSOLE_SESSION_SECRET: Joi.string().min(32).messages({ 'string.min': 'must be at least 32 characters (e.g. openssl rand -base64 48)' }),
  CONSOLE_SESSION_SECRET_FILE: Joi.string(),
  LOG_LEVEL: Joi.string().valid('error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly').default('info'),
  SQLITE_SYNCHRONOUS: Joi.string().valid('NORMAL', 'FULL').default('NORMAL'),
  BBPS_CALLBACK_TIMEOUT_MS: Joi.number().integer().min(100).max(120000).default(10000),
  BBPS_CALLBACK_PARK_AFTER_MS: Joi.number().integer().min(1000).default(86_400_000),
  TLS_CERT_FILE: Joi.string(),
  TLS_KEY_FILE: Joi.string(),
  TLS_CLIENT_CA_FILE: Joi.string(),
  DIGIT_RELOGIN_MS: Joi.number().integer().min(100).max(300000).default(5000),
  OTEL_EXPORTER_OTLP_ENDPOINT: Joi.string().uri({ scheme: ['http', 'https'] }),
  OTEL_SERVICE_NAME: Joi.string().default('bbps-digit-adapter'),
})
  .and('TLS_CERT_FILE', 'TLS_KEY_FILE')
  .with('TLS_CLIENT_CA_FILE', ['TLS_CERT_FILE', 'TLS_KEY_FILE'])
  .oxor('DIGIT_PASSWORD', 'DIGIT_PASSWORD_FILE')
  .oxor('CONSOLE_SESSION_SECRET', 'CONSOLE_SESSION_SECRET_FILE')
  .unknown(true)
  // the object-level rules in the one-line style of the others ("KEY: what is wrong")
  .messages({
    'object.and': '{{#presentWithLabels}}: needs {{#missingWithLabels}} as well',
    'object.with': '{{#mainWithLabel}}: needs {{#peerWithLabel}} as well',
    'object.oxor': '{{#peersWithLabels}}: set only one of them',
  })
  .prefs({ errors: { wrap: { label: false, array: false } } });

export const DEMO_DATABASE_URL = 'sqlite:./data/demo-ledger.db';

const bad = (message: string) => new AppError('CONFIG_INVALID', message);

/** joi's `"PORT" must be a number` → `PORT: must be a number`; several problems on one line. */
function envProblems(error: Joi.ValidationError): string {
  return error.details
    .map((d) => {
      const key = d.path.join('.');
      return key ? `${key}: ${d.message.replace(new RegExp(`^${key} `), '')}` : d.message;
    })
    .join('; ');
}

/** CONSOLE_SESSION_SECRET_FILE's secret (boot.ts reads it with the other files named by the environment). */
export function readSessionSecretFile(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw bad(`CONSOLE_SESSION_SECRET_FILE (${path}): cannot be read (${(e as Error).message})`);
  }
  const secret = text.trim();
  if (secret.length < 32) throw bad(`CONSOLE_SESSION_SECRET_FILE (${path}): must hold at least 32 characters (e.g. openssl rand -base64 48)`);
  return secret;
}

function readPasswordFile(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw bad(`DIGIT_PASSWORD_FILE (${path}): cannot be read (${(e as Error).message})`);
  }
  const password = text.trim();
  if (!password) throw bad(`DIGIT_PASSWORD_FILE (${path}): is empty`);
  return password;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const { value: v, error } = schema.validate(env, { abortEarly: false, convert: true });
  if (error) throw bad(envProblems(error));
  const password = v.DIGIT_PASSWORD_FILE ? readPasswordFile(v.DIGIT_PASSWORD_FILE) : (v.DIGIT_PASSWORD as string | undefined);
  if (v.DIGIT_URL) {
    const missing = [!v.DIGIT_USERNAME && 'DIGIT_USERNAME', !password && 'DIGIT_PASSWORD (or DIGIT_PASSWORD_FILE)'].filter(Boolean);
    if (missing.length) throw bad(`${missing.join(', ')}: required when DIGIT_URL is set`);
  }
  if (v.HTTP_HEADERS_TIMEOUT_MS > v.HTTP_REQUEST_TIMEOUT_MS) {
    throw bad(`HTTP_HEADERS_TIMEOUT_MS (${v.HTTP_HEADERS_TIMEOUT_MS}): must not exceed HTTP_REQUEST_TIMEOUT_MS (${v.HTTP_REQUEST_TIMEOUT_MS})`);
  }
  // A _create may reach DIGIT as late as one payment lease after its attempt was stamped (login, call,
  // 401, re-login, call): a shorter bound would let a reversal answer "not posted" while it is on its way.
  const lease = paymentLeaseMs(v.DIGIT_TIMEOUT_MS);
  if (v.DIGIT_PERSIST_BOUND_MS < lease) {
    throw bad(`DIGIT_PERSIST_BOUND_MS (${v.DIGIT_PERSIST_BOUND_MS}): must be at least the payment lease, 4 × DIGIT_TIMEOUT_MS + 5000 = ${lease} ms (a _create may still be on its way to DIGIT that long)`);
  }
  const demoLedger = !v.DIGIT_URL && env.DATABASE_URL === undefined;
  return {
    port: v.PORT,
    host: v.HOST ?? (v.DIGIT_URL ? '0.0.0.0' : '127.0.0.1'),
    digitUrl: v.DIGIT_URL?.replace(/\/+$/, ''),
    digitUsername: v.DIGIT_USERNAME,
    digitPassword: password,
    digitLoginTenant: v.DIGIT_LOGIN_TENANT,
    digitUserType: v.DIGIT_USER_TYPE,
    digitTimeoutMs: v.DIGIT_TIMEOUT_MS,
    digitPersistBoundMs: v.DIGIT_PERSIST_BOUND_MS,
    databaseUrl: demoLedger ? DEMO_DATABASE_URL : v.DATABASE_URL,
    demoLedger,
    billersFile: v.BILLERS_FILE,
    sandboxPort: v.SANDBOX_PORT,
    ouId: v.BBPS_OU_ID,
    callbackUrl: v.BBPS_CALLBACK_URL?.replace(/\/+$/, ''),
    signingKeyFile: v.BBPS_SIGNING_KEY_FILE,
    cuCertFile: v.BBPS_CU_CERT_FILE,
    allowedIps: (v.BBPS_ALLOWED_IPS as string).split(',').map((s) => s.trim()).filter(Boolean),
    callbackRetryMs: v.BBPS_CALLBACK_RETRY_MS,
    heartbeatMs: v.BBPS_HEARTBEAT_MS,
    sweepIntervalMs: v.SWEEP_INTERVAL_MS,
    syncDeadlineMs: v.BBPS_SYNC_DEADLINE_MS,
    maxBodyBytes: v.BBPS_MAX_BODY_BYTES,
    xmlLimits: { maxDepth: v.BBPS_MAX_XML_DEPTH, maxAttributes: v.BBPS_MAX_ATTRIBUTES, maxElements: v.BBPS_MAX_ELEMENTS, maxValueChars: v.BBPS_MAX_VALUE_CHARS, maxReferences: v.BBPS_MAX_REFERENCES },
    headersTimeoutMs: v.HTTP_HEADERS_TIMEOUT_MS,
    requestTimeoutMs: v.HTTP_REQUEST_TIMEOUT_MS,
    clientsFile: v.CLIENTS_FILE,
    operatorsFile: v.OPERATORS_FILE,
    consoleSessionSecret: v.CONSOLE_SESSION_SECRET,
    consoleSessionSecretFile: v.CONSOLE_SESSION_SECRET_FILE,
    logLevel: v.LOG_LEVEL,
    sqliteSynchronous: v.SQLITE_SYNCHRONOUS,
    callbackTimeoutMs: v.BBPS_CALLBACK_TIMEOUT_MS,
    callbackParkAfterMs: v.BBPS_CALLBACK_PARK_AFTER_MS,
    tlsCertFile: v.TLS_CERT_FILE,
    tlsKeyFile: v.TLS_KEY_FILE,
    tlsClientCaFile: v.TLS_CLIENT_CA_FILE,
    digitReloginMs: v.DIGIT_RELOGIN_MS,
    otlpEndpoint: v.OTEL_EXPORTER_OTLP_ENDPOINT,
    otelServiceName: v.OTEL_SERVICE_NAME,
  };
}
