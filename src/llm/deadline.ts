// One clock for the whole model phase, retries included. The SDK's own timeout is per attempt and
// its sleep between retries cannot be interrupted, so: an AbortController ends everything at the
// deadline, and a fetch wrapper tells the SDK not to retry when the wait it would take (from
// retry-after, or its backoff) would not end before the deadline.
import { realTimers, type Timers } from '../timers.js';

export class Deadline {
  readonly signal: AbortSignal;
  private readonly controller = new AbortController();
  private readonly end: number;
  private readonly timer: unknown;
  private readonly onExternalAbort: () => void;
  private timedOut = false;
  private abandoned = false;

  constructor(
    readonly seconds: number,
    private readonly external?: AbortSignal,
    private readonly timers: Timers = realTimers,
  ) {
    // setTimeout cannot wait longer than 2^31-1 ms; beyond that it would fire at once.
    const ms = Math.min(Math.max(0, seconds * 1000), 2_147_483_647);
    this.end = timers.now() + ms;
    this.signal = this.controller.signal;
    this.timer = timers.setTimeout(() => {
      this.timedOut = true;
      this.controller.abort(new Error(`timed out after ${seconds}s`));
    }, ms);
    this.onExternalAbort = () => this.controller.abort(external?.reason);
    if (external?.aborted) this.onExternalAbort();
    else external?.addEventListener('abort', this.onExternalAbort, { once: true });
  }

  get expired(): boolean {
    return this.timedOut;
  }

  /** Ended early because the next retry's wait would not finish in time. */
  get gaveUp(): boolean {
    return this.abandoned;
  }

  giveUp(): void {
    this.abandoned = true;
    this.controller.abort(new Error('no time left to retry'));
  }

  get cancelled(): boolean {
    return this.external?.aborted === true;
  }

  remainingMs(): number {
    return Math.max(0, this.end - this.timers.now());
  }

  /**
   * The SDK's per-attempt timeout: a little longer than what is left, so the deadline (which
   * aborts at once) fires first rather than a per-attempt timeout that the SDK would retry.
   */
  attemptTimeoutMs(): number {
    return Math.ceil(this.remainingMs()) + 1000;
  }

  dispose(): void {
    this.timers.clearTimeout(this.timer);
    this.external?.removeEventListener('abort', this.onExternalAbort);
  }
}

/** What the fetch wrapper saw during one SDK call (which may span several attempts). */
export interface AttemptLog {
  attempts: number;
  lastStatus: number | null;
  /** Set when a retry was called off because its wait would pass the deadline. */
  gaveUpWaitMs: number | null;
  /** Why the latest attempt could not reach the server, if it could not. */
  connectionError: unknown;
}

export function newAttemptLog(): AttemptLog {
  return { attempts: 0, lastStatus: null, gaveUpWaitMs: null, connectionError: null };
}

type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** Statuses the SDK retries (client.js shouldRetry). */
function isRetryable(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** The wait the SDK will take before retrying (client.js retryRequest), at its longest. */
export function retryWaitMs(headers: Headers, retryCount: number, now = Date.now()): number {
  let wait: number | undefined;
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (!Number.isNaN(ms)) wait = ms;
  const after = headers.get('retry-after');
  if (wait === undefined && after !== null) {
    const seconds = Number.parseFloat(after);
    wait = Number.isNaN(seconds) ? Date.parse(after) - now : seconds * 1000;
  }
  if (wait !== undefined && !Number.isNaN(wait) && wait >= 0 && wait < 60_000) return wait;
  return Math.min(0.5 * 2 ** retryCount, 8) * 1000;
}

export function deadlineFetch(
  deadline: Deadline,
  log: () => AttemptLog,
  onRetry: (status: number, waitMs: number, retryCount: number) => void,
  base: Fetch = fetch,
): Fetch {
  return async (input, init) => {
    const entry = log();
    entry.attempts++;
    entry.connectionError = null;
    const retryCount = Number(new Headers(init?.headers).get('x-stainless-retry-count') ?? '0') || 0;
    let response: Response;
    try {
      response = await base(input, init);
    } catch (error) {
      if (!deadline.signal.aborted) {
        entry.connectionError = error;
        // The SDK retries connection errors after a backoff sleep that no signal interrupts; when
        // that sleep would outlast the deadline, end now instead of overrunning it.
        if (retryWaitMs(new Headers(), retryCount) >= deadline.remainingMs()) deadline.giveUp();
      }
      throw error;
    }
    entry.lastStatus = response.status;
    if (!isRetryable(response.status) || response.headers.get('x-should-retry') === 'false') return response;
    const wait = retryWaitMs(response.headers, retryCount);
    if (wait < deadline.remainingMs()) {
      onRetry(response.status, wait, retryCount);
      return response;
    }
    entry.gaveUpWaitMs = wait;
    const headers = new Headers(response.headers);
    headers.set('x-should-retry', 'false');
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  };
}
