import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteLedger } from '../../../src/ledger/sqlite/open';
import { describeLedgerConformance } from './conformance';

const dir = mkdtempSync(join(tmpdir(), 'ledger-conformance-'));

describeLedgerConformance(
  'SQLite file',
  () => openSqliteLedger(join(dir, 'nested', 'ledger.db')),
  async () => rmSync(dir, { recursive: true, force: true }),
  { persistent: true },
);

describeLedgerConformance('SQLite :memory:', () => openSqliteLedger(':memory:'));
