// Reporters by format name. Adding a format is one file and one line here.
import type { ReportFormat } from '../domain/lists.js';
import type { Report } from '../domain/types.js';
import { renderGithub } from './github.js';
import { renderGitlab } from './gitlab.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderPretty } from './pretty.js';
import { renderSarif } from './sarif.js';
import type { Reporter, ReporterOptions } from './format.js';

export type { Reporter, ReporterOptions } from './format.js';

export const reporters: Record<ReportFormat, Reporter> = {
  pretty: renderPretty,
  json: renderJson,
  markdown: renderMarkdown,
  sarif: renderSarif,
  github: renderGithub,
  gitlab: renderGitlab,
};

/** Renders with the named reporter; the caller decides colour from isTTY and NO_COLOR. */
export function renderReport(format: ReportFormat, report: Report, options: ReporterOptions): string {
  return reporters[format](report, options);
}
