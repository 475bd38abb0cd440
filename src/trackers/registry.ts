// Every tracker, in order of precedence: a configured `context.command` replaces Beads. Adding a
// tracker is one folder beside this file (implementing Tracker from tracker.ts) and one line here.
import type { ReviewConfig } from '../config/types.js';
import { beadsTracker } from './beads/beads-tracker.js';
import { commandTracker } from './command/command-tracker.js';
import type { Tracker } from './tracker.js';

const trackers: readonly Tracker[] = [commandTracker, beadsTracker];

/** The tracker the config turns on, or null when none is. */
export function trackerFor(config: ReviewConfig): Tracker | null {
  return trackers.find((tracker) => tracker.enabled(config)) ?? null;
}
