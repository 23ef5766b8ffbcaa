// JSON.parse keeps the last of a key written twice in one object; other readers keep the first or
// refuse. Where a body is checked by one reader and acted on by another (a gateway, then this API),
// `{"amountPaise":100,"amountPaise":150000}` is two different payments: refused instead, as a repeated
// XML element is (design §7: never guessed).

interface Frame {
  /** undefined for an array */
  keys?: Set<string>;
  /** the next string in this object is a key */
  wantKey: boolean;
}

/**
 * The first key repeated within one object of `text`, or undefined. `text` must be valid JSON (it has
 * been parsed already): one linear pass, keys compared as JSON reads them ("a" and "\u0061" are one).
 */
export function firstRepeatedKey(text: string): string | undefined {
  const stack: Frame[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const top = stack[stack.length - 1];
    if (c === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      if (top?.keys && top.wantKey) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (top.keys.has(key)) return key;
        top.keys.add(key);
        top.wantKey = false;
      }
      i = end;
    } else if (c === '{') stack.push({ keys: new Set(), wantKey: true });
    else if (c === '[') stack.push({ wantKey: false });
    else if (c === '}' || c === ']') stack.pop();
    else if (c === ',' && top?.keys) top.wantKey = true;
  }
  return undefined;
}
