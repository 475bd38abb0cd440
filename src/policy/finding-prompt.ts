// At a terminal, a blocked push asks about each blocking finding in turn: acknowledge it (recorded
// for the team in the acknowledgements file), allow it for this push only, or stop. Each answer
// that lets a finding through needs a reason. Stop, Enter, a timeout or a closed terminal is No.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { formatLocation, oneLine } from '../report/format.js';
import type { Finding } from '../domain/types.js';
import { realTimers, type Timers } from '../timers.js';
import { reasonProblem } from './overrides.js';
import { DEFAULT_EXPIRY_DAYS } from '../ack/default-expiry.js';
import { formatSeconds, withTerminal, type AskOverrideOptions } from './tty-prompt.js';

export type FindingAction = 'acknowledge' | 'once';

export interface FindingChoice {
  finding: Finding;
  action: FindingAction;
  reason: string;
}

export type FindingPromptAnswer = { answered: true; choices: FindingChoice[] } | { answered: false; why: string };

export interface AskPerFindingOptions extends AskOverrideOptions {
  /** The findings that block, in report order. */
  findings: readonly Finding[];
}

export const CHOICE_QUESTION = `  [a] acknowledge for ${DEFAULT_EXPIRY_DAYS} days (recorded in .review-acks.jsonl for the team)  [o] allow for this push only  [s] stop (default): `;
const REASON_QUESTION: Record<FindingAction, string> = {
  acknowledge: '  Why is it not a problem? (recorded with your name): ',
  once: '  Why may it go out in this push? (recorded in the audit log): ',
};
/** Unclear choices and non-reasons ("y") are asked again this many times before it counts as stop. */
const MAX_ATTEMPTS = 3;

export async function askPerFinding(options: AskPerFindingOptions): Promise<FindingPromptAnswer> {
  return withTerminal(options, ({ input, output }) =>
    dialogue(input, output, options.findings, options.timeoutMs, options.timers ?? realTimers),
  );
}

async function dialogue(
  input: Readable,
  output: Writable,
  findings: readonly Finding[],
  timeoutMs: number,
  timers: Pick<Timers, 'setTimeout' | 'clearTimeout'>,
): Promise<FindingPromptAnswer> {
  const lines = lineReader(input, timers);
  try {
    const ask = async (question: string): Promise<string | { stop: string }> => {
      output.write(question);
      const answer = await lines.next(timeoutMs);
      if (answer === 'timeout') {
        output.write('\n');
        return { stop: `no answer within ${formatSeconds(timeoutMs)}` };
      }
      if (answer === null) {
        output.write('\n');
        return { stop: 'the terminal closed without an answer' };
      }
      return answer.trim();
    };

    output.write(`\n${findings.length === 1 ? 'One finding blocks' : `${findings.length} findings block`} this push. For each, choose:\n`);
    const choices: FindingChoice[] = [];
    for (const finding of findings) {
      output.write(`\n${finding.id} (${finding.severity}) ${formatLocation(finding)}  ${oneLine(finding.title)}\n`);
      let action: FindingAction | 'stop' | null = null;
      for (let attempt = 0; action === null; attempt++) {
        if (attempt >= MAX_ATTEMPTS) return { answered: false, why: 'no clear choice given' };
        const answer = await ask(CHOICE_QUESTION);
        if (typeof answer !== 'string') return { answered: false, why: answer.stop };
        action = parseChoice(answer);
      }
      if (action === 'stop') return { answered: false, why: `stopped at ${finding.id}` };

      let reason: string | null = null;
      for (let attempt = 0; reason === null; attempt++) {
        const answer = await ask(REASON_QUESTION[action]);
        if (typeof answer !== 'string') return { answered: false, why: answer.stop };
        if (answer === '') return { answered: false, why: `no reason given for ${finding.id}` };
        const problem = reasonProblem(answer);
        if (problem === null) reason = answer;
        else if (attempt + 1 >= MAX_ATTEMPTS) return { answered: false, why: problem };
        else output.write(`  ${problem}; a few words, please.\n`);
      }
      choices.push({ finding, action, reason });
    }
    return { answered: true, choices };
  } finally {
    lines.close();
  }
}

/** a / ack / acknowledge, o / once / allow, s / stop / n / no / Enter; anything else is unclear (null). */
export function parseChoice(answer: string): FindingAction | 'stop' | null {
  const word = answer.trim().toLowerCase();
  if (['a', 'ack', 'acknowledge'].includes(word)) return 'acknowledge';
  if (['o', 'once', 'allow'].includes(word)) return 'once';
  if (['', 's', 'stop', 'n', 'no', 'q', 'quit'].includes(word)) return 'stop';
  return null;
}

/** Lines of the terminal one at a time, each awaited with a timeout; null once input has ended. */
function lineReader(
  input: Readable,
  timers: Pick<Timers, 'setTimeout' | 'clearTimeout'>,
): { next(timeoutMs: number): Promise<string | null | 'timeout'>; close(): void } {
  // terminal: false keeps the terminal in its normal line mode (the kernel echoes and edits).
  const rl = createInterface({ input, terminal: false });
  const queued: string[] = [];
  let ended = false;
  let waiting: ((line: string | null) => void) | null = null;
  rl.on('line', (line: string) => {
    if (waiting) {
      const deliver = waiting;
      waiting = null;
      deliver(line);
    } else queued.push(line);
  });
  rl.on('close', () => {
    ended = true;
    if (waiting) {
      const deliver = waiting;
      waiting = null;
      deliver(null);
    }
  });
  return {
    next(timeoutMs) {
      if (queued.length > 0) return Promise.resolve(queued.shift()!);
      if (ended) return Promise.resolve(null);
      return new Promise((resolve) => {
        const timer = timers.setTimeout(() => {
          waiting = null;
          resolve('timeout');
        }, timeoutMs);
        waiting = (line) => {
          timers.clearTimeout(timer);
          resolve(line);
        };
      });
    },
    close() {
      rl.removeAllListeners('line');
      rl.close();
    },
  };
}
