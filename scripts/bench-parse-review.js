// The model-output parser on long, repetitive or hostile answers: each input's parse time, so a
// regex that backtracks shows as a jump here (tests only check that every input is read).
// Usage: node scripts/bench-parse-review.js [runs]
import { importSource } from './import-source.js';

const { parseReview } = await importSource('src/llm/parse-review.ts');

const runs = Number(process.argv[2] ?? 5);
const inputs = {
  'a × 50,000': 'a'.repeat(50_000),
  'a. × 25,000': 'a.'.repeat(25_000),
  'a/ × 25,000': 'a/'.repeat(25_000),
  "' _a' × 20,000": ' _a'.repeat(20_000),
  "'*a ' × 20,000": '*a '.repeat(20_000),
  'fence lines × 10,000': '```\n'.repeat(10_000),
  'open braces and quotes': ('{'.repeat(50) + '"').repeat(1000),
  'finding lines × 3,000': '- [Critical] x.ts:1 y\n'.repeat(3000),
  'a 40,000-char file name': JSON.stringify({ findings: [{ severity: 'minor', file: 'a:'.repeat(20_000), title: 't', detail: 'd' }] }),
};

let total = 0;
for (const [name, input] of Object.entries(inputs)) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    parseReview(input, 'stop');
    parseReview(`### Critical\n- ${input}`, 'stop');
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  total += median;
  console.log(`${name.padEnd(28)} ${median.toFixed(1).padStart(8)} ms (median of ${runs})`);
}
console.log(`${'all inputs'.padEnd(28)} ${total.toFixed(1).padStart(8)} ms`);
