// Layering rules (design §2): transport → use cases ← adapters; the core is plain TypeScript.
module.exports = {
  forbidden: [
    {
      name: 'core-is-plain',
      comment: 'src/core knows no transport, adapter, database or HTTP library',
      severity: 'error',
      from: { path: '^src/core' },
      to: { path: ['^src/(http|bbps|digit|ledger|jobs|observability|simulators|config)', 'node_modules/(express|axios|pg|winston|fast-xml-parser|xml-crypto)', '^node:sqlite$|^sqlite$'] },
    },
    {
      name: 'adapters-do-not-know-transport',
      severity: 'error',
      from: { path: '^src/(bbps|digit|ledger|billers|jobs)' },
      to: { path: '^src/(http|simulators)/' },
    },
    {
      name: 'simulators-only-from-the-composition-root',
      comment: 'the sandbox and CU simulator are test and demo tools; only service.ts starts them',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/simulators/', '^src/service\\.ts$'] },
      to: { path: '^src/simulators/' },
    },
    {
      name: 'simulators-stand-alone',
      comment: 'a simulator must not borrow the adapter\'s code, or it would agree with it by construction',
      severity: 'error',
      from: { path: '^src/simulators/digit/' },
      to: { path: '^src/(core|digit|http|bbps|ledger|billers|jobs)/' },
    },
    { name: 'no-circular', comment: 'type-only cycles are harmless', severity: 'error', from: {}, to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
