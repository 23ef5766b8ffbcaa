// `npm start`: runs the adapter, prints how to try it, and shuts down cleanly on SIGTERM/SIGINT.
import { isAppError } from './core/errors';
import { startService } from './service';

async function main(): Promise<void> {
  const service = await startService();
  if (service.sandboxUrl) {
    process.stdout.write(
      `\nBBPS adapter on ${service.url} with the DIGIT sandbox on ${service.sandboxUrl}.\n` +
        `Try a fetch:\n  curl -s -X POST ${service.url}/bbps/sync/BillFetchRequest -H 'Content-Type: application/xml' --data-binary @examples/fetch.xml\n` +
        `and a payment:\n  curl -s -X POST ${service.url}/bbps/sync/BillPaymentRequest -H 'Content-Type: application/xml' --data-binary @examples/payment.xml\n\n`,
    );
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: finishing in-flight work\n`);
    service.close().then(
      () => process.exit(0),
      (e: unknown) => {
        process.stderr.write(`shutdown failed: ${String(e)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((e: unknown) => {
  // bad config and the like: one clear line, no stack
  process.stderr.write(`${isAppError(e) ? `${e.code}: ${e.message}` : String((e as Error)?.stack ?? e)}\n`);
  process.exit(1);
});
