// The check stage: the deterministic checks on every pushed commit, and the redaction of every
// secret they found from what may be sent.
import { isExpired } from '../ack/ack-file.js';
import { redactChangeset, redactTexts } from '../checks/redact.js';
import { plural } from '../report/format.js';
import type { Checked, Gathered } from './stage-types.js';

/**
 * Check: the checks read every pushed commit's added lines, never-sent files included, and its message;
 * the model reads the net change, and only a copy with every secret found replaced by a marker.
 * The model still runs when a check already blocks, so all findings are shown at once.
 */
export async function check(input: Gathered): Promise<Checked> {
  const { changeset, task, progress, ctx } = input;
  // Started by gather, beside the changeset's reads.
  const checked = await input.history;
  // Offline nothing is sent, so there is nothing to redact (and the scan of the whole diff is saved).
  const redacted = input.options.offline ? { changeset, count: 0, kinds: [] } : await redactChangeset(changeset, checked.secrets);
  if (redacted.count > 0) progress.detail(`redacted ${plural(redacted.count, 'secret')} (${redacted.kinds.join(', ')}) from what is sent`);
  // The task text goes to the model too: tracker text, plan excerpts and commit messages can hold secrets.
  const sendTask = task
    ? {
        ...task,
        ...(await redactTexts(
          {
            taskContext: task.taskContext,
            implemented: task.implemented,
            requirements: task.requirements,
            previousRound: task.previousRound,
          },
          checked.secrets,
        )),
        acknowledged: input.acks.entries.filter((e) => !isExpired(e, ctx.now())),
      }
    : null;
  return { ...input, checked, redactedChangeset: redacted.changeset, sendTask };
}
