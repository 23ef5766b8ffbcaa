/** One schema step. Versions only grow; a released migration is never edited, only followed. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The versions of `all` not yet in `applied`, in order; refuses a store newer than this build. */
export function pendingMigrations(all: readonly Migration[], applied: readonly number[]): Migration[] {
  const known = Math.max(0, ...all.map((m) => m.version));
  const newest = Math.max(0, ...applied);
  if (newest > known) {
    throw new Error(`ledger schema is at version ${newest}, newer than this build knows (${known}): refusing to run an older build on it`);
  }
  const done = new Set(applied);
  return all.filter((m) => !done.has(m.version));
}
