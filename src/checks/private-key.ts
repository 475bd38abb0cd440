// Private keys in added lines, by their armour (PEM, OpenSSH, PGP, SSH2, PuTTY). Unlike secretlint's
// rule, a short or truncated key counts too: its header followed by key material is enough.
import { at, groupByCommitAndFile, howAdded } from './group-lines.js';
import { findPrivateKeys } from './private-key-scan.js';
import type { Check, CheckFinding } from './types.js';

export const privateKey: Check = {
  name: 'private-key',
  description: 'private keys (PEM, OpenSSH, PGP, PuTTY) in added lines',
  enabledByDefault: true,
  run(lines) {
    const findings: CheckFinding[] = [];
    const seen = new Set<string>();
    for (const group of groupByCommitAndFile(lines)) {
      const texts = group.lines.map((l) => l.text);
      for (const hit of findPrivateKeys(texts)) {
        const pieces = hit.spans.map((s) => texts[s.line]!.slice(s.start, s.end));
        const value = pieces.join('\n');
        const key = `${group.inMessage ? 'message' : group.file}\0${value}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const header = group.lines[hit.line]!;
        const last = group.lines[hit.spans[hit.spans.length - 1]!.line]!;
        findings.push({
          severity: 'critical',
          category: 'security',
          ...at(group.inMessage, group.file, header.line, last.line),
          title: group.inMessage ? `${hit.title} in a commit message` : hit.title,
          commit: header.commit,
          detail:
            `${hit.title} ${howAdded(group.inMessage, header.commit)}. Anyone who can read ` +
            "the remote's history could use it, even after a later commit deletes it. Replace the key pair and keep " +
            'keys out of the repository (the neverSend defaults list the usual key files). A test key can be allowed ' +
            'under checks.private-key.allow, with a reason.',
          evidence: [hit.header, texts[hit.line]!],
          secrets: pieces.filter((p) => p.length >= 16).map((p) => ({ kind: 'private-key', value: p })),
        });
      }
    }
    return findings;
  },
};
