// domain/: the bottom layer, imported by everything and importing nothing of the project's.
// The data that flows through the pipeline. Every stage takes and returns these plain values.
// The closed lists behind these types are in lists.ts; usage shapes in usage.ts.
import type { Category, ModelStatus, ModelVerdict, RequirementStatus, Severity, Verdict } from './lists.js';
import type { Usage } from './usage.js';

export type { BlockOn, Category, ModelStatus, RequirementStatus, Severity } from './lists.js';
export type { Usage } from './usage.js';
export type FindingSource = 'llm' | `check:${string}`;

/** One line of what git writes to a pre-push hook's stdin. */
export interface RefUpdate {
  localRef: string;
  localOid: string;
  remoteRef: string;
  remoteOid: string;
}

/** A range of commits to review: the net change base..head plus the commits in it. */
export interface PushRange {
  /** The ref as the remote will see it (refs/heads/x), or a label for manual runs. */
  ref: string;
  /** Oid of the base commit, or the empty tree oid when the range starts at a root commit. */
  base: string;
  head: string;
  /** Oids of the commits being pushed, oldest first. */
  commits: string[];
  /**
   * Every commit the ref pushes, oldest first, when maxCommits left some out of `commits`: the
   * secret and key checks read them all, since all of them are published.
   */
  everyCommit?: string[];
  /** Things worth telling the user about this range (cap applied, shallow boundary …). */
  notes: string[];
}

/** A line added by the push, with where it was added: what the deterministic checks read. */
export interface AddedLine {
  /** The commit that added it, or null when taken from the net diff. */
  commit: string | null;
  /** The file's path; for a commit message line, the empty string. */
  file: string;
  /** 1-based: the new-file line number, or the line of the commit message. */
  line: number;
  text: string;
  /** A line of the commit's message rather than of a file: pushed just the same. */
  inMessage?: true;
}

export interface CommitInfo {
  oid: string;
  subject: string;
  /** Body without the subject line. */
  body: string;
  author: string;
}

export type DiffLineKind = 'add' | 'del' | 'context';

export interface DiffLine {
  kind: DiffLineKind;
  text: string;
  oldLine: number | null;
  newLine: number | null;
}

export interface Hunk {
  header: string;
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  lines: DiffLine[];
}

export type FileStatus = 'added' | 'modified' | 'deleted' | 'renamed' | 'copied' | 'type-changed';

export interface FileChange {
  path: string;
  oldPath: string | null;
  status: FileStatus;
  binary: boolean;
  additions: number;
  deletions: number;
  hunks: Hunk[];
}

export interface SkippedFile {
  file: string;
  reason: string;
}

/** The skip reason of a file whose part of a split review failed: the reports count these apart. */
export const PART_FAILED_REASON = 'not reviewed: its review request failed';

/** What will be reviewed: the diff of every range, filtered, plus what was left out and why. */
export interface Changeset {
  ranges: PushRange[];
  commits: CommitInfo[];
  files: FileChange[];
  skipped: SkippedFile[];
}

export interface Finding {
  id: string;
  severity: Severity;
  category: Category;
  file: string | null;
  line: number | null;
  endLine: number | null;
  title: string;
  detail: string;
  source: FindingSource;
  /** The cited file:line exists in the reviewed change (always true for findings without a file). */
  located: boolean;
  /**
   * The code the finding is about, for its fingerprint (src/findings/fingerprint.ts): the text of
   * its first cited line in the reviewed file, else the model's quote. Absent for check findings
   * (their line may hold a secret) and for findings read back from a saved report.
   */
  code?: string | null;
  /**
   * What the focused second request said of a finding that would block (see src/verify/); null or
   * absent when no verification was asked. A rejected finding never blocks; an unverified one still does.
   */
  verification?: Verification | null;
  /**
   * Set when `file` and `line` are those of this commit's version of the file, because the pushed
   * head no longer has the text (a secret a later pushed commit removed): it is in the history only.
   */
  commit?: string;
  /**
   * Set on a check's finding that a `checks.<name>.allow` entry accepted: the entry's reason. Such a
   * finding is reported (as minor, the reporters saying it was allowed and why) and never blocks.
   * Policy and the reporters read this field; the title is the check's own.
   */
  allowedByConfig?: string;
  /** Set when an entry of the committed acknowledgements file matches (src/ack/); such a finding never blocks. */
  acknowledgement?: Acknowledgement | null;
}

/** Why a finding was accepted, who did it and when: an entry of the acknowledgements file. */
export interface Acknowledgement {
  reason: string;
  /** git's committer identity: "Name <email>". */
  by: string;
  /** ISO 8601. */
  at: string;
  /** YYYY-MM-DD, the day it stops applying; null never expires. */
  expires: string | null;
}

export type VerificationStatus = 'confirmed' | 'rejected' | 'unverified';

export interface Verification {
  status: VerificationStatus;
  /** The model's reason (confirmed, rejected), or why the verification could not complete (unverified). */
  reason: string;
}

export interface RequirementResult {
  requirement: string;
  status: RequirementStatus;
  evidence: string;
}

/** The model's answer after validation, before ids and location checks. */
export interface ModelReview {
  summary: string;
  findings: Array<Omit<Finding, 'id' | 'source' | 'located'>>;
  strengths: string[];
  requirements: RequirementResult[];
  verdict: ModelVerdict;
}

export type OverrideSource = 'env' | 'git-config' | 'trailer' | 'prompt' | 'skip' | 'ack';

export interface Override {
  source: OverrideSource;
  reason: string;
}

export interface TaskRef {
  id: string;
  title: string;
  foundBy: string;
}

export interface PlanRef {
  path: string;
  sections: string[];
}

/** The report: the contract's JSON shape. */
export interface Report {
  version: 1;
  verdict: Verdict;
  override: Override | null;
  ranges: Array<{ ref: string; base: string; head: string; commits: string[] }>;
  findings: Finding[];
  strengths: string[];
  requirements: RequirementResult[];
  coverage: { reviewed: string[]; skipped: SkippedFile[] };
  usage: Usage;
  errors: string[];
  /** Not in the minimal contract but useful to humans: the model's summary and whether it ran. */
  summary: string | null;
  modelReview: ModelStatus;
  /**
   * The task context the review used: each tracker issue, its title and how it was found
   * (`--issue`, `trailer`, `subject`, `branch`, `commit message`, `edited record`, `context
   * command`); empty when none was found or none was looked for (--offline).
   */
  task: TaskRef[];
  /** The plan documents read for the review, each with the sections read (empty: its start). */
  plans: PlanRef[];
  /**
   * Present on a second round (the last review blocked the same ref or commits): the previous
   * findings no current finding matches (same file and an overlapping line or title), each as
   * "C1 (critical) src/a.ts:12: title" since the previous report is replaced by this one.
   */
  resolved?: string[];
  /**
   * Present on a second round when previous findings came from a check that is now turned off: not
   * judged again, so never called resolved. Same form as `resolved`.
   */
  noLongerChecked?: string[];
  /** Present when acknowledgements that match findings of this review have expired: one sentence each. */
  expiredAcknowledgements?: string[];
}
