// How the console writes money, times and ages: integer paise as rupees (exact, BigInt — never a
// float), epoch ms as IST timestamps.
import { istTimestamp } from '../../core/dates';

export function rupees(paise: number | null | undefined): string {
  if (paise === null || paise === undefined) return '—';
  const p = BigInt(paise);
  const sign = p < 0n ? '-' : '';
  const abs = p < 0n ? -p : p;
  return `${sign}₹${(abs / 100n).toLocaleString('en-IN')}.${String(abs % 100n).padStart(2, '0')}`;
}

export const when = (ms: number | null | undefined): string => (ms === null || ms === undefined ? '—' : istTimestamp(ms).replace('T', ' '));

export function age(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${m % 60} min`;
  return `${Math.floor(h / 24)} days ${h % 24} h`;
}
