// Model text in the Markdown report is untrusted: it must not become raw HTML or an HTML comment (which
// could hide the verdict below it), an image that loads a URL, a mention that pings someone, or a
// code fence left open that swallows the rest of the report. Pure.

const FENCE = /^\s{0,3}(`{3,}|~{3,})/;

/** One piece of model text made inert; fenced code blocks keep their content, and are always closed. */
export function escapeModelMarkdown(text: string): string {
  const out: string[] = [];
  let open: string | null = null;
  for (const line of text.split('\n')) {
    const fence = FENCE.exec(line)?.[1] ?? null;
    if (open !== null) {
      out.push(line);
      if (fence !== null && fence[0] === open[0] && fence.length >= open.length && line.trim() === fence) open = null;
      continue;
    }
    if (fence !== null) {
      open = fence;
      out.push(line);
      continue;
    }
    out.push(escapeLine(line));
  }
  if (open !== null) out.push(open);
  return out.join('\n');
}

function escapeLine(line: string): string {
  return (
    line
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/!\[/g, '\\![')
      // A zero-width space after @ keeps "@name" readable but never a mention.
      .replace(/@(?=[A-Za-z0-9_-])/g, '@\u200b')
  );
}
