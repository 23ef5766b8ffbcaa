// Growth mode (`--growth`): the ledger is filled directly, in its real schema, by cloning one real
// payment the adapter made (its row, bill link, stored fetch and the four messages) under new keys,
// one INSERT … SELECT per table and chunk; then the same paced load is measured at each size.
export type Dialect = 'sqlite' | 'postgres';

export interface CloneSpec {
  table: string;
  /** every column written (an INTEGER PRIMARY KEY left out is numbered by the engine) */
  columns: readonly string[];
  /** column → SQL expression over `i` (the sequence number) and `src` (the template row) */
  replace: Readonly<Record<string, string>>;
  /** picks the template rows of `src`, with the template key as parameter 3 */
  where: string;
}

/** One INSERT … SELECT writing a clone of the template rows for every i in [parameter 1, parameter 2]. */
export function cloneSql(d: Dialect, c: CloneSpec): string {
  const exprs = c.columns.map((col) => c.replace[col] ?? `src.${col}`).join(', ');
  // node:sqlite binds a JS number as REAL: CAST, or the keys would read `-12.0`
  const p = d === 'sqlite' ? ['CAST(?1 AS INTEGER)', 'CAST(?2 AS INTEGER)', '?3'] : ['$1::int', '$2::int', '$3::text'];
  const where = c.where.replace('$key', p[2]);
  const seq = d === 'sqlite'
    ? `WITH RECURSIVE seq(i) AS (SELECT ${p[0]} UNION ALL SELECT i + 1 FROM seq WHERE i < ${p[1]}) `
    : '';
  const from = d === 'sqlite' ? 'seq' : `generate_series(${p[0]}, ${p[1]}) AS seq(i)`;
  return `${seq}INSERT INTO ${c.table} (${c.columns.join(', ')}) SELECT ${exprs} FROM (SELECT * FROM ${c.table} WHERE ${where}) AS src CROSS JOIN ${from}`;
}

/** The four clones of a payment, in foreign-key order; keys `G<tag>-<i>` never met by the load. */
export function paymentClones(tag: string, cols: (table: string) => readonly string[]): Array<CloneSpec & { key: 'txn' | 'ref' }> {
  const txn = `'G${tag}-' || i`;
  const ref = `'GR${tag}-' || i`;
  return [
    { key: 'txn', table: 'payments', columns: cols('payments'), replace: { txn_reference_id: txn, ref_id: ref, msg_id: ref }, where: 'txn_reference_id = $key' },
    { key: 'txn', table: 'payment_bills', columns: cols('payment_bills'), replace: { txn_reference_id: txn, bill_id: `'GB${tag}-' || i` }, where: 'txn_reference_id = $key' },
    { key: 'ref', table: 'fetches', columns: cols('fetches'), replace: { ref_id: ref }, where: 'ref_id = $key' },
    {
      key: 'ref', table: 'messages', columns: cols('messages').filter((c) => c !== 'id'),
      replace: { ref_id: ref, txn_reference_id: `CASE WHEN src.txn_reference_id IS NULL THEN NULL ELSE ${txn} END` },
      where: 'ref_id = $key',
    },
  ];
}

/** Sizes the ledger is filled to, from the payments already in it; chunks of at most `chunk`. */
export function seedPlan(levels: readonly number[], have: number, chunk: number): Array<{ level: number; chunks: Array<[number, number]> }> {
  let next = have;
  return levels.filter((l) => l > have).map((level) => {
    const chunks: Array<[number, number]> = [];
    for (; next < level; next = Math.min(level, next + chunk)) chunks.push([next + 1, Math.min(level, next + chunk)]);
    return { level, chunks };
  });
}
