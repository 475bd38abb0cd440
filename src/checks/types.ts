// Deterministic checks: small units that look at added lines and need no model.
import type { CheckSettings } from '../config/types.js';
import type { Finding } from '../types.js';

/** A line added by the push, with where it was added. */
export interface AddedLine {
  /** The commit that added it, or null when taken from the net diff. */
  commit: string | null;
  file: string;
  line: number;
  text: string;
}

export type CheckFinding = Omit<Finding, 'id' | 'source' | 'located'>;

export interface Check {
  name: string;
  description: string;
  /** Whether the check runs when the config does not mention it. */
  enabledByDefault: boolean;
  run(lines: readonly AddedLine[], settings: CheckSettings): Promise<CheckFinding[]> | CheckFinding[];
}
