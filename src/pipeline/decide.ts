// The decide stage: policy's verdict, an override given up front, and, with a person at the
// terminal, their answer to the prompt.
import { isAllowedFinding } from '../checks/registry.js';
import type { Finding, Override } from '../domain/types.js';
import { decide as decidePolicy } from '../policy/decide.js';
import type { RunContext } from '../cli/run-context.js';
import { buildReport } from './build-report.js';
import { emitReport } from './emit-report.js';
import { givenOverride } from './given-override.js';
import type { Decided, Reviewed } from './stage-types.js';

/** How long the terminal prompt waits for an answer before it counts as "no". */
const PROMPT_TIMEOUT_MS = 60_000;

/** Decide: policy's verdict, an override given up front, and, with a person at the terminal, their answer. */
export async function decide(input: Reviewed): Promise<Decided> {
  const { ctx, options, git, repo, ranges, config, model, progress } = input;
  let findings = input.findings;
  const decideFor = (all: readonly Finding[]) =>
    decidePolicy({
      // Findings a checks.<name>.allow entry accepted are reported but never block.
      findings: all.filter((f) => !isAllowedFinding(f)),
      blockOn: config.blockOn,
      onError: config.onError,
      modelStatus: model.status,
      modelError: model.status === 'failed' ? model.reason : null,
    });
  let decision = decideFor(findings);
  let override: Override | null =
    decision.verdict === 'block'
      ? await givenOverride({
          git,
          env: ctx.env,
          ranges,
          commonDir: repo.commonDir,
          blocking: decision.blocking,
          warn: (m) => progress.warn(m),
        })
      : null;
  let report = buildReport({ ...input, findings }, decision, override);
  // Nobody gave a reason up front, and a person may be at the terminal: show the findings, then ask.
  const prompting = report.verdict === 'block' && options.mode === 'hook' && mayPrompt(ctx.env, ctx.stderrIsTTY, config.interactive);
  if (prompting) {
    await emitReport(ctx, options, report, decision.reasons);
    const { askAtTerminal } = await import('./ask-at-terminal.js');
    const answer = await askAtTerminal({
      ctx,
      git,
      repo,
      ranges,
      findings,
      decision,
      decideAgain: decideFor,
      ask: { env: ctx.env, stderrIsTTY: ctx.stderrIsTTY, interactive: config.interactive, timeoutMs: PROMPT_TIMEOUT_MS },
    });
    if (answer.answered) {
      ({ findings, decision, override } = answer);
      report = buildReport({ ...input, findings }, decision, override);
      for (const message of answer.messages) ctx.stderr.write(`review-hook: ${message}\n`);
    } else {
      if ('failed' in answer && answer.failed) progress.warn(`${answer.why}; the push stays blocked`);
      // The person may have walked away from the question: say plainly why the push did not go.
      else if ('timedOut' in answer && answer.timedOut)
        ctx.stderr.write(`review-hook: the prompt timed out (${answer.why}); the push stays blocked.\n`);
      else progress.detail(`no override: ${answer.why}`);
    }
  }
  return { ...input, findings, decision, override, report, shown: prompting };
}

/** The cheap conditions for asking; askOverride also has to open /dev/tty for real. */
function mayPrompt(env: RunContext['env'], stderrIsTTY: boolean, interactive: boolean): boolean {
  return interactive && stderrIsTTY && (env.CI ?? '') === '';
}
