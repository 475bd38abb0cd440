// API keys, tokens and passwords in added lines, found by secretlint's recommended preset (AWS access
// key ids included). Every pushed commit's lines are checked: once pushed, a secret is readable in
// the remote's history even if a later commit deletes it. Private keys have their own check.
import { at, groupByCommitAndFile, howAdded } from './group-lines.js';
import { SECRETLINT_PRIVATE_KEY, maskSecret, scanManyWithSecretlint } from './secret-scan.js';
import type { Check, CheckFinding } from './types.js';

export const secrets: Check = {
  name: 'secrets',
  description: 'API keys, tokens and passwords (secretlint recommended preset, AWS access key ids included)',
  enabledByDefault: true,
  async run(lines) {
    const findings: CheckFinding[] = [];
    // The same secret in the same file is one finding, at the first commit that added it.
    const seen = new Set<string>();
    const groups = groupByCommitAndFile(lines);
    const sources = groups.map((group) => ({
      lines: group.lines.map((l) => l.text),
      filePath: group.inMessage ? 'COMMIT_EDITMSG' : group.file,
    }));
    // All groups in one call: secretlint's cost is mostly per call (see scanManyWithSecretlint).
    const found = await scanManyWithSecretlint(sources);
    for (const [g, group] of groups.entries()) {
      const texts = sources[g]!.lines;
      for (const hit of found[g]!) {
        if (hit.rule === SECRETLINT_PRIVATE_KEY) continue;
        const key = `${group.inMessage ? 'message' : group.file}\0${hit.kind}\0${hit.value}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const first = group.lines[hit.line]!;
        const last = group.lines[hit.spans[hit.spans.length - 1]!.line]!;
        findings.push({
          severity: 'critical',
          category: 'security',
          ...at(group.inMessage, group.file, first.line, last.line),
          title: group.inMessage ? `${hit.title} in a commit message` : hit.title,
          commit: first.commit,
          detail:
            `${hit.title} (${maskSecret(hit.value)}) ${howAdded(group.inMessage, first.commit)}. Once pushed it stays in the ` +
            "remote's history even if a later commit removes it. Revoke or rotate it and load it from the environment " +
            'or a secret store. A test value can be allowed under checks.secrets.allow, with a reason.',
          evidence: [hit.value, ...hit.spans.map((s) => texts[s.line]!)],
          secrets: [{ kind: hit.kind, value: hit.value }],
        });
      }
    }
    return findings;
  },
};
