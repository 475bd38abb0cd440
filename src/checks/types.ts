// Deterministic checks: small units that look at added lines and need no model.
import type { CheckSettings } from '../config/types.js';
import type { AddedLine, Finding } from '../domain/types.js';

/** A secret's exact text and what kind it is, so it can be replaced before anything is sent. */
export interface SecretValue {
  /** A short slug for the redaction marker, e.g. `github-token`. */
  kind: string;
  value: string;
}

export type CheckFinding = Omit<Finding, 'id' | 'source' | 'located' | 'commit'> & {
  /** The commit whose added line this is (null for the net diff); the report shows it only for history-only findings. */
  commit?: string | null;
  /**
   * What an allow-list `pattern` is tested against: the offending text and its whole line. Kept out
   * of the report (it may be the secret itself).
   */
  evidence?: string[];
  /** Secret text this finding is about; never shown, only used to redact what is sent. */
  secrets?: SecretValue[];
};

export interface Check {
  name: string;
  description: string;
  /** Whether the check runs when the config does not mention it. */
  enabledByDefault: boolean;
  run(lines: readonly AddedLine[], settings: CheckSettings): Promise<CheckFinding[]> | CheckFinding[];
}
