// Creates a ledger file's directory one level at a time. Node's mkdirSync({recursive: true}) loops
// for ever, synchronously, on a parent that refuses with ENOENT (e.g. /proc/x): the process then
// burns a core and cannot even see SIGTERM. Here every level is one mkdir, so any refusal is an error.
import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

export function ensureDir(dir: string): void {
  const missing: string[] = [];
  let at = dir;
  for (;;) {
    let isDir: boolean;
    try {
      isDir = statSync(at).isDirectory();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      const parent = dirname(at);
      if (parent === at) throw e; // the root itself is missing: nothing to build on
      missing.unshift(at);
      at = parent;
      continue;
    }
    if (!isDir) throw new Error(`${at} is not a directory`);
    break;
  }
  for (const d of missing) {
    try {
      mkdirSync(d);
    } catch (e) {
      // another process may have made it meanwhile
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}
