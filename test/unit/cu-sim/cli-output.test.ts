// What `npm run sim:bbps` prints: real amounts (exact, from paise), the fields a message carries,
// and "adapter not reachable" for a refused connection instead of fetch's bare "fetch failed".
import { describeBill, formatPaise, reaching, run } from '../../../src/simulators/bbps-cu/cli';
import { freePort } from '../../component/boot/boot-process';

test('amounts in rupees and paise, exactly', () => {
  expect(formatPaise('150000')).toBe('₹1,500.00 (150000 paise)');
  expect(formatPaise('123450')).toBe('₹1,234.50 (123450 paise)');
  expect(formatPaise('5')).toBe('₹0.05 (5 paise)');
  expect(formatPaise('0')).toBe('₹0.00 (0 paise)');
  expect(formatPaise('900719925474099300')).toBe('₹9,007,199,254,740,993.00 (900719925474099300 paise)');
  expect(formatPaise(undefined)).toBe('amount absent');
});

test('a payment response line shows the amount and leaves out what the message lacks', () => {
  expect(describeBill({ billNumber: 'PT-1', amount: '150000' })).toBe('  bill PT-1: ₹1,500.00 (150000 paise)');
  expect(describeBill({ billNumber: 'PT-1', amount: '150000', dueDate: '2026-12-31', customerName: 'A K' })).toBe(
    '  bill PT-1: ₹1,500.00 (150000 paise), due 2026-12-31, customer A K',
  );
});

test('a refused connection says the adapter is not reachable, naming its URL', async () => {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  await expect(reaching(url, () => fetch(url))).rejects.toThrow(`adapter not reachable at ${url} (ECONNREFUSED): is it running? (--adapter names it)`);
  const lines: string[] = [];
  await expect(run(['fetch', '--biller', 'PBMC00000PUN01', '--param', 'City=Amritsar', '--adapter', url, '--port', '0'], (l) => lines.push(l))).rejects.toThrow(
    /^adapter not reachable at/,
  );
});
