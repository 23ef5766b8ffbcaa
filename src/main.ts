// `npm start`: runs the adapter, prints how to try it, and shuts down cleanly on SIGTERM/SIGINT.
import { isAppError } from './core/errors';
import { startService, type RunningService } from './service';

async function main(): Promise<void> {
  // handlers before boot: a signal that arrives while the service starts must still close it
  // cleanly (without a listener, Node would die at once on SIGTERM/SIGINT)
  let signalled: string | undefined;
  let service: RunningService | undefined;
  const stop = (signal: string) => {
    if (signalled) return;
    signalled = signal;
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
  // bad config and the like: one clear line, no stack
  process.stderr.write(`${isAppError(e) ? `${e.code}: ${e.message}` : String((e as Error)?.stack ?? e)}\n`);
  process.exit(1);
});
