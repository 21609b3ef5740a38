import { CapacityDecrease, capacityDecreases, describeCapacityDecrease } from './capacity';
import { PlanAction, PlanResourceChange, SensitiveMask, TerraformPlan } from './plan';
import { childMask, collectSecrets, Scrubber } from './sensitive';
import { statefulRisk } from './stateful';
import { GuardReport, reviewWaivers, WaiverReview } from './waivers';

/** How a resource changes, one word per row of the summary table. */
export type ChangeKind = 'create' | 'update' | 'replace' | 'delete' | 'read' | 'no-op' | 'forget';

/** Kinds in the order the summary shows them. */
export const CHANGE_KINDS: readonly ChangeKind[] = ['create', 'update', 'replace', 'delete', 'read', 'no-op', 'forget'];

/** Counts per kind, plus `import` (an import is counted on its own and also under its action). */
export type ChangeCounts = Record<ChangeKind | 'import', number>;

/** How a value that is computed during apply renders. */
export const KNOWN_AFTER_APPLY = '(known after apply)';

/** Longest rendering of one attribute value; plans carry whole policies in one attribute. */
const MAX_VALUE_LENGTH = 80;

export interface AttributeChange {
  /** Attribute path, e.g. `tags.Name`, `ingress[0].cidr_blocks`. */
  readonly path: string;
  /** Rendered value before, already masked and shortened (absent for sensitive values). */
  readonly before?: string;
  /** Rendered value after; `(known after apply)` when unknown. */
  readonly after?: string;
  readonly sensitive: boolean;
  /** The change is one of the action's `replace_paths`. */
  readonly forcesReplacement: boolean;
}

export interface ResourceReview {
  readonly address: string;
  readonly type: string;
  readonly kind: ChangeKind;
  /** The raw Terraform actions, e.g. `["create","delete"]` for create-before-destroy. */
  readonly actions: PlanAction[];
  readonly importing: boolean;
  readonly importId?: string;
  readonly previousAddress?: string;
  /** Terraform's `action_reason`, e.g. `replace_because_cannot_update`. */
  readonly actionReason?: string;
  /** `replace_paths`, rendered as attribute paths. */
  readonly replacePaths: string[];
  /** Changed attributes (updates, replacements and imports). */
  readonly changes: AttributeChange[];
  /** What is lost when this stateful resource is deleted or replaced. */
  readonly statefulRisk?: string;
}

export interface OutputReview {
  readonly name: string;
  readonly kind: ChangeKind;
  readonly sensitive: boolean;
  readonly before?: string;
  readonly after?: string;
}

export interface StackReview {
  readonly name: string;
  readonly source: string;
  readonly terraformVersion?: string;
  readonly formatVersion: string;
  /** Terraform stopped planning on an error: the plan is partial. */
  readonly errored: boolean;
  readonly counts: ChangeCounts;
  /** Every resource that does something (no-ops only when imported or moved), sorted by address. */
  readonly resources: ResourceReview[];
  /** Stateful resources deleted or replaced. */
  readonly atRisk: ResourceReview[];
  readonly outputs: OutputReview[];
  /** Resources changed outside Terraform since the last apply. */
  readonly driftCount: number;
  /** Live Auto Scaling groups whose min, max or desired capacity the plan lowers (or that it replaces or deletes). */
  readonly capacityDecreases: CapacityDecrease[];
  /** phi-guard waivers: opt-out tags in the plan (new, changed, removed, kept), with the guard report's details and suppressions when given. */
  readonly waivers: WaiverReview[];
}

export interface PlanReview {
  readonly stacks: StackReview[];
  readonly totals: ChangeCounts;
}

export function emptyCounts(): ChangeCounts {
  return { create: 0, update: 0, replace: 0, delete: 0, import: 0, read: 0, 'no-op': 0, forget: 0 };
}

/** Maps Terraform's action list to one kind. */
export function changeKind(actions: readonly PlanAction[] | readonly string[]): ChangeKind {
  const list = actions as readonly string[];
  if (list.length === 2 && list.includes('delete') && list.includes('create')) return 'replace';
  if (list.length === 2 && list.includes('forget')) return 'forget';
  const [only] = list;
  if (only === 'create' || only === 'update' || only === 'delete' || only === 'read' || only === 'forget') return only;
  return 'no-op';
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** `["tags","Name"]` → `tags.Name`; `["ingress",0,"cidr"]` → `ingress[0].cidr`; odd keys are quoted. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const step of path) {
    if (typeof step === 'number') out += `[${step}]`;
    else if (IDENTIFIER.test(step)) out += out === '' ? step : `.${step}`;
    else out += `[${JSON.stringify(step)}]`;
  }
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => deepEqual(v, bb[i]));
  }
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * A short, single-line rendering of a value for review. Secrets are scrubbed before the value is
 * shortened, so a cut can never leave part of a secret behind.
 */
export function displayValue(value: unknown, scrubber?: Scrubber): string {
  if (value === undefined) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? '[]' : `[…${value.length}]`;
  if (isObject(value)) {
    const n = Object.keys(value).length;
    return n === 0 ? '{}' : `{…${n}}`;
  }
  const text = scrubber ? scrubber.scrub(JSON.stringify(value)) : JSON.stringify(value);
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}…` : text;
}

/** A mask that is anything but absent/false: some part of the value is sensitive. */
function anySensitive(mask: SensitiveMask | undefined): boolean {
  if (mask === undefined || mask === false) return false;
  if (mask === true) return true;
  return (Array.isArray(mask) ? mask : Object.values(mask)).some(anySensitive);
}

interface DiffContext {
  readonly out: AttributeChange[];
  readonly replacePaths: string[];
  readonly scrubber: Scrubber;
  /** The current path, pushed and popped during the walk (no copy per step). */
  readonly path: (string | number)[];
}

function pathHere(ctx: DiffContext): string {
  return ctx.scrubber.scrub(formatPath(ctx.path));
}

function forcesReplacement(ctx: DiffContext, path: string): boolean {
  return ctx.replacePaths.length > 0 && ctx.replacePaths.some((p) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`));
}

function diff(before: unknown, after: unknown, unknown: unknown, beforeMask: SensitiveMask | undefined, afterMask: SensitiveMask | undefined, ctx: DiffContext): void {
  const sensitive = beforeMask === true || afterMask === true;
  if (unknown === true) {
    const path = pathHere(ctx);
    const forces = forcesReplacement(ctx, path);
    ctx.out.push(
      sensitive
        ? { path, after: KNOWN_AFTER_APPLY, sensitive, forcesReplacement: forces }
        : { path, before: displayValue(before, ctx.scrubber), after: KNOWN_AFTER_APPLY, sensitive, forcesReplacement: forces },
    );
    return;
  }
  if (sensitive) {
    // A sensitive value is reported by path only, and also when only its sensitivity changed.
    if ((beforeMask === true) !== (afterMask === true) || !deepEqual(before, after)) {
      const path = pathHere(ctx);
      ctx.out.push({ path, sensitive: true, forcesReplacement: forcesReplacement(ctx, path) });
    }
    return;
  }
  if (isObject(before) && isObject(after)) {
    const unknownObject = isObject(unknown) ? unknown : undefined;
    const keys = new Set(Object.keys(before));
    for (const key of Object.keys(after)) keys.add(key);
    if (unknownObject) for (const key of Object.keys(unknownObject)) keys.add(key);
    for (const key of Array.from(keys).sort()) {
      ctx.path.push(key);
      diff(before[key], after[key], unknownObject?.[key], childMask(beforeMask, key), childMask(afterMask, key), ctx);
      ctx.path.pop();
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    const unknownArray = Array.isArray(unknown) ? unknown : undefined;
    for (let i = 0; i < before.length; i++) {
      ctx.path.push(i);
      diff(before[i], after[i], unknownArray?.[i], childMask(beforeMask, i), childMask(afterMask, i), ctx);
      ctx.path.pop();
    }
    return;
  }
  if (deepEqual(before, after)) return;
  // Containers with sensitive parts inside are summarised by shape (displayValue), never by content.
  const path = pathHere(ctx);
  ctx.out.push({
    path,
    before: displayValue(before, ctx.scrubber),
    after: displayValue(after, ctx.scrubber),
    sensitive: anySensitive(beforeMask) || anySensitive(afterMask),
    forcesReplacement: forcesReplacement(ctx, path),
  });
}

/** Changed attributes of one resource change (top level is the resource's attribute object). */
export function changedAttributes(rc: PlanResourceChange, replacePaths: string[] = [], scrubber: Scrubber = new Scrubber([])): AttributeChange[] {
  const ctx: DiffContext = { out: [], replacePaths, scrubber, path: [] };
  const { before, after, after_unknown: unknown, before_sensitive: bs, after_sensitive: as } = rc.change;
  diff(before ?? {}, after ?? {}, unknown, bs, as, ctx);
  return ctx.out;
}

function reviewResource(rc: PlanResourceChange, scrubber: Scrubber): ResourceReview {
  const clean = (text: string): string => scrubber.scrub(text);
  const kind = changeKind(rc.change.actions);
  const replacePaths = (rc.change.replace_paths ?? []).map((p) => clean(formatPath(p))).sort();
  const importing = rc.change.importing !== undefined && rc.change.importing !== null;
  const detailed = kind === 'update' || kind === 'replace' || (importing && kind === 'no-op');
  const risk = kind === 'delete' || kind === 'replace' ? statefulRisk(rc.type) : undefined;
  return {
    address: clean(rc.address),
    type: rc.type,
    kind,
    actions: [...rc.change.actions],
    importing,
    ...(importing && typeof rc.change.importing?.id === 'string' ? { importId: clean(rc.change.importing.id) } : {}),
    ...(rc.previous_address ? { previousAddress: clean(rc.previous_address) } : {}),
    ...(rc.action_reason ? { actionReason: rc.action_reason } : {}),
    replacePaths,
    changes: detailed ? changedAttributes(rc, replacePaths, scrubber) : [],
    ...(risk ? { statefulRisk: risk } : {}),
  };
}

function byAddress(a: { address: string }, b: { address: string }): number {
  return a.address < b.address ? -1 : a.address > b.address ? 1 : 0;
}

/**
 * Reviews one parsed plan. `name` labels its section (usually the stack); `guard` is the stack's
 * phi-guard report, for the rules each waiver accepts and the suppressions made in code.
 */
export function reviewPlan(plan: TerraformPlan, name: string, source: string = name, guard?: GuardReport): StackReview {
  // Path masking keeps sensitive values out; the scrubber also catches a secret that reached a
  // non-sensitive attribute (e.g. interpolated into a name or a policy).
  const scrubber = new Scrubber(collectSecrets(plan));
  const counts = emptyCounts();
  const resources: ResourceReview[] = [];
  for (const rc of [...(plan.resource_changes ?? [])].sort(byAddress)) {
    const kind = changeKind(rc.change.actions);
    counts[kind]++;
    const importing = rc.change.importing !== undefined && rc.change.importing !== null;
    if (importing) counts.import++;
    if (kind !== 'no-op' || importing || rc.previous_address) resources.push(reviewResource(rc, scrubber));
  }
  const outputs: OutputReview[] = Object.keys(plan.output_changes ?? {})
    .sort()
    .flatMap((key) => {
      const oc = plan.output_changes![key];
      const kind = changeKind(oc.actions);
      if (kind === 'no-op') return [];
      const sensitive = anySensitive(oc.before_sensitive) || anySensitive(oc.after_sensitive);
      const after = oc.after_unknown === true ? KNOWN_AFTER_APPLY : displayValue(oc.after, scrubber);
      const name = scrubber.scrub(key);
      return [sensitive ? { name, kind, sensitive } : { name, kind, sensitive, before: displayValue(oc.before, scrubber), after }];
    });
  const relevant = new Set((plan.relevant_attributes ?? []).map((r) => r.resource));
  return {
    name,
    source,
    ...(plan.terraform_version ? { terraformVersion: plan.terraform_version } : {}),
    formatVersion: plan.format_version,
    errored: plan.errored === true,
    counts,
    resources,
    atRisk: resources.filter((r) => r.statefulRisk !== undefined),
    outputs,
    // Like `terraform plan`, only drift that the planned changes depend on is worth a reviewer's time.
    driftCount: (plan.resource_drift ?? []).filter((d) => relevant.has(d.address)).length,
    capacityDecreases: capacityDecreases(plan).map((d) => ({ ...d, address: scrubber.scrub(d.address) })),
    waivers: reviewWaivers(plan, scrubber, guard),
  };
}

/** Reviews several stacks and adds them up. */
export function reviewPlans(stacks: StackReview[]): PlanReview {
  const totals = emptyCounts();
  for (const stack of stacks) for (const key of Object.keys(totals) as (keyof ChangeCounts)[]) totals[key] += stack.counts[key];
  return { stacks, totals };
}

/** Which `--fail-on` policies a review breaks. */
export type FailOn = 'destroy' | 'replace' | 'stateful' | 'capacity';
export const FAIL_ON: readonly FailOn[] = ['destroy', 'replace', 'stateful', 'capacity'];

/** Human-readable policy failures; empty when the review passes every policy in `failOn`. */
export function policyFailures(review: PlanReview, failOn: readonly FailOn[]): string[] {
  const failures: string[] = [];
  const { totals } = review;
  const atRisk = review.stacks.reduce((n, s) => n + s.atRisk.length, 0);
  if (failOn.includes('destroy') && totals.delete + totals.replace > 0) {
    failures.push(`--fail-on destroy: ${totals.delete} resource(s) deleted and ${totals.replace} replaced (a replacement destroys the old object)`);
  }
  if (failOn.includes('replace') && totals.replace > 0) failures.push(`--fail-on replace: ${totals.replace} resource(s) replaced`);
  if (failOn.includes('stateful') && atRisk > 0) failures.push(`--fail-on stateful: ${atRisk} stateful resource(s) deleted or replaced`);
  const lowered = review.stacks.flatMap((s) => (s.capacityDecreases ?? []).map((d) => `${s.name}: ${d.address} ${describeCapacityDecrease(d)}`));
  if (failOn.includes('capacity') && lowered.length > 0) failures.push(`--fail-on capacity: ${lowered.length} live Auto Scaling group(s) lose capacity (${lowered.join('; ')})`);
  return failures;
}
