// CPU time and memory of a child process from /proc (Linux), without a sampling library.
import { readFileSync } from 'node:fs';

/** USER_HZ: the unit of utime/stime in /proc/<pid>/stat (100 on every Linux we run on). */
export const CLOCK_TICKS_PER_S = 100;

/** utime + stime in seconds from the text of /proc/<pid>/stat (the name may hold spaces and parens). */
export function cpuSecondsFromStat(stat: string): number {
  const afterName = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields after "(comm) ": state is field 3, utime 14, stime 15 → indexes 11 and 12 here
  const utime = Number(afterName[11]);
  const stime = Number(afterName[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error('unreadable /proc stat line');
  return (utime + stime) / CLOCK_TICKS_PER_S;
}

export interface Memory {
  rssKb: number;
  /** VmHWM: the peak resident set so far */
  peakRssKb: number;
}

export function memoryFromStatus(status: string): Memory {
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  const m = { rssKb: kb('VmRSS'), peakRssKb: kb('VmHWM') };
  if (!Number.isFinite(m.rssKb) || !Number.isFinite(m.peakRssKb)) throw new Error('unreadable /proc status');
  return m;
}

export const cpuSeconds = (pid: number): number => cpuSecondsFromStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
export const memory = (pid: number): Memory => memoryFromStatus(readFileSync(`/proc/${pid}/status`, 'utf8'));

/** CPU used by the processes between start() and the returned stop(): cores busy on average. */
export function cpuMeter(pids: readonly number[]): () => { cpuSeconds: number; cores: number } {
  const t0 = performance.now();
  const c0 = pids.reduce((s, p) => s + cpuSeconds(p), 0);
  return () => {
    const used = pids.reduce((s, p) => s + cpuSeconds(p), 0) - c0;
    const wall = (performance.now() - t0) / 1000;
    return { cpuSeconds: Math.round(used * 100) / 100, cores: wall > 0 ? Math.round((used / wall) * 100) / 100 : 0 };
  };
}
