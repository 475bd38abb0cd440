// Shared by the end-to-end and in-process layers: what the model was sent, a blocking review, and
// the code it is about.

/** A lookup that builds SQL from its input: what criticalReview(file, 2) is about. */
export const QUERY = ['export function find(db, id) {', '  return db.query("SELECT * FROM t WHERE id = " + id);', '}', ''].join('\n');

/** The user message of a recorded chat request: the prompt the model saw. */
export function promptOf(request: { body: { messages?: Array<{ role: string; content: string }> } }): string {
  return (request.body.messages ?? []).map((m) => m.content).join('\n');
}

export function criticalReview(file: string, line: number, title = 'SQL built from user input') {
  return {
    summary: 'A critical problem.',
    findings: [
      {
        severity: 'critical',
        category: 'security',
        file,
        line,
        endLine: null,
        title,
        detail: 'The query concatenates a request parameter; use a parameterised query.',
        quote: null,
      },
    ],
    strengths: [],
    requirements: [],
    verdict: 'not_ready',
  };
}

/** How the audit log records criticalReview('src/find.js', 2)'s finding once verification confirmed it. */
export const AUDITED_QUERY_FINDING = {
  id: 'C1',
  severity: 'critical',
  category: 'security',
  file: 'src/find.js',
  line: 2,
  title: 'SQL built from user input',
  verification: 'confirmed',
};
