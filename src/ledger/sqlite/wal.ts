// How big the WAL of a file ledger may grow, for every connection on the file.
/**
 * With the worker, the connection's own checkpoint is a backstop. The worker's PASSIVE checkpoints copy
 * the WAL into the database but cannot make it start over: SQLite rewinds a WAL only when a writer begins
 * while it is fully copied, and under steady writes a commit always comes first, so the WAL would grow
 * for as long as the load lasts (a cold review measured 585 MB in 8 s). Past this many pages (16 MB at
 * 4 KiB) the connection checkpoints between two of its own commits, finds nearly every page copied
 * already, and its next write rewinds the WAL.
 */
export const BACKSTOP_CHECKPOINT_PAGES = 4000;
/** the WAL file is cut back to this after a rewind (it is never shrunk otherwise) */
export const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;
