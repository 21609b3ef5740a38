import { TerraformProvider, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { flowDeclarationsOf } from './flows';
import { PhiRule, RuleLevel } from './rule';
import { FlowProof, proveFlows } from './rules/network/flow-model';
import { collectBlocks, createContext, SynthResource } from './synthesized';

/** Status of one rule on one block. */
export type ResultStatus = 'compliant' | 'non-compliant' | 'suppressed' | 'not-applicable';

/** An unsuppressed non-compliant result. */
export interface Finding {
  readonly ruleId: string;
  readonly level: RuleLevel;
  /** Terraform address, e.g. `aws_db_instance.db`. */
  readonly address: string;
  /** Construct path, e.g. `phi-us-east-1/db/instance`. */
  readonly path: string;
  readonly message: string;
  readonly fix: string;
}

/** A non-compliant result that a suppression or an opt-out tag accepts, with its reason. */
export interface SuppressedFinding extends Finding {
  readonly reason: string;
  /** `PhiGuard.suppress` on the construct at this path, or `tag phi-stack:opt-out:<setting>`. */
  readonly suppressedBy: string;
}

/** A suppression declared with `PhiGuard.suppress`. */
export interface Suppression {
  readonly path: string;
  readonly ruleId: string;
  readonly reason: string;
}

/** The outcome of every rule on every block of a stack. */
export interface GuardRun {
  readonly stackName: string;
  readonly rules: readonly PhiRule[];
  readonly blocks: readonly SynthResource[];
  /** Per block address: rule id → status. */
  readonly statuses: ReadonlyMap<string, ReadonlyMap<string, ResultStatus>>;
  readonly findings: readonly Finding[];
  readonly suppressed: readonly SuppressedFinding[];
  /** Declared suppressions with how many results each one accepted. */
  readonly suppressions: readonly (Suppression & { readonly matched: number })[];
  /** Applicable evaluations: compliant + non-compliant + suppressed. */
  readonly checks: number;
  /** Every flow declared with `PhiGuard.declareFlow`, side by side (egress, ingress, route, nacl, policy). */
  readonly flows: readonly FlowProof[];
}

const SUPPRESSIONS = Symbol.for('@phi-stack/phi-guard.suppressions');

type WithSuppressions = IConstruct & { [SUPPRESSIONS]?: { ruleId: string; reason: string }[] };

/** Records a suppression on a construct (validated by `PhiGuard.suppress`). */
export function addSuppression(construct: IConstruct, ruleId: string, reason: string): void {
  const target = construct as WithSuppressions;
  if (!target[SUPPRESSIONS]) Object.defineProperty(target, SUPPRESSIONS, { value: [], enumerable: false });
  target[SUPPRESSIONS]!.push({ ruleId, reason });
}

function suppressionsOf(stack: TerraformStack): Suppression[] {
  const out: Suppression[] = [];
  for (const c of [...stack.node.scopes, ...stack.node.findAll()] as WithSuppressions[]) {
    for (const s of c[SUPPRESSIONS] ?? []) out.push({ path: c.node.path, ...s });
  }
  return out;
}

function appliesTo(suppressionPath: string, path: string): boolean {
  return suppressionPath === '' || path === suppressionPath || path.startsWith(`${suppressionPath}/`);
}

const normalize = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');
const OPT_OUT_TAG = 'phi-stack:opt-out:';
/** Same bar as `PhiGuard.suppress`: a reason a reviewer can act on. */
export const MIN_REASON_LENGTH = 10;

function optOutReason(rule: PhiRule, block: SynthResource): { tag: string; reason: string } | undefined {
  if (!rule.optOutSettings?.length) return undefined;
  const tags = block.config.tags;
  if (!tags || typeof tags !== 'object') return undefined;
  const settings = rule.optOutSettings.map(normalize);
  for (const [key, value] of Object.entries(tags as Record<string, unknown>)) {
    if (!key.startsWith(OPT_OUT_TAG) || typeof value !== 'string' || value.trim().length < MIN_REASON_LENGTH) continue;
    if (settings.includes(normalize(key.slice(OPT_OUT_TAG.length)))) return { tag: key, reason: value };
  }
  return undefined;
}

function providerPaths(stack: TerraformStack): (type: string, alias?: string) => string | undefined {
  const paths = new Map<string, string>();
  for (const c of stack.node.findAll()) {
    if (TerraformProvider.isTerraformProvider(c)) paths.set(`${c.terraformResourceType}|${c.alias ?? ''}`, c.node.path);
  }
  return (type, alias) => paths.get(`${type}|${alias ?? ''}`);
}

/**
 * Runs `rules` on the final configuration of every resource, data source and provider of `stack`:
 * the same JSON `cdk.tf.json` receives, so escape hatches and stack overrides are included.
 */
export function evaluateStack(stack: TerraformStack, rules: readonly PhiRule[]): GuardRun {
  const tf = stack.toTerraform() as Record<string, unknown>;
  const blocks = collectBlocks(tf, stack.node.path, providerPaths(stack));
  const context = createContext(blocks, flowDeclarationsOf(stack));
  const declared = suppressionsOf(stack).map((s) => ({ ...s, matched: 0 }));

  const anyType = rules.filter((r) => !r.resourceTypes);
  const byType = new Map<string, PhiRule[]>();
  for (const rule of rules) for (const t of rule.resourceTypes ?? []) byType.set(t, [...(byType.get(t) ?? []), rule]);

  const statuses = new Map<string, Map<string, ResultStatus>>();
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  let checks = 0;

  for (const block of blocks) {
    const perRule = new Map<string, ResultStatus>(rules.map((r) => [r.id, 'not-applicable' as ResultStatus]));
    statuses.set(block.address, perRule);
    for (const rule of [...(byType.get(block.type) ?? []), ...anyType]) {
      const result = rule.check(block, context);
      if (result.status === 'not-applicable') continue;
      checks++;
      if (result.status === 'compliant') {
        perRule.set(rule.id, 'compliant');
        continue;
      }
      const finding: Finding = { ruleId: rule.id, level: rule.level, address: block.address, path: block.path, message: result.message, fix: result.fix };
      const suppression = declared.find((s) => s.ruleId === rule.id && appliesTo(s.path, block.path));
      const optOut = suppression ? undefined : optOutReason(rule, block);
      if (suppression) {
        suppression.matched++;
        suppressed.push({ ...finding, reason: suppression.reason, suppressedBy: `PhiGuard.suppress on ${suppression.path || '(app)'}` });
        perRule.set(rule.id, 'suppressed');
      } else if (optOut) {
        suppressed.push({ ...finding, reason: optOut.reason, suppressedBy: `tag ${optOut.tag}` });
        perRule.set(rule.id, 'suppressed');
      } else {
        findings.push(finding);
        perRule.set(rule.id, 'non-compliant');
      }
    }
  }
  return { stackName: stack.node.id, rules, blocks, statuses, findings, suppressed, suppressions: declared, checks, flows: proveFlows(context) };
}

/** `[<rule id>] <construct path>: <what is wrong> (<how to fix>)` */
export function formatFinding(f: Finding): string {
  return `[${f.ruleId}] ${f.path}: ${f.message} (${f.fix})`;
}
