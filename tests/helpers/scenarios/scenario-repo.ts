// What a scenario needs of a repository whose pushes are reviewed: tests/helpers/in-process.ts's
// createReviewedRepo (the pipeline in this process) and tests/helpers/e2e.ts's createHookedRepo (the
// installed package, through its hook and bin) both give it, so each scenario runs on either layer.
import type { TestRepo } from '../git-repo.js';

export interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

export interface ScenarioRepo {
  repo: TestRepo;
  /** A real `git push …`, reviewed as the installed hook reviews it. */
  push(args: string[], extraEnv?: Record<string, string | undefined>): Promise<Run>;
  /** `review-hook …` as a person runs it in the repository. */
  cli(args: string[], extraEnv?: Record<string, string | undefined>): Promise<Run>;
  remoteHead(ref?: string): string | null;
}
