// maskPii copies what is logged: keys a client chose (a JSON body's "__proto__", "constructor") stay
// plain keys of the copy, masked like any other, and never become its prototype.
import { maskPii } from '../../../src/observability/mask';

test('an own "__proto__" key (as JSON.parse makes it) is copied as a key, its mobile masked, not as the prototype', () => {
  const logged = JSON.parse('{"customerParams":{"__proto__":{"mobile":"9876543210"},"constructor":"9876543210"}}') as unknown;
  const out = maskPii(logged) as { customerParams: Record<string, unknown> };
  expect(Object.getPrototypeOf(out.customerParams)).toBe(Object.prototype);
  expect(Object.keys(out.customerParams)).toEqual(['__proto__', 'constructor']);
  expect(JSON.stringify(out)).not.toContain('9876543210');
  expect(JSON.stringify(out)).toContain('"__proto__":{"mobile":');
  expect(({} as Record<string, unknown>).mobile).toBeUndefined();
});
