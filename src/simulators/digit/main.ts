// `npm run sandbox:digit`: the DIGIT sandbox alone on SANDBOX_PORT (default 8091).
import { createDigitSandbox, SANDBOX_USER } from './index';

async function main(): Promise<void> {
  const port = Number(process.env.SANDBOX_PORT ?? 8091);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`SANDBOX_PORT must be a port number, got ${process.env.SANDBOX_PORT}`);
  const host = process.env.SANDBOX_HOST ?? '127.0.0.1';
  const sandbox = createDigitSandbox();
  const { url, close } = await sandbox.listen(port, host);
  console.log(`DIGIT sandbox listening on ${url}`);
  console.log(`  login: POST ${url}/user/oauth/token (Basic egov-user-client:)`);
  console.log(`  username=${SANDBOX_USER.username} password=${SANDBOX_USER.password} tenantId=${SANDBOX_USER.tenantId} userType=${SANDBOX_USER.userType}`);
  console.log(`  admin:  ${url}/_admin/stats, /_admin/faults, /_admin/reset`);
  const stop = () => {
    void sandbox.dispose().then(close).then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
