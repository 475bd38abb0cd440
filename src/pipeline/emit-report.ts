// Shows a report: in the chosen format, to --output, stdout (a manual run) or stderr (the hook).
import type { Report } from '../domain/types.js';
import { reporters } from '../report/index.js';
import { useColor } from '../report/use-color.js';
import { writeOutput } from '../report/write-output.js';
import type { ReviewOptions, RunContext } from '../cli/run-context.js';

export async function emitReport(ctx: RunContext, options: ReviewOptions, report: Report, reasons: string[]): Promise<void> {
  const toStdout = options.mode === 'manual' && !options.output;
  const color = !options.output && useColor(toStdout ? ctx.stdoutIsTTY : ctx.stderrIsTTY, ctx.env);
  const text = reporters[options.format](report, { color, reasons });
  if (options.output) {
    await writeOutput(ctx.cwd, options.output, text.endsWith('\n') ? text : `${text}\n`);
  }
  if (options.quiet && report.verdict === 'allow' && report.findings.length === 0 && report.errors.length === 0) return;
  if (options.output) {
    ctx.stderr.write(`review-hook: report written to ${options.output} (${report.verdict})\n`);
    return;
  }
  (toStdout ? ctx.stdout : ctx.stderr).write(text.endsWith('\n') ? text : `${text}\n`);
}
