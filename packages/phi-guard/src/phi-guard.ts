import * as path from 'node:path';
import { App, Aspects, IAspect, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { Problems } from '@phi-stack/constructs-core';
import { addSuppression, evaluateStack, Finding, formatFinding, GuardRun, MIN_REASON_LENGTH } from './evaluate';
import { declareDataTier, declareFlow, FlowEndpoint, FlowProps } from './flows';
import { writeReport } from './report';
import { summaryLine } from './report';
import { PhiRule } from './rule';
import { HIPAA_RULES } from './rules';
import { FlowProof } from './rules/network/flow-model';

export interface PhiGuardProps {
  /**
   * The rules to run.
   * @default - the HIPAA pack, `HIPAA_RULES`
   */
  readonly rules?: readonly PhiRule[];
  /**
   * Write `<outdir>/stacks/<stack>/phi-guard.json` at every synth.
   * @default true
   */
  readonly report?: boolean;
  /**
   * Print the one-line summary to stderr at every synth.
   * @default true
   */
  readonly printSummary?: boolean;
  /**
   * Fail the synth on warning-level findings too.
   * @default false
   */
  readonly failOnWarnings?: boolean;
}

const RULE_ID = /^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$/;
const knownRuleIds = new Set(HIPAA_RULES.map((r) => r.id));

/**
 * The HIPAA Security Rule gate of a stack: a cdktf Aspect that checks the final synthesized
 * configuration of every resource, data source and provider, and fails `app.synth()` through a
 * stack validation when an error-level rule is violated and not suppressed.
 *
 * ```ts
 * PhiGuard.apply(stack);                                  // or Aspects.of(stack).add(new PhiGuard())
 * PhiGuard.suppress(bucket, 'PHI-S3-5', 'log bucket of the ALB; it cannot log to itself');
 * ```
 *
 * At each synth it writes `cdktf.out/stacks/<stack>/phi-guard.json` (every rule × block result) and
 * prints `phi-guard <stack>: N checks, N findings, N suppressed, N rules` to stderr.
 */
export class PhiGuard implements IAspect {
  /** Adds the guard to a stack (every stack of an app when given the app's stacks one by one). */
  public static apply(stack: TerraformStack, props: PhiGuardProps = {}): PhiGuard {
    const guard = new PhiGuard(props);
    Aspects.of(stack).add(guard);
    return guard;
  }

  /**
   * Accepts the findings of one rule on a construct and everything under it, with the reason.
   * The reason lands in the report next to the finding it accepts, and the waiver under `waivers`
   * with the construct's path as who asked for it. In a `DataClassification=phi` stack a rule whose
   * `waivable` is false (`NON_WAIVABLE_RULE_IDS`) cannot be suppressed: its finding stays and says so.
   */
  public static suppress(construct: IConstruct, ruleId: string, reason: string): void {
    const problems = new Problems(construct.node.path || '(app)');
    if (!RULE_ID.test(ruleId) || !knownRuleIds.has(ruleId)) {
      problems.add(`ruleId must be the id of a phi-guard rule, e.g. PHI-RDS-1 (got '${ruleId}'): see the rule table in the phi-guard README`);
    }
    if (typeof reason !== 'string' || reason.trim().length < MIN_REASON_LENGTH) {
      problems.add(
        `reason for suppressing ${ruleId} must be at least ${MIN_REASON_LENGTH} characters (got '${reason ?? ''}'): say why the safeguard does not apply or what compensates for it`,
      );
    }
    problems.throwIfAny();
    addSuppression(construct, ruleId, reason.trim());
  }

  /**
   * Declares a network flow the stack needs. At every synth PHI-NET-1..5 prove it open from the
   * synthesized JSON alone: the source's egress, the destination's ingress, the route, the NACLs
   * of both ends and, for a VPC endpoint, its policy. A side that is missing fails the synth.
   *
   * ```ts
   * PhiGuard.declareFlow(this, { name: 'app-to-mysql-writer', from: web.autoscalingGroup, to: database.primary, port: 3306 });
   * PhiGuard.declareFlow(this, { name: 'internet-to-alb-https', from: 'internet', to: web.alb, port: 443 });
   * ```
   */
  public static declareFlow(scope: IConstruct, props: FlowProps): void {
    declareFlow(scope, props);
  }

  /**
   * Declares the data tier (security groups, or the databases and caches whose groups count):
   * PHI-NET-6 fails the synth on any ingress into it that no declared flow needs.
   */
  public static declareDataTier(scope: IConstruct, ...members: FlowEndpoint[]): void {
    declareDataTier(scope, members);
  }

  /** Every declared flow of a stack, side by side: which rule proves each side and what blocks it. */
  public static proveFlows(stack: TerraformStack, props: PhiGuardProps = {}): FlowProof[] {
    return [...PhiGuard.evaluate(stack, props).flows];
  }

  /** Runs the rules on a stack now and returns every rule × block result (no report, no output). */
  public static evaluate(stack: TerraformStack, props: PhiGuardProps = {}): GuardRun {
    return evaluateStack(stack, props.rules ?? HIPAA_RULES);
  }

  /** Runs the rules on a stack now and returns the unsuppressed findings (errors and warnings). */
  public static check(stack: TerraformStack, props: PhiGuardProps = {}): Finding[] {
    return [...PhiGuard.evaluate(stack, props).findings];
  }

  private readonly rules: readonly PhiRule[];
  private readonly props: PhiGuardProps;
  private readonly guarded = new WeakSet<TerraformStack>();

  constructor(props: PhiGuardProps = {}) {
    this.props = props;
    this.rules = props.rules ?? HIPAA_RULES;
    const seen = new Set<string>();
    for (const rule of this.rules) {
      if (seen.has(rule.id)) throw new Error(`PhiGuard: rules must have unique ids (got '${rule.id}' twice): give each custom rule its own id`);
      seen.add(rule.id);
      knownRuleIds.add(rule.id);
    }
  }

  public visit(node: IConstruct): void {
    const stack = stackOf(node);
    if (!stack || this.guarded.has(stack)) return;
    this.guarded.add(stack);
    // The check runs as a validation, after every aspect has run, so that it sees the tree (and the
    // overrides) exactly as they are synthesized; a failing validation makes app.synth() throw.
    stack.node.addValidation({ validate: () => this.validate(stack) });
  }

  private validate(stack: TerraformStack): string[] {
    const run = evaluateStack(stack, this.rules);
    if (this.props.report ?? true) {
      const outdir = appOutdir(stack);
      if (outdir) writeReport(run, path.join(outdir, 'stacks', stack.node.id));
    }
    if (this.props.printSummary ?? true) process.stderr.write(`${summaryLine(run)}\n`);
    const failing = this.props.failOnWarnings ? run.findings : run.findings.filter((f) => f.level === 'error');
    return failing.map(formatFinding);
  }
}

/**
 * Throws when a stack has unsuppressed findings, listing them one per line; for tests such as
 * "the module's defaults pass the whole pack".
 */
export function expectNoFindings(stack: TerraformStack, props: PhiGuardProps = {}): void {
  const findings = PhiGuard.check(stack, props);
  if (findings.length > 0) {
    throw new Error(`${stack.node.path}: expected no phi-guard findings (got ${findings.length}):\n  ${findings.map(formatFinding).join('\n  ')}`);
  }
}

function stackOf(node: IConstruct): TerraformStack | undefined {
  if (TerraformStack.isStack(node)) return node;
  return node.node.scopes.reverse().find((s): s is TerraformStack => TerraformStack.isStack(s));
}

function appOutdir(stack: TerraformStack): string | undefined {
  try {
    return App.of(stack).outdir;
  } catch {
    return undefined;
  }
}
