// How the main thread and the token-count worker talk. Counting must stay synchronous for the
// request planner, so a request is the text (or a batch of texts) posted on a message port plus a
// sequence number in shared memory; the main thread blocks on the answer slot (Atomics.wait) and the
// worker, blocked on the request slot, reads the request with receiveMessageOnPort. A batch's counts
// come back on the port. Slots of an Int32Array:

/** Sequence number of the latest request (written by the main thread). */
export const REQUEST = 0;
/** Sequence number of the latest answer (written by the worker). */
export const ANSWER = 1;
/** The answer: a text's token count (a batch's are posted as `counts`), or FAILED with the reason posted. */
export const RESULT = 2;
export const SLOTS = 3;
export const FAILED = -1;

/** What the main thread passes the worker. */
export interface CounterWorkerData {
  control: SharedArrayBuffer;
  port: import('node:worker_threads').MessagePort;
}

/** Messages the worker posts: once when the tokenizer is loaded (or failed to), a batch's counts, a failed count's reason. */
export type CounterWorkerMessage = { ready: true } | { ready: false; error: string } | { error: string } | { counts: number[] };
