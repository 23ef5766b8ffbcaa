// `npm start`: runs the adapter, prints how to try it, and shuts down cleanly on SIGTERM/SIGINT.
import { bootErrorLines } from './config/boot';
import { isAppError } from './core/errors';
import { startService, type RunningService } from './service';

/** A signal during boot waits this long for the boot to finish (then shuts down); past it, exit. */
const BOOT_SIGNAL_GRACE_MS = 10_000;
/**
 * The last resort after a signal: whatever hangs (a ledger that never answers, a stuck close), the
 * process is gone within the platform's grace, which must exceed BBPS_SYNC_DEADLINE_MS +
 * DIGIT_TIMEOUT_MS (README "Stopping and crashing"; 45 s in the manifests): in-flight work is
 * bounded by those two, and this adds 10 s for closing (40 s with the defaults).
 */
const hardExitAfterMs = (s: RunningService) => s.config.syncDeadlineMs + s.config.digitTimeoutMs + 10_000;

async function main(): Promise<void> {
  // handlers before boot: a signal that arrives while the service starts must still close it
  // cleanly (without a listener, Node would die at once on SIGTERM/SIGINT)
  let signalled: string | undefined;
  let service: RunningService | undefined;
  const stop = (signal: string) => {
    if (signalled) return;
    signalled = signal;
    lastResort(signal, service ? hardExitAfterMs(service) : BOOT_SIGNAL_GRACE_MS);
    if (service) shutdown(service, signal);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  service = await startService();
  if (signalled) return shutdown(service, signalled);
  if (service.sandboxUrl) {
    process.stdout.write(
      `\nBBPS adapter on ${service.url} with the DIGIT sandbox on ${service.sandboxUrl}.\n` +
        `Try a fetch:\n  curl -s -X POST ${service.url}/bbps/sync/BillFetchRequest -H 'Content-Type: application/xml' --data-binary @examples/fetch.xml\n` +
        `and a payment:\n  curl -s -X POST ${service.url}/bbps/sync/BillPaymentRequest -H 'Content-Type: application/xml' --data-binary @examples/payment.xml\n\n`,
    );
  }
  if (service.demoApiKey) {
    // the sandbox's demo client of the JSON API (in memory only: a new key every start)
    process.stdout.write(
      `JSON API (docs: ${service.url}/api/docs), demo client key: ${service.demoApiKey}\n` +
        `  curl -s ${service.url}/api/v1/billers -H 'Authorization: Bearer ${service.demoApiKey}'\n\n`,
    );
  }
  if (service.demoOperatorKey) {
    // the sandbox's demo operator of /ops and /console (in memory only: a new key every start)
    process.stdout.write(
      `Operators (/ops and the web console), demo operator key: ${service.demoOperatorKey}\n` +
        `  console: ${service.url}/console (sign in with the key above)\n` +
        `  curl -s '${service.url}/ops/outbox?state=PENDING' -H 'Authorization: Bearer ${service.demoOperatorKey}'\n\n`,
    );
  }
}

/** Exits 1 if the process is still here `ms` after the signal (unref'd: never keeps it alive). */
function lastResort(signal: string, ms: number): void {
  setTimeout(() => {
    process.stderr.write(`${signal}: not finished within ${ms / 1000} s; exiting now\n`);
    process.exit(1);
  }, ms).unref();
}

/** Stop accepting, let in-flight requests answer, stop the sweeper, close DIGIT and the ledger; exit. */
function shutdown(service: RunningService, signal: string): void {
  // close() stops listening before its first await: once this line is out, new connections are refused
  const closing = service.close();
  process.stdout.write(`${signal}: finishing in-flight work\n`);
  closing.then(
    () => process.exit(0),
    (e: unknown) => {
      process.stderr.write(`shutdown failed: ${String(e)}\n`);
      process.exit(1);
    },
  );
}

main().catch((e: unknown) => {
  // bad config, a port in use, a ledger that cannot open: one line per problem, no stack
  const lines = isAppError(e) ? bootErrorLines(e) : [String((e as Error)?.stack ?? e)];
  process.stderr.write(`${lines.join('\n')}\n`);
  process.exit(1);
});
