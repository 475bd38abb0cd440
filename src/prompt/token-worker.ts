// The token-count worker: loads the tokenizer off the main thread (started while git works), then
// answers counts synchronously (see counter-protocol.ts). It is an entry point of its own: the build
// emits it as dist/token-worker.js, beside the chunks, where worker-counter.ts looks for it.
import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import { loadBpeCounter } from './bpe-counter.js';
import { ANSWER, type CounterWorkerData, type CounterWorkerMessage, FAILED, REQUEST, RESULT } from './counter-protocol.js';

const { control: shared, port } = workerData as CounterWorkerData;
const control = new Int32Array(shared);
const post = (message: CounterWorkerMessage) => port.postMessage(message);
const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

let count: (text: string) => number;
try {
  count = await loadBpeCounter();
} catch (error) {
  post({ ready: false, error: describe(error) });
  throw error;
}
post({ ready: true });

// Serve until the main thread terminates the worker (or exits). Nothing here may throw: the main
// thread is blocked waiting for an answer.
let seen = 0;
for (;;) {
  Atomics.wait(control, REQUEST, seen);
  seen = Atomics.load(control, REQUEST);
  let result: number;
  try {
    const request: unknown = receiveMessageOnPort(port)?.message;
    if (typeof request === 'string') result = count(request);
    else if (Array.isArray(request) && request.every((text) => typeof text === 'string')) {
      post({ counts: request.map((text) => count(text)) });
      result = request.length;
    } else throw new Error('a count request arrived without its text');
  } catch (error) {
    post({ error: describe(error) });
    result = FAILED;
  }
  Atomics.store(control, RESULT, result);
  Atomics.store(control, ANSWER, seen);
  Atomics.notify(control, ANSWER);
}
