import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPostgresApiStore, openSqliteApiStore } from '../../../src/ledger/api-store';
import { openSqliteLedger } from '../../../src/ledger';
import { describePg, dropSchema, TEST_DATABASE_URL, uniqueSchema } from '../../support/pg';
import { describeApiStoreConformance } from './store-conformance';

const dir = mkdtempSync(join(tmpdir(), 'bbps-api-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeApiStoreConformance('SQLite (beside the ledger, on its file)', async () => {
  // the service opens the ledger first (it migrates the file), then the store on the same file
  const file = join(dir, 'ledger.db');
  const ledger = await openSqliteLedger(file);
  await ledger.close();
  return openSqliteApiStore(file, () => Date.now());
});

describeApiStoreConformance('SQLite (:memory:)', async () => openSqliteApiStore(':memory:', () => Date.now()));

describePg('PostgreSQL', () => {
  const schema = uniqueSchema('api_store');
  describeApiStoreConformance('PostgreSQL', () => openPostgresApiStore(TEST_DATABASE_URL, () => Date.now(), schema), () => dropSchema(schema));
});
