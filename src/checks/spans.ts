// Character ranges within lines, for secrets found by any detector. Pure.

/** Characters [start, end) of line `line` (an index into the scanned lines). */
export interface Span {
  line: number;
  start: number;
  end: number;
}

/** Converts [start, end) offsets in `lines.join('\n')` into per-line spans (a match may cross lines). */
export function spansOfRange(lines: readonly string[], start: number, end: number): Span[] {
  const spans: Span[] = [];
  let offset = 0;
  for (let i = 0; i < lines.length && offset < end; i++) {
    const text = lines[i]!;
    const lineEnd = offset + text.length;
    const s = Math.max(start, offset);
    const e = Math.min(end, lineEnd);
    if (e > s) spans.push({ line: i, start: s - offset, end: e - offset });
    offset = lineEnd + 1;
  }
  return spans;
}

/**
 * Replaces each span of one line with `marker(span)`, merging spans that overlap or touch, so the
 * rest of the line stays as it was.
 */
export function replaceSpans(text: string, spans: ReadonlyArray<{ start: number; end: number; marker: string }>): string {
  const sorted = [...spans].filter((s) => s.end > s.start).sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Array<{ start: number; end: number; marker: string }> = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last && span.start <= last.end) {
      last.end = Math.max(last.end, span.end);
      continue;
    }
    merged.push({ ...span });
  }
  let out = '';
  let at = 0;
  for (const span of merged) {
    out += text.slice(at, span.start) + span.marker;
    at = span.end;
  }
  return out + text.slice(at);
}
