import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { askOverride, openDevTty, PROMPT_QUESTION, type AskOverrideOptions, type TtyStreams } from '../../../src/policy/tty-prompt.js';
import { tempDir } from '../../helpers/git-repo.js';
import { eventually, manualTimers } from '../../helpers/manual-timers.js';

/** A terminal stand-in: what the prompt writes lands in `written`, `type` feeds the answer. */
function fakeTerminal() {
  const input = new PassThrough();
  const output = new PassThrough();
  let written = '';
  output.on('data', (chunk: Buffer) => {
    written += chunk.toString('utf8');
  });
  let opened = 0;
  let closed = 0;
  const streams: TtyStreams = {
    input,
    output,
    close() {
      closed += 1;
      input.destroy();
      output.destroy();
    },
  };
  return {
    openTty: async () => {
      opened += 1;
      return streams;
    },
    type: (text: string) => input.write(text),
    end: () => input.end(),
    written: () => written,
    counts: () => ({ opened, closed }),
  };
}

function options(overrides: Partial<AskOverrideOptions>): AskOverrideOptions {
  return { env: {}, stderrIsTTY: true, interactive: true, timeoutMs: 5_000, ...overrides };
}

describe('askOverride with an injected terminal', () => {
  it('a typed reason overrides, and the terminal is closed', async () => {
    const tty = fakeTerminal();
    const pending = askOverride(options({ openTty: tty.openTty }));
    tty.type('  hotfix approved by Ana  \n');
    expect(await pending).toEqual({ answered: true, reason: 'hotfix approved by Ana' });
    expect(tty.written()).toBe(PROMPT_QUESTION);
    expect(PROMPT_QUESTION).toContain('Push anyway? Type a reason to override, or press Enter to cancel:');
    expect(tty.counts()).toEqual({ opened: 1, closed: 1 });
  });

  it('pressing Enter is No', async () => {
    const tty = fakeTerminal();
    const pending = askOverride(options({ openTty: tty.openTty }));
    tty.type('\n');
    expect(await pending).toEqual({ answered: false, why: 'no reason given' });
    expect(tty.counts().closed).toBe(1);
  });

  it('no answer before the timeout is No, and the prompt line is ended', async () => {
    const tty = fakeTerminal();
    const timers = manualTimers();
    const pending = askOverride(options({ openTty: tty.openTty, timeoutMs: 80, timers }));
    await eventually(() => timers.pending() === 1, 'the prompt waits for an answer');
    timers.advance(79);
    tty.type('');
    timers.advance(1);
    const answer = await pending;
    expect(answer).toEqual({ answered: false, why: 'no answer within 80ms', timedOut: true });
    expect(timers.pending()).toBe(0);
    expect(tty.written()).toBe(`${PROMPT_QUESTION}\n`);
    expect(tty.counts().closed).toBe(1);
  });

  it('an answer typed after the timeout changes nothing', async () => {
    const tty = fakeTerminal();
    const timers = manualTimers();
    const pending = askOverride(options({ openTty: tty.openTty, timeoutMs: 30, timers }));
    await eventually(() => timers.pending() === 1, 'the prompt waits for an answer');
    timers.advance(30);
    const answer = await pending;
    tty.type('too late\n');
    expect(answer.answered).toBe(false);
  });

  it('"y" is not a reason: asks again, then takes the real reason', async () => {
    const tty = fakeTerminal();
    const pending = askOverride(options({ openTty: tty.openTty }));
    tty.type('y\n');
    tty.type('the key is a documented test fixture\n');
    expect(await pending).toEqual({ answered: true, reason: 'the key is a documented test fixture' });
    expect(tty.written()).toContain('Type a reason (a few words');
  });

  it('gives up after three answers that are not reasons', async () => {
    const tty = fakeTerminal();
    const pending = askOverride(options({ openTty: tty.openTty }));
    tty.type('y\nyes\ntrue\n');
    expect(await pending).toEqual({ answered: false, why: '"true" is not a reason' });
  });

  it('end of input (Ctrl-D) is No', async () => {
    const tty = fakeTerminal();
    const pending = askOverride(options({ openTty: tty.openTty }));
    tty.end();
    expect(await pending).toEqual({ answered: false, why: 'the terminal closed without an answer' });
  });

  it('a terminal that fails to close does not change the answer', async () => {
    const tty = fakeTerminal();
    const pending = askOverride(
      options({
        openTty: async () => {
          const streams = await tty.openTty();
          return { ...streams, close: () => Promise.reject(new Error('EIO')) };
        },
      }),
    );
    tty.type('reason\n');
    expect(await pending).toEqual({ answered: true, reason: 'reason' });
  });

  it.each([
    ['CI is set', { env: { CI: 'true' } }, 'running in CI'],
    ['CI=1', { env: { CI: '1' } }, 'running in CI'],
    ['stderr is not a terminal', { stderrIsTTY: false }, 'stderr is not a terminal'],
    ['interactive is off', { interactive: false }, 'interactive prompts are turned off (interactive: false)'],
  ])('does not even open the terminal when %s', async (_name, given, why) => {
    const tty = fakeTerminal();
    expect(await askOverride(options({ ...given, openTty: tty.openTty }))).toEqual({ answered: false, why });
    expect(tty.counts()).toEqual({ opened: 0, closed: 0 });
  });

  it('an empty CI does not count as CI', async () => {
    const tty = fakeTerminal();
    const pending = askOverride(options({ env: { CI: '' }, openTty: tty.openTty }));
    tty.type('ok then\n');
    expect(await pending).toEqual({ answered: true, reason: 'ok then' });
  });

  it('a terminal that does not open is No, with the cause', async () => {
    const enxio = Object.assign(new Error('ENXIO: no such device or address, open /dev/tty'), { code: 'ENXIO' });
    const answer = await askOverride(options({ openTty: () => Promise.reject(enxio) }));
    expect(answer).toEqual({ answered: false, why: 'no terminal to ask on (/dev/tty: no controlling terminal)' });
  });
});

/** Whether this process has a controlling terminal, found the only reliable way: opening it. */
function hasControllingTerminal(): boolean {
  try {
    closeSync(openSync('/dev/tty', 'r+'));
    return true;
  } catch {
    return false;
  }
}

describe('the real /dev/tty', () => {
  // With a terminal, the real prompt would wait on the developer; the setsid case below covers it.
  it.skipIf(process.platform === 'win32' || hasControllingTerminal())(
    'fails to open here and askOverride says No at once',
    async () => {
      await expect(openDevTty()).rejects.toMatchObject({ code: 'ENXIO' });
      // A clock that never moves: had it opened a terminal and waited, the test would time out.
      const answer = await askOverride(options({ timeoutMs: 30_000, timers: manualTimers() }));
      expect(answer).toEqual({ answered: false, why: 'no terminal to ask on (/dev/tty: no controlling terminal)' });
    },
    10_000,
  );

  it('openDevTty refuses a file that is not a terminal', async () => {
    const file = join(tempDir(), 'not-a-tty');
    writeFileSync(file, '');
    await expect(openDevTty(file)).rejects.toThrow('is not a terminal');
  });
});

/**
 * The prompt in a child process, so it can run without a controlling terminal (setsid) or with a
 * real pseudo-terminal (script). Node 20 cannot run TypeScript, so the two source files are
 * transpiled; they import only Node built-ins and each other.
 */
function buildRunner(): string {
  const dir = tempDir();
  mkdirSync(join(dir, 'policy'));
  for (const name of ['policy/tty-prompt', 'policy/overrides', 'timers']) {
    const source = readFileSync(join(import.meta.dirname, '../../../src', `${name}.ts`), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
    });
    writeFileSync(join(dir, `${name}.js`), outputText);
  }
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
  writeFileSync(
    join(dir, 'runner.js'),
    `import { askOverride } from './policy/tty-prompt.js';
const answer = await askOverride({ env: {}, stderrIsTTY: true, interactive: true, timeoutMs: Number(process.argv[2]) });
process.stdout.write('RESULT ' + JSON.stringify(answer) + '\\n');
`,
  );
  return join(dir, 'runner.js');
}

function resultOf(stdout: string): unknown {
  const line = stdout.split(/\r?\n/).find((l) => l.includes('RESULT '));
  expect(line, stdout).toBeDefined();
  return JSON.parse((line ?? '').slice((line ?? '').indexOf('RESULT ') + 7)) as unknown;
}

const hasSetsid = existsSync('/usr/bin/setsid') || existsSync('/bin/setsid');
const hasScript = process.platform === 'linux' && (existsSync('/usr/bin/script') || existsSync('/bin/script'));

describe('the prompt in a child process', () => {
  it.runIf(hasSetsid)('under setsid (no controlling terminal) it says No without waiting', () => {
    const runner = buildRunner();
    // The prompt's timeout is 30 s and spawnSync stops the child at 20 s: an answer means no wait.
    const child = spawnSync('setsid', ['-w', process.execPath, runner, '30000'], {
      encoding: 'utf8',
      timeout: 20_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(child.error).toBeUndefined();
    expect(child.status).toBe(0);
    expect(resultOf(child.stdout)).toEqual({ answered: false, why: 'no terminal to ask on (/dev/tty: no controlling terminal)' });
  });

  // util-linux script(1) gives the child a real pseudo-terminal and forwards our stdin to it.
  const inPty = (input: string, timeoutMs: number) => {
    const runner = buildRunner();
    const command = `'${process.execPath}' '${runner}' ${timeoutMs}`;
    return spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', input, timeout: 20_000 });
  };

  it.runIf(hasScript)('with a real terminal it reads the typed reason from /dev/tty', () => {
    const child = inPty('reviewed by hand with Ana\n', 10_000);
    expect(child.error).toBeUndefined();
    expect(child.stdout).toContain('Push anyway?');
    expect(resultOf(child.stdout)).toEqual({ answered: true, reason: 'reviewed by hand with Ana' });
  });

  it.runIf(hasScript)('with a real terminal an empty answer is No', () => {
    const child = inPty('\n', 10_000);
    expect(resultOf(child.stdout)).toEqual({ answered: false, why: 'no reason given' });
  });

  it.runIf(hasScript)('with a real terminal nobody answering times out and the process exits', async () => {
    const runner = buildRunner();
    // stdin stays open and silent (as a person who walked away): only the timeout can end the prompt.
    const child = spawn('script', ['-qec', `'${process.execPath}' '${runner}' 300`, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearTimeout(killer);
    child.stdin.destroy();
    expect(code).toBe(0);
    expect(resultOf(stdout)).toEqual({ answered: false, why: 'no answer within 300ms', timedOut: true });
  });
});
