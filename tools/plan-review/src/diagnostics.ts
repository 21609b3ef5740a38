/**
 * Errors, warnings and failing checks of a plan. The plan JSON (`terraform show -json`) keeps the
 * checks (`checks`: `check` blocks, preconditions, postconditions, variable validations, with their
 * status) and whether planning failed (`errored`), but no diagnostic text: that is only in the
 * machine-readable log of `terraform plan -json` (one JSON object per line; diagnostics have
 * `"type":"diagnostic"`), which the CLI takes with `--diagnostics`.
 * Reference: https://developer.hashicorp.com/terraform/internals/machine-readable-ui
 */
import { PlanInputError, TerraformPlan } from './plan';

export type Severity = 'error' | 'warning';

/** One diagnostic of the log, as Terraform reports it (not yet masked). */
export interface Diagnostic {
  readonly severity: Severity;
  readonly summary: string;
  readonly detail?: string;
  /** The resource or data source it concerns, e.g. `data.aws_iam_role.missing`. */
  readonly address?: string;
  /** `file:line` of the configuration it points at. */
  readonly location?: string;
}

/** What `terraform plan -json` said, as far as a review needs it. */
export interface DiagnosticsLog {
  readonly source: string;
  readonly diagnostics: Diagnostic[];
  /** Terraform's own summary line (`Plan: 1 to add, 0 to change, 0 to destroy.`), when the log has one. */
  readonly changeSummary?: string;
}

const HOW = 'expected the log of `terraform plan -json` (one JSON object per line), e.g. `terraform plan -json -out=plan.bin > plan.log.jsonl`';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function oneDiagnostic(d: Record<string, unknown>): Diagnostic | undefined {
  const severity = d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : undefined;
  if (!severity || typeof d.summary !== 'string') return undefined;
  const range = isRecord(d.range) ? d.range : undefined;
  const start = range && isRecord(range.start) ? range.start : undefined;
  const location = range && typeof range.filename === 'string' ? `${range.filename}${start && typeof start.line === 'number' ? `:${start.line}` : ''}` : undefined;
  return {
    severity,
    summary: d.summary,
    ...(typeof d.detail === 'string' && d.detail.trim() !== '' ? { detail: d.detail } : {}),
    ...(typeof d.address === 'string' && d.address !== '' ? { address: d.address } : {}),
    ...(location ? { location } : {}),
  };
}

/**
 * Reads a `terraform plan -json` log. Lines that are not JSON (a stray message on the same stream)
 * are skipped, but a file in which no line is a Terraform UI message (a human-readable `plan.log`,
 * a plan JSON) is refused: `PlanInputError`, which names the option and the file.
 */
export function parseDiagnosticsLog(text: string, source: string): DiagnosticsLog {
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  let messages = 0;
  let changeSummary: string | undefined;
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (!trimmed.startsWith('{')) continue;
    let message: unknown;
    try {
      message = JSON.parse(trimmed);
    } catch {
      continue;
    }
    if (!isRecord(message) || typeof message.type !== 'string' || typeof message['@level'] !== 'string') continue;
    messages++;
    if (message.type === 'change_summary' && typeof message['@message'] === 'string') changeSummary = message['@message'];
    if (message.type !== 'diagnostic' || !isRecord(message.diagnostic)) continue;
    const d = oneDiagnostic(message.diagnostic);
    if (!d) continue;
    // Terraform repeats some diagnostics (once per instance); one of each is enough.
    const key = JSON.stringify([d.severity, d.summary, d.detail, d.address, d.location]);
    if (seen.has(key)) continue;
    seen.add(key);
    diagnostics.push(d);
  }
  if (messages === 0) {
    const what = text.trim() === '' ? 'empty' : 'no line is a Terraform UI message (with "@level" and "type")';
    throw new PlanInputError(`--diagnostics ${source}: ${what}: ${HOW}`);
  }
  return { source, diagnostics, ...(changeSummary !== undefined ? { changeSummary } : {}) };
}

/** A check that failed or errored: a `check` block, a pre- or postcondition, a variable validation. */
export interface CheckResult {
  /** E.g. `check.logs_owner`, `aws_ssm_parameter.guarded`, `var.region`. */
  readonly address: string;
  /** `check`, `resource`, `output_value` or `var`, as the plan says. */
  readonly kind: string;
  readonly status: 'fail' | 'error';
  /** The problems' messages (the assertions' `error_message`), one per failing instance and assertion. */
  readonly problems: string[];
}

/** The checks of a plan whose status is `fail` or `error` (unknown and pass are not news). */
export function failingChecks(plan: TerraformPlan): CheckResult[] {
  const out: CheckResult[] = [];
  for (const check of Array.isArray(plan.checks) ? plan.checks : []) {
    if (!isRecord(check) || (check.status !== 'fail' && check.status !== 'error')) continue;
    const address = isRecord(check.address) && typeof check.address.to_display === 'string' ? check.address.to_display : '(unnamed check)';
    const kind = isRecord(check.address) && typeof check.address.kind === 'string' ? check.address.kind : 'check';
    const problems: string[] = [];
    for (const instance of Array.isArray(check.instances) ? check.instances : []) {
      if (!isRecord(instance)) continue;
      const at = isRecord(instance.address) && typeof instance.address.to_display === 'string' && instance.address.to_display !== address ? `${instance.address.to_display}: ` : '';
      for (const problem of Array.isArray(instance.problems) ? instance.problems : []) {
        if (isRecord(problem) && typeof problem.message === 'string' && !problems.includes(`${at}${problem.message}`)) problems.push(`${at}${problem.message}`);
      }
    }
    out.push({ address, kind, status: check.status, problems });
  }
  return out;
}
