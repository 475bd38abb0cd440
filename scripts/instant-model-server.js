// A tiny OpenAI-compatible Chat Completions server on 127.0.0.1 for the benchmarks: it answers every
// request with a clean review after `delayMs` (0: at once) and counts what it was sent. A request
// whose JSON schema asks for code-review-gpt's shape (fileName, riskScore…) gets that shape, so the
// comparison in bench-hook-cost.js runs both tools against the same server. Nothing leaves the machine.
import { createServer } from 'node:http';

const CLEAN = JSON.stringify({ summary: 'Fine.', findings: [], strengths: [], requirements: [], verdict: 'ready' });
const CLEAN_OTHER = JSON.stringify({ fileName: 'none', riskScore: 1, review: [], confidence: 5 });

/** Starts the server; `state` exposes the request counters and the delay, which callers may change. */
export async function startModelServer(delayMs = 0) {
  const state = { delayMs, requests: 0, inFlight: 0, peakInFlight: 0, promptChars: 0 };
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      state.requests++;
      state.inFlight++;
      state.peakInFlight = Math.max(state.peakInFlight, state.inFlight);
      const body = Buffer.concat(chunks).toString('utf8');
      state.promptChars += body.length;
      const content = body.includes('"riskScore"') ? CLEAN_OTHER : CLEAN;
      setTimeout(() => {
        state.inFlight--;
        const text = JSON.stringify({
          id: `chatcmpl-${state.requests}`,
          object: 'chat.completion',
          created: 0,
          model: 'gpt-4o-mini',
          choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: 'stop' }],
          usage: { prompt_tokens: Math.ceil(body.length / 4), completion_tokens: 20, total_tokens: Math.ceil(body.length / 4) + 20 },
        });
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
        res.end(text);
      }, state.delayMs);
    });
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { baseURL: `http://127.0.0.1:${server.address().port}/v1`, state, close: () => server.close() };
}
