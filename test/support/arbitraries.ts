// fast-check arbitraries shared by the codec's property tests: ids, parameter names and values as
// channels send them, and arbitrary element trees with BBPS's own and hostile names; and the verdict
// every reader must give whatever it is handed: a reading or an AppError, nothing else.
import fc from 'fast-check';
import { isAppError } from '../../src/core/errors';

/** Runs `read`; returns its result, or undefined when it refused with an AppError; anything else thrown fails. */
export function readOrRefuse<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (e) {
    if (!isAppError(e)) throw new Error(`not an AppError: ${(e as Error)?.stack ?? String(e)}`);
    return undefined;
  }
}

const idChars = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789');
export const id = (n: number) => fc.string({ unit: idChars, minLength: n, maxLength: n });
// parameter values as channels send them: any printable text, markup characters and non-ASCII included
export const value = fc.string({ unit: fc.oneof(fc.constantFrom(...'<>&"\' -/._'), fc.constantFrom(...'abcXYZ019'), fc.constantFrom('ā', 'ਅ', '₹', '漢')), minLength: 1, maxLength: 40 }).filter((s) => s.trim() === s && s.trim() !== '');
export const paramName = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghij'), minLength: 1, maxLength: 20 }).filter((s) => s.trim() === s && s !== '');
/** distinct customer parameters, in order */
export const params = fc.uniqueArray(fc.tuple(paramName, value), { minLength: 1, maxLength: 5, selector: ([n]) => n });

/** An arbitrary element tree written as XML: the given names, attributes (hostile ones included), text with markup stripped. */
export function treeOf(names: fc.Arbitrary<string>, maxDepth = 4): fc.Arbitrary<string> {
  const attrs = fc.array(fc.tuple(fc.constantFrom('refId', 'name', 'value', 'amount', '__proto__', 'xmlns', 'xmlns:ns2', 'xml:lang'), fc.string({ maxLength: 8 })), { maxLength: 4 });
  return fc.letrec((tie) => ({
    node: fc.tuple(names, attrs, fc.array(fc.oneof({ depthSize: 'small', maxDepth }, fc.string({ maxLength: 8 }), tie('node')), { maxLength: 4 })).map(([n, as, kids]) => {
      const at = as.map(([k, v]) => ` ${k}="${v.replace(/[&<"]/g, '')}"`).join('');
      return `<${n}${at}>${(kids as string[]).join('')}</${n}>`;
    }),
  })).node as fc.Arbitrary<string>;
}
