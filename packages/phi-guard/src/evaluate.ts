import { MIN_REASON_LENGTH, OPT_OUT_TAG_PREFIX, optOutsWaiving, reasonProblem } from '@phi-stack/constructs-core';
import { TerraformProvider, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { flowDeclarationsOf } from './flows';
import { PhiRule, RuleLevel } from './rule';
import { FlowProof, proveFlows } from './rules/network/flow-model';
import { blocks as nestedBlocks, collectBlocks, createContext, isExpression, RuleContext, SynthResource, tagsOf } from './synthesized';

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
  /** `PhiGuard.suppress on <path>`, or `tag phi-stack:opt-out:<setting>`. */
  readonly suppressedBy: string;
  /** Construct path of who asked for the waiver: the scope `PhiGuard.suppress` was called on, or the construct carrying the tag. */
  readonly requestedBy: string;
}

/** How a waiver is asked for. */
export type WaiverMechanism = 'tag' | 'suppress';

/** A finding a waiver names, as the report lists it. */
export interface WaivedResult {
  readonly ruleId: string;
  readonly address: string;
  readonly message: string;
}

/**
 * A request to waive rules, and what became of it: an opt-out tag `phi-stack:opt-out:<setting>` on a
 * block, or a `PhiGuard.suppress` call. Every one is in the report, including tags that waive no
 * finding today (a recorded decision such as `phi-stack:opt-out:waf`), so that a reviewer sees each.
 */
export interface Waiver {
  readonly mechanism: WaiverMechanism;
  /** The tag key, or the rule id of the suppression. */
  readonly key: string;
  readonly reason: string;
  /** Construct path of who asked for it: the construct that carries the tag, or the scope `PhiGuard.suppress` was called on. */
  readonly requestedBy: string;
  /** Address of the block carrying the tag (tags only). */
  readonly address?: string;
  /** Findings it accepts. */
  readonly waived: readonly WaivedResult[];
  /** Findings it names but cannot accept: their rule is not waivable in a DataClassification=phi stack. */
  readonly refused: readonly WaivedResult[];
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
  /** Whether the stack's data is classified PHI (`DataClassification=phi` in a provider's default_tags): non-waivable rules then hold. */
  readonly phi: boolean;
  /** Every opt-out tag and every `PhiGuard.suppress` of the stack, with what each accepts and what it cannot. */
  readonly waivers: readonly Waiver[];
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

/** Prefix of the opt-out tags modules record: `phi-stack:opt-out:<setting>` = reason (the constructs-core registry). */
export const OPT_OUT_TAG = OPT_OUT_TAG_PREFIX;
/** The tag (and value) that classifies a stack's data: set by the regional stacks through provider default_tags. */
export const DATA_CLASSIFICATION_TAG = 'DataClassification';
export const PHI_CLASSIFICATION = 'phi';
export { MIN_REASON_LENGTH };

/** An opt-out tag of a block, with the problem of its reason under the one reason rule (none: it is valid). */
interface OptOutTagOnBlock {
  readonly tag: string;
  readonly reason: string;
  readonly problem?: string;
}

/** The opt-out tags of a block (every key under the prefix), each with its reason checked. */
function optOutTags(block: SynthResource): OptOutTagOnBlock[] {
  return Object.entries(tagsOf(block))
    .filter((e): e is [string, string] => e[0].startsWith(OPT_OUT_TAG_PREFIX) && typeof e[1] === 'string')
    .map(([tag, reason]) => {
      const problem = reasonProblem(reason);
      return problem ? { tag, reason, problem } : { tag, reason: reason.trim() };
    });
}

/** The opt-out tag of a block that the registry says waives `rule`, if any (valid or not). */
function optOutFor(rule: PhiRule, block: SynthResource): OptOutTagOnBlock | undefined {
  const keys = optOutsWaiving(rule.id).map((o) => o.tagKey);
  if (keys.length === 0) return undefined;
  const tags = optOutTags(block).filter((t) => keys.includes(t.tag));
  return tags.find((t) => !t.problem) ?? tags[0];
}

/** DataClassification=phi among tags; a classification only known at apply counts as PHI. */
function classifiedPhi(tags: unknown): boolean {
  if (!tags || typeof tags !== 'object' || Array.isArray(tags)) return false;
  return Object.entries(tags).some(
    ([k, v]) => k.toLowerCase() === DATA_CLASSIFICATION_TAG.toLowerCase() && typeof v === 'string' && (v.trim().toLowerCase() === PHI_CLASSIFICATION || isExpression(v)),
  );
}

/** Whether a stack's data is PHI: a provider's default_tags carry DataClassification=phi. */
export function isPhiStack(blocks: readonly SynthResource[]): boolean {
  return blocks.some((b) => b.kind === 'provider' && nestedBlocks(b.config.default_tags).some((d) => classifiedPhi(d.tags)));
}

/** Whether a rule's finding on a block may be waived: always outside PHI data, else as the rule says. */
export function isWaivable(rule: PhiRule, block: SynthResource, context: RuleContext, phiStack: boolean): boolean {
  if (!phiStack && !classifiedPhi(tagsOf(block))) return true;
  if (rule.waivable === undefined || rule.waivable === true) return true;
  if (rule.waivable === false) return false;
  return rule.waivable.test(block, context);
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
  const phi = isPhiStack(blocks);

  // Every waiver request, in block order then declaration order.
  type MutableWaiver = Waiver & { waived: WaivedResult[]; refused: WaivedResult[] };
  const tagWaivers = new Map<string, MutableWaiver>();
  for (const block of blocks) {
    for (const t of optOutTags(block).filter((tag) => !tag.problem)) {
      tagWaivers.set(`${block.address}|${t.tag}`, { mechanism: 'tag', key: t.tag, reason: t.reason, requestedBy: block.path, address: block.address, waived: [], refused: [] });
    }
  }
  const suppressWaivers = declared.map((s): MutableWaiver => ({ mechanism: 'suppress', key: s.ruleId, reason: s.reason, requestedBy: s.path || '(app)', waived: [], refused: [] }));

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
      const index = declared.findIndex((s) => s.ruleId === rule.id && appliesTo(s.path, block.path));
      const suppression = index >= 0 ? declared[index] : undefined;
      const tagged = optOutFor(rule, block);
      const optOut = tagged && !tagged.problem ? tagged : undefined;
      const named: WaivedResult = { ruleId: rule.id, address: block.address, message: result.message };
      if ((suppression || optOut) && !isWaivable(rule, block, context, phi)) {
        // A non-waivable control in a PHI stack: the waiver is recorded as refused and the finding stands.
        const by = suppression ? `PhiGuard.suppress on ${suppression.path || '(app)'}` : `tag ${optOut!.tag}`;
        if (suppression) suppressWaivers[index].refused.push(named);
        if (optOut) tagWaivers.get(`${block.address}|${optOut.tag}`)?.refused.push(named);
        findings.push({ ...finding, message: `${finding.message}; ${rule.id} cannot be waived in a ${DATA_CLASSIFICATION_TAG}=${PHI_CLASSIFICATION} stack, so the waiver by ${by} is refused` });
        perRule.set(rule.id, 'non-compliant');
      } else if (suppression) {
        suppression.matched++;
        suppressWaivers[index].waived.push(named);
        suppressed.push({ ...finding, reason: suppression.reason, suppressedBy: `PhiGuard.suppress on ${suppression.path || '(app)'}`, requestedBy: suppression.path || '(app)' });
        perRule.set(rule.id, 'suppressed');
      } else if (optOut) {
        tagWaivers.get(`${block.address}|${optOut.tag}`)?.waived.push(named);
        suppressed.push({ ...finding, reason: optOut.reason, suppressedBy: `tag ${optOut.tag}`, requestedBy: block.path });
        perRule.set(rule.id, 'suppressed');
      } else if (tagged) {
        // The tag is there, but its reason breaks the reason rule: say so, instead of a finding that never mentions it.
        findings.push({ ...finding, message: `${finding.message}; the opt-out tag ${tagged.tag} is ignored: its reason must ${tagged.problem}` });
        perRule.set(rule.id, 'non-compliant');
      } else {
        findings.push(finding);
        perRule.set(rule.id, 'non-compliant');
      }
    }
  }
  const waivers = [...tagWaivers.values(), ...suppressWaivers];
  return { stackName: stack.node.id, rules, blocks, statuses, findings, suppressed, suppressions: declared, checks, flows: proveFlows(context), phi, waivers };
}

/** `[<rule id>] <construct path>: <what is wrong> (<how to fix>)` */
export function formatFinding(f: Finding): string {
  return `[${f.ruleId}] ${f.path}: ${f.message} (${f.fix})`;
}
