// Lines on the hook's stdin that git would never send. A hook fed something else (a wrapper that
// rewrites the lines, a tool writing its own output into the pipe) must not pass by reviewing nothing.
import { UsageError } from '../errors.js';

const SHOWN_LINES = 3;
const SHOWN_CHARS = 200;

/** Why one line is not a ref line, in words, for the error message. */
export function describeBadLine(line: string): string {
  const fields = line.split(' ');
  if (fields.length < 4) return `${fields.length} field${fields.length === 1 ? '' : 's'} where git sends 4`;
  const [localOid, , remoteOid] = fields.slice(-3);
  for (const [name, oid] of [
    ['local', localOid],
    ['remote', remoteOid],
  ] as const) {
    if (!/^[0-9a-fA-F]+$/.test(oid ?? '')) return `the ${name} object id is not hexadecimal`;
    if (oid!.length !== 40 && oid!.length !== 64)
      return `the ${name} object id has ${oid!.length} digits where git sends 40 (SHA-1) or 64 (SHA-256)`;
  }
  if ((localOid ?? '').length !== (remoteOid ?? '').length) return 'the two object ids differ in length';
  return 'it is not "<local ref> <local oid> <remote ref> <remote oid>"';
}

/** The exit-2 error for input with lines that do not parse; it quotes what was read. */
export function malformedInputError(invalid: readonly string[]): UsageError {
  const shown = invalid.slice(0, SHOWN_LINES).map((line) => {
    const quoted = JSON.stringify(line.length > SHOWN_CHARS ? `${line.slice(0, SHOWN_CHARS)}…` : line);
    return `  ${quoted}: ${describeBadLine(line)}`;
  });
  const more = invalid.length > SHOWN_LINES ? [`  …and ${invalid.length - SHOWN_LINES} more`] : [];
  return new UsageError(
    `the pre-push hook's standard input has ${invalid.length === 1 ? 'a line' : `${invalid.length} lines`} git would never send, so what is being pushed is unknown:\n${[...shown, ...more].join('\n')}`,
    {
      hint:
        'git sends one "<local ref> <local oid> <remote ref> <remote oid>" line per ref. If a command ' +
        'before review-hook in the pre-push hook writes to or rewrites its standard input, move the ' +
        'review-hook block first (review-hook install puts it there).',
    },
  );
}
