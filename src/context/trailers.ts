// Commit trailers (`Refs: bd-a1b2`, `Signed-off-by: …`): read for issue ids, removed from the
// account of what was implemented because they are bookkeeping, not claims. Pure.

export interface Trailer {
  key: string;
  value: string;
}

// `https://…` is a link, not a trailer named "https".
const TRAILER_LINE = /^([A-Za-z0-9][A-Za-z0-9-]*)[ \t]*:(?!\/\/)[ \t]*(\S.*)$/;

/**
 * Splits a commit body (the message without its subject) into text and trailers. As in git, the
 * trailers are the last paragraph when every line of it is `Key: value` or an indented
 * continuation of the line above; otherwise there are none.
 */
export function splitTrailers(body: string): { text: string; trailers: Trailer[] } {
  const normal = body.replace(/\r\n?/g, '\n').replace(/\s+$/, '');
  const start = normal.lastIndexOf('\n\n');
  const paragraph = start < 0 ? normal : normal.slice(start + 2);
  const lines = paragraph.split('\n');
  const trailers: Trailer[] = [];
  for (const line of lines) {
    const match = TRAILER_LINE.exec(line);
    if (match) {
      trailers.push({ key: match[1] as string, value: (match[2] as string).trim() });
    } else if (/^[ \t]+\S/.test(line) && trailers.length > 0) {
      const last = trailers[trailers.length - 1] as Trailer;
      last.value = `${last.value} ${line.trim()}`;
    } else {
      return { text: normal, trailers: [] };
    }
  }
  if (trailers.length === 0) return { text: normal, trailers: [] };
  return { text: start < 0 ? '' : normal.slice(0, start).replace(/\s+$/, ''), trailers };
}

export function stripTrailers(body: string): string {
  return splitTrailers(body).text;
}
