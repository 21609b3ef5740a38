import * as fs from 'node:fs';
import * as path from 'node:path';
import { GuardRun, ResultStatus } from './evaluate';

/** File name of the report in the stack's output directory. */
export const REPORT_FILE = 'phi-guard.json';

/** Counts shown in the summary line and the report. */
export interface GuardSummary {
  readonly rules: number;
  readonly resources: number;
  readonly checks: number;
  readonly findings: number;
  readonly errors: number;
  readonly warnings: number;
  readonly suppressed: number;
}

export function summarize(run: GuardRun): GuardSummary {
  const errors = run.findings.filter((f) => f.level === 'error').length;
  return {
    rules: run.rules.length,
    resources: run.blocks.length,
    checks: run.checks,
    findings: run.findings.length,
    errors,
    warnings: run.findings.length - errors,
    suppressed: run.suppressed.length,
  };
}

/** `phi-guard phi-us-east-1: 412 checks, 0 findings, 3 suppressed, 55 rules` */
export function summaryLine(run: GuardRun): string {
  const s = summarize(run);
  const warnings = s.warnings ? ` (${s.warnings} warning${s.warnings === 1 ? '' : 's'})` : '';
  return `phi-guard ${run.stackName}: ${s.checks} checks, ${s.findings} findings${warnings}, ${s.suppressed} suppressed, ${s.rules} rules`;
}

/** The report document: every rule × block status, the findings, every suppression with its reason, and every declared flow side by side. */
export function buildReport(run: GuardRun): Record<string, unknown> {
  const byStatus = (statuses: ReadonlyMap<string, ResultStatus>, status: ResultStatus): string[] =>
    [...statuses].filter(([, s]) => s === status).map(([id]) => id);
  return {
    stack: run.stackName,
    summary: summarize(run),
    rules: run.rules.map(({ id, name, level, description, control, anchors }) => ({ id, name, level, description, control, anchors })),
    findings: run.findings,
    suppressed: run.suppressed,
    suppressions: run.suppressions,
    flows: run.flows.map(({ flow, sides, open }) => ({
      ...flow,
      open,
      sides: Object.fromEntries(Object.entries(sides).map(([side, s]) => [side, { status: s.status, ruleId: s.ruleId, anchor: s.anchor, problems: s.problems.map((p) => p.message) }])),
    })),
    resources: [...run.blocks]
      .sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0))
      .map((b) => {
        const statuses = run.statuses.get(b.address) ?? new Map();
        return {
          address: b.address,
          path: b.path,
          compliant: byStatus(statuses, 'compliant'),
          nonCompliant: byStatus(statuses, 'non-compliant'),
          suppressed: byStatus(statuses, 'suppressed'),
          notApplicable: byStatus(statuses, 'not-applicable'),
        };
      }),
  };
}

/** Writes the report to `<dir>/phi-guard.json` and returns its path. */
export function writeReport(run: GuardRun, dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, REPORT_FILE);
  fs.writeFileSync(file, `${JSON.stringify(buildReport(run), null, 2)}\n`);
  return file;
}
