// A blocked push with a person at the terminal: ask about each blocking finding (acknowledge it,
// allow it for this push only, or stop), record the acknowledgements, and decide again. When only
// the model's failure blocks (no finding to ask about), ask for one reason to push anyway.
import { acknowledgementOf } from '../ack/apply-acks.js';
import { ACK_FILE } from '../ack/ack-file.js';
import { acknowledge } from '../ack/acknowledge.js';
import { parseExpiry } from '../ack/expiry.js';
import { fingerprintOf } from '../findings/fingerprint.js';
import type { Git } from '../git/exec-git.js';
import type { RepoInfo } from '../git/repo.js';
import type { Decision } from '../policy/decide.js';
import { askPerFinding } from '../policy/finding-prompt.js';
import { askOverride, type AskOverrideOptions } from '../policy/tty-prompt.js';
import type { Finding, Override, PushRange } from '../domain/types.js';
import type { RunContext } from '../cli/run-context.js';

export interface AskAtTerminalInput {
  ctx: RunContext;
  git: Git;
  repo: RepoInfo;
  ranges: readonly PushRange[];
  findings: readonly Finding[];
  decision: Decision;
  decideAgain: (findings: readonly Finding[]) => Decision;
  ask: Omit<AskOverrideOptions, 'openTty'>;
}

export type TerminalOutcome =
  | { answered: true; findings: Finding[]; decision: Decision; override: Override | null; messages: string[] }
  /** `failed`: something went wrong recording an answer (say it loudly), not simply a No. */
  | { answered: false; why: string; failed?: boolean };

export async function askAtTerminal(input: AskAtTerminalInput): Promise<TerminalOutcome> {
  const { ctx, decision } = input;
  if (decision.blocking.length === 0) {
    const answer = await askOverride(input.ask);
    if (!answer.answered) return answer;
    return {
      answered: true,
      findings: [...input.findings],
      decision,
      override: { source: 'prompt', reason: answer.reason },
      messages: ['overridden at the terminal; recorded in the audit log. The push continues.'],
    };
  }

  const answer = await askPerFinding({ ...input.ask, findings: decision.blocking });
  if (!answer.answered) return answer;

  const acknowledgements = new Map<string, Finding['acknowledgement']>();
  const messages: string[] = [];
  for (const choice of answer.choices.filter((c) => c.action === 'acknowledge')) {
    const { finding } = choice;
    let result: Awaited<ReturnType<typeof acknowledge>>;
    try {
      result = await acknowledge({
        git: input.git,
        repo: input.repo,
        env: ctx.env,
        now: ctx.now(),
        targets: [{ ...finding, fingerprint: fingerprintOf(finding) }],
        reason: choice.reason,
        // As `review-hook ack` without --expires: the finding comes back for a second look.
        expires: parseExpiry(undefined, ctx.now()),
        ranges: input.ranges,
      });
    } catch (error) {
      // Nothing to acknowledge with (no identity, an unreadable file): the push stays blocked, and says why.
      return {
        answered: false,
        why: `${finding.id} could not be acknowledged: ${error instanceof Error ? error.message : String(error)}`,
        failed: true,
      };
    }
    const entry = result.entries[0]!;
    acknowledgements.set(finding.id, acknowledgementOf(entry));
    messages.push(
      `${finding.id} Acknowledged until ${entry.expires ?? 'never'}: ${choice.reason} (written to ${ACK_FILE}; commit it so later pushes and your team see it; ` +
        `review-hook ack ${finding.id} --reason "…" --expires <90d|YYYY-MM-DD|never> sets another expiry)`,
    );
  }
  const findings = input.findings.map((f) => (acknowledgements.has(f.id) ? { ...f, acknowledgement: acknowledgements.get(f.id)! } : f));

  const once = answer.choices.filter((c) => c.action === 'once');
  const override: Override | null =
    once.length === 0 ? null : { source: 'prompt', reason: once.map((c) => `${c.finding.id}: ${c.reason}`).join('; ') };
  if (override) messages.push(`${once.map((c) => c.finding.id).join(', ')} allowed for this push only; recorded in the audit log.`);
  const again = input.decideAgain(findings);
  if (again.verdict === 'block' && override === null) return { answered: false, why: `still blocked: ${again.reasons.join('; ')}` };
  messages.push('The push continues.');
  return { answered: true, findings, decision: again, override, messages };
}
