import { RuleContext, SynthResource } from './synthesized';

/** `error` fails the synth; `warning` is reported but does not. */
export type RuleLevel = 'error' | 'warning';

/** The outcome of one rule on one block. */
export type RuleResult =
  | { readonly status: 'compliant' }
  | { readonly status: 'not-applicable' }
  | { readonly status: 'non-compliant'; readonly message: string; readonly fix: string };

/** Where a rule comes from in the tools the field already knows. `-` when there is no counterpart. */
export interface RuleAnchors {
  /** cdk-nag rule name (HIPAA Security or AwsSolutions pack), e.g. `RDSStorageEncrypted`. */
  readonly cdkNag: string;
  /** checkov check id, e.g. `CKV_AWS_16`. */
  readonly checkov: string;
}

/** A rule that may be waived on some blocks only, even in a PHI stack. */
export interface WaivableWhen {
  /** When a waiver is accepted, for the README and the report, e.g. `only on a bucket that only receives logs`. */
  readonly description: string;
  /** Whether a waiver may accept the rule's finding on this block. Pure, like `check`. */
  test(resource: SynthResource, context: RuleContext): boolean;
}

/** How a rule's waivability reads in the README and the report: `yes`, `no`, or its `WaivableWhen` description. */
export function waivableLabel(rule: PhiRule): string {
  if (rule.waivable === undefined || rule.waivable === true) return 'yes';
  if (rule.waivable === false) return 'no';
  return rule.waivable.description;
}

/**
 * One HIPAA safeguard, checked on the synthesized configuration of a block. `check` is a pure
 * function of the block and the stack: no construct access, no I/O.
 */
export interface PhiRule {
  /** Stable id, e.g. `PHI-RDS-1`. Suppressions and reports refer to it. */
  readonly id: string;
  /** PascalCase name, the rule's file name. */
  readonly name: string;
  readonly level: RuleLevel;
  /** One line on what is required and why. */
  readonly description: string;
  /** The HIPAA Security Rule control it serves, e.g. `§164.312(a)(2)(iv)`. */
  readonly control: string;
  readonly anchors: RuleAnchors;
  /**
   * Terraform types the rule looks at (resources, data sources or providers by `kind`);
   * omitted means every block, and the rule decides applicability itself.
   */
  readonly resourceTypes?: readonly string[];
  /**
   * Whether a waiver (an opt-out tag or `PhiGuard.suppress`) may accept a finding of this rule in a
   * stack whose data is classified PHI (`DataClassification=phi` in the provider's `default_tags` or
   * the block's own tags). `false` for the controls that protect PHI stores directly (encryption at
   * rest, TLS to them, public access); a `WaivableWhen` decides per block, e.g. "only on a log bucket".
   * Outside PHI stacks every rule is waivable.
   * @default true
   */
  readonly waivable?: boolean | WaivableWhen;
  check(resource: SynthResource, context: RuleContext): RuleResult;
}

export const COMPLIANT: RuleResult = { status: 'compliant' };
export const NOT_APPLICABLE: RuleResult = { status: 'not-applicable' };

/** A failed check: what is wrong and how to fix it. */
export function nonCompliant(message: string, fix: string): RuleResult {
  return { status: 'non-compliant', message, fix };
}

/** Compliant when `problems` is empty, else non-compliant with the problems joined. */
export function fromProblems(problems: readonly string[], fix: string): RuleResult {
  return problems.length === 0 ? COMPLIANT : nonCompliant(problems.join('; '), fix);
}

/** Declares a rule (identity function that keeps literal types and documents intent). */
export function defineRule(rule: PhiRule): PhiRule {
  return rule;
}
