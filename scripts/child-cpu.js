// CPU time spent by this process's finished children (and the children they waited for), from
// /proc/self/stat on Linux: what a benchmarked command cost in work, which a busy machine stretches
// far less than its wall time. Null elsewhere.
import { readFileSync } from 'node:fs';

/** Linux reports these fields in USER_HZ ticks, 100 a second on every architecture it runs on. */
const TICK_MS = 10;

/** Milliseconds of user and system time of all children reaped so far; null without /proc. */
export function childCpuMs() {
  let stat;
  try {
    stat = readFileSync('/proc/self/stat', 'utf8');
  } catch {
    return null;
  }
  // After "pid (name) ", the fields run from the state (3rd); cutime and cstime are the 16th and 17th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) * TICK_MS;
}
