import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { askPerFinding, CHOICE_QUESTION, parseChoice, type AskPerFindingOptions } from '../../../src/policy/finding-prompt.js';
import type { TtyStreams } from '../../../src/policy/tty-prompt.js';
import type { Finding } from '../../../src/domain/types.js';
import { eventually, manualTimers } from '../../helpers/manual-timers.js';

const finding = (id: string, line: number): Finding => ({
  id,
  severity: 'critical',
  category: 'security',
  file: 'src/find.js',
  line,
  endLine: null,
  title: `Problem ${id}`,
  detail: '',
  source: 'llm',
  located: true,
});

/** A terminal stand-in that types each answer once the prompt has asked for it. */
function scriptedTerminal(answers: string[]) {
  const input = new PassThrough();
  const output = new PassThrough();
  let written = '';
  let closed = 0;
  let asked = 0;
  output.on('data', (chunk: Buffer) => {
    written += chunk.toString('utf8');
    // Every question ends with "): "; answer each once it appears.
    const prompts = (written.match(/\): /g) ?? []).length;
    while (asked < prompts && asked < answers.length) input.write(`${answers[asked++]}\n`);
  });
  const streams: TtyStreams = {
    input,
    output,
    close() {
      closed += 1;
      input.destroy();
      output.destroy();
    },
  };
  return { openTty: async () => streams, written: () => written, closed: () => closed, end: () => input.end() };
}

function options(overrides: Partial<AskPerFindingOptions>): AskPerFindingOptions {
  return { env: {}, stderrIsTTY: true, interactive: true, timeoutMs: 5_000, findings: [finding('C1', 2), finding('C2', 9)], ...overrides };
}

describe('askPerFinding', () => {
  it('asks about each blocking finding and returns each choice with its reason', async () => {
    const tty = scriptedTerminal(['a', 'the router validates id', 'o', 'hotfix, fixed tomorrow']);
    const answer = await askPerFinding(options({ openTty: tty.openTty }));
    expect(answer).toEqual({
      answered: true,
      choices: [
        { finding: expect.objectContaining({ id: 'C1' }), action: 'acknowledge', reason: 'the router validates id' },
        { finding: expect.objectContaining({ id: 'C2' }), action: 'once', reason: 'hotfix, fixed tomorrow' },
      ],
    });
    expect(tty.written()).toContain('2 findings block this push');
    expect(tty.written()).toContain('C1 (critical) src/find.js:2  Problem C1');
    expect(tty.written()).toContain('C2 (critical) src/find.js:9  Problem C2');
    expect(tty.written().split(CHOICE_QUESTION)).toHaveLength(3);
    expect(tty.closed()).toBe(1);
  });

  it('stop, or Enter, at any finding is No, and nothing after it is asked', async () => {
    const tty = scriptedTerminal(['a', 'fine here', '']);
    const answer = await askPerFinding(options({ openTty: tty.openTty }));
    expect(answer).toEqual({ answered: false, why: 'stopped at C2' });
    expect(tty.closed()).toBe(1);
  });

  it('a reason that is not one is asked again, then counts as No', async () => {
    const tty = scriptedTerminal(['o', 'y', 'yes', '1']);
    const answer = await askPerFinding(options({ openTty: tty.openTty, findings: [finding('C1', 2)] }));
    expect(answer.answered).toBe(false);
    expect(tty.written()).toContain('a few words, please');
  });

  it('an unclear choice is asked again', async () => {
    const tty = scriptedTerminal(['maybe', 'o', 'approved by Ana']);
    const answer = await askPerFinding(options({ openTty: tty.openTty, findings: [finding('C1', 2)] }));
    expect(answer).toMatchObject({ answered: true, choices: [{ action: 'once', reason: 'approved by Ana' }] });
  });

  it('no answer before the timeout is No', async () => {
    const tty = scriptedTerminal([]);
    const timers = manualTimers();
    const pending = askPerFinding(options({ openTty: tty.openTty, timeoutMs: 40, timers }));
    await eventually(() => timers.pending() === 1, 'the prompt waits for an answer');
    timers.advance(40);
    const answer = await pending;
    expect(answer).toEqual({ answered: false, why: 'no answer within 40ms' });
    expect(tty.closed()).toBe(1);
  });

  it('closed input is No', async () => {
    const tty = scriptedTerminal([]);
    const pending = askPerFinding(options({ openTty: tty.openTty }));
    tty.end();
    expect(await pending).toEqual({ answered: false, why: 'the terminal closed without an answer' });
  });

  it('keeps the rules: never in CI, never without a terminal, never when interactive is off', async () => {
    const tty = scriptedTerminal(['o', 'should not be asked']);
    expect(await askPerFinding(options({ openTty: tty.openTty, env: { CI: 'true' } }))).toEqual({ answered: false, why: 'running in CI' });
    expect(await askPerFinding(options({ openTty: tty.openTty, stderrIsTTY: false }))).toEqual({
      answered: false,
      why: 'stderr is not a terminal',
    });
    expect((await askPerFinding(options({ openTty: tty.openTty, interactive: false }))).answered).toBe(false);
    expect(tty.written()).toBe('');
  });
});

describe('parseChoice', () => {
  it.each([
    ['a', 'acknowledge'],
    ['ACK', 'acknowledge'],
    [' acknowledge ', 'acknowledge'],
    ['o', 'once'],
    ['once', 'once'],
    ['allow', 'once'],
    ['', 'stop'],
    ['s', 'stop'],
    ['n', 'stop'],
    ['no', 'stop'],
    ['y', null],
    ['maybe', null],
  ])('%j -> %j', (answer, choice) => {
    expect(parseChoice(answer)).toBe(choice);
  });
});
