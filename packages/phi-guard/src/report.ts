import * as fs from 'node:fs';
import * as path from 'node:path';
import { GuardRun, ResultStatus } from './evaluate';
import { waivableLabel } from './rule';

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
  /** Opt-out tags and `PhiGuard.suppress` calls of the stack (see `waivers` in the report). */
  readonly waivers: number;
  /** Findings a waiver named but could not accept (non-waivable rule in a PHI stack); each is also a finding. */
  readonly refusedWaivers: number;
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
    waivers: run.waivers.length,
    refusedWaivers: run.waivers.reduce((n, w) => n + w.refused.length, 0),
  };
}

/** `phi-guard phi-us-east-1: 1019 checks, 0 findings, 3 suppressed, 64 rules` (`N suppressed (1 waiver refused)` when a waiver named a non-waivable rule) */
export function summaryLine(run: GuardRun): string {
  const s = summarize(run);
  const warnings = s.warnings ? ` (${s.warnings} warning${s.warnings === 1 ? '' : 's'})` : '';
  const refused = s.refusedWaivers ? ` (${s.refusedWaivers} waiver${s.refusedWaivers === 1 ? '' : 's'} refused)` : '';
  return `phi-guard ${run.stackName}: ${s.checks} checks, ${s.findings} findings${warnings}, ${s.suppressed} suppressed${refused}, ${s.rules} rules`;
}

/**
 * The report document: every rule × block status, the findings, every suppression with its reason,
 * every waiver (opt-out tag or `PhiGuard.suppress`) with who asked for it, and every declared flow
 * side by side.
 */
export function buildReport(run: GuardRun): Record<string, unknown> {
  const byStatus = (statuses: ReadonlyMap<string, ResultStatus>, status: ResultStatus): string[] =>
    [...statuses].filter(([, s]) => s === status).map(([id]) => id);
  return {
    stack: run.stackName,
    summary: summarize(run),
    phi: run.phi,
    rules: run.rules.map((rule) => {
      const { id, name, level, description, control, anchors } = rule;
      return { id, name, level, description, control, anchors, waivable: waivableLabel(rule) };
    }),
    findings: run.findings,
    suppressed: run.suppressed,
    suppressions: run.suppressions,
    waivers: run.waivers,
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
