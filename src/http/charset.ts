// The charset a request's Content-Type declares (design §7: UTF-8 only). A declared charset is an
// encoding, and it outranks the XML declaration (RFC 7303 §3.2): another one than UTF-8 is refused,
// never converted or guessed at — not even for ISO-8859-1 or US-ASCII bytes that happen to be valid
// UTF-8 too, since the sender then meant other characters than the ones read.
import type { Request } from 'express';

// the WHATWG Encoding Standard's common labels of UTF-8
const UTF8_LABELS = new Set(['utf-8', 'utf8']);

/**
 * The declared charset when it is not UTF-8 (as written, at most 20 characters); undefined when none
 * or UTF-8. A charset given twice is refused whatever the two say: readers disagree on which counts.
 */
export function foreignCharset(req: Request): string | undefined {
  const declared = [...(req.headers['content-type'] ?? '').matchAll(/;\s*charset\s*=\s*"?([^";\s]*)/gi)].map((m) => m[1] ?? '');
  if (declared.length > 1) return declared.join(',').slice(0, 20);
  const charset = declared[0];
  return charset === undefined || UTF8_LABELS.has(charset.toLowerCase()) ? undefined : charset.slice(0, 20);
}
