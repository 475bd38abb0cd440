// A clock that moves only when the test says so: timeouts, deadlines and pools are tested by
// advancing it, never by waiting for wall time.
import type { Timers } from '../../src/timers.js';

export interface ManualTimers extends Timers {
  /** Moves the clock forward, running every timer that falls due, in order. */
  advance(ms: number): void;
  /** Timers set and not yet run or cleared. */
  pending(): number;
}

export function manualTimers(start = 0): ManualTimers {
  let now = start;
  let nextId = 1;
  const timers = new Map<number, { at: number; callback: () => void }>();
  return {
    now: () => now,
    setTimeout(callback, ms) {
      const id = nextId++;
      timers.set(id, { at: now + Math.max(0, ms), callback });
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].callback();
      }
      now = end;
    },
    pending: () => timers.size,
  };
}

/** Waits (on real time, briefly polling) until something the code under test does has happened. */
export async function eventually(condition: () => boolean, what: string, tries = 2000): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`never happened: ${what}`);
}
