// A requirement the model marks "missing" is a finding of category "task", even when the model only
// said so in the checklist: the gate and the report work on findings. Pure.
import type { Finding, RequirementResult } from '../domain/types.js';

const words = (text: string): Set<string> => new Set(text.toLowerCase().match(/[a-z0-9]{4,}/g) ?? []);

/** A task finding that already speaks of the requirement: most of its longer words appear in it. */
function mentions(finding: Pick<Finding, 'title' | 'detail'>, requirement: string): boolean {
  const wanted = words(requirement);
  if (wanted.size === 0) return false;
  const have = words(`${finding.title} ${finding.detail}`);
  let hits = 0;
  for (const word of wanted) if (have.has(word)) hits += 1;
  return hits / wanted.size >= 0.6;
}

/** Important task findings for missing requirements no task finding covers yet (ids are assigned later). */
export function missingRequirementFindings(
  requirements: readonly RequirementResult[],
  findings: readonly Pick<Finding, 'category' | 'title' | 'detail'>[],
): Finding[] {
  const task = findings.filter((f) => f.category === 'task');
  return requirements
    .filter((r) => r.status === 'missing' && r.requirement.trim() !== '')
    .filter((r) => !task.some((f) => mentions(f, r.requirement)))
    .map((r) => ({
      id: '',
      severity: 'important' as const,
      category: 'task' as const,
      file: null,
      line: null,
      endLine: null,
      title: `Missing requirement: ${r.requirement.replace(/\s*\n\s*/g, ' ').trim()}`,
      detail: r.evidence.trim() === '' ? 'The review found no implementation of this requirement in the change.' : r.evidence.trim(),
      source: 'llm' as const,
      located: true,
    }));
}
