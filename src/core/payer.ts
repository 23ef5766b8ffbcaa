// paidBy and mobileNumber for DIGIT's Payment (design §3.6). DIGIT's paidBy pattern backtracks
// exponentially on hostile input, so names are reduced in one linear pass instead of tested with it.

const LETTER = /[A-Za-z]/;
const SEPARATOR = /[_\-'`.]/;
const VALID_MOBILE = /^[6-9][0-9]{9}$/;

/** Keeps letters, single spaces and separators that sit between a letter and a letter/space. */
export function reducePayerName(name: string | undefined): string | undefined {
  if (!name) return undefined;
  let out = '';
  for (let i = 0; i < name.length; i++) {
    const c = name[i];
    if (LETTER.test(c)) out += c;
    else if (SEPARATOR.test(c) && LETTER.test(out.slice(-1)) && /[A-Za-z ]/.test(name[i + 1] ?? '')) out += c;
    else if (!out.endsWith(' ')) out += ' ';
  }
  // a separator kept for the space after it must not end the name once that space is trimmed (or cut)
  out = out.trim().slice(0, 128).replace(/[_\-'`. ]+$/, '');
  if (!out || !LETTER.test(out[0])) return undefined;
  return out;
}

/** A channel-masked name (XXXXXXXX) is no name. */
const isMasked = (name: string) => /^[Xx* ]+$/.test(name);

export function choosePaidBy(channelName: string | undefined, billPayer: string | undefined): string {
  const fromChannel = channelName && !isMasked(channelName) ? reducePayerName(channelName) : undefined;
  return fromChannel ?? reducePayerName(billPayer) ?? 'BBPS';
}

export function chooseMobile(...candidates: Array<string | undefined>): string | undefined {
  return candidates.find((m) => m !== undefined && VALID_MOBILE.test(m));
}
