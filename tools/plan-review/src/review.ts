import { CapacityDecrease, capacityDecreases, describeCapacityDecrease } from './capacity';
import { CheckResult, Diagnostic, DiagnosticsLog, failingChecks } from './diagnostics';
import { deepEqual, diffJson, JsonChange, parseJsonDocument } from './jsondiff';
import { byNaturalAddress, formatPath, naturalCompare } from './paths';
import { PlanAction, PlanResourceChange, SensitiveMask, TerraformPlan } from './plan';
import { childMask, collectSecrets, Scrubber } from './sensitive';
import { statefulRisk } from './stateful';
import { GuardReport, reviewWaivers, WaiverReview } from './waivers';

export { formatPath } from './paths';

/** How a resource changes, one word per row of the summary table. */
export type ChangeKind = 'create' | 'update' | 'replace' | 'delete' | 'read' | 'no-op' | 'forget';

/** Kinds in the order the summary shows them. */
export const CHANGE_KINDS: readonly ChangeKind[] = ['create', 'update', 'replace', 'delete', 'read', 'no-op', 'forget'];

/** Counts per kind, plus `import` (an import is counted on its own and also under its action). */
export type ChangeCounts = Record<ChangeKind | 'import', number>;

/** How a value that is computed during apply renders. */
export const KNOWN_AFTER_APPLY = '(known after apply)';

/** Longest rendering of one attribute value; plans carry whole policies in one attribute. */
export const MAX_VALUE_LENGTH = 80;

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
  /**
   * Both values are JSON documents (a policy, container definitions): what changes inside, key by
   * key. Empty when they are the same document written differently (key order, spacing).
   */
  readonly json?: JsonChange[];
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
  /** Changed attributes (updates, replacements and imports; the attributes set, for creates). */
  readonly changes: AttributeChange[];
  /** What is lost when this stateful resource is deleted or replaced. */
  readonly statefulRisk?: string;
  /** Drift only: the planned changes depend on this resource (Terraform's `relevant_attributes`). */
  readonly affectsPlan?: boolean;
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
  /**
   * Resources changed (or deleted) outside Terraform since the last apply: every entry of the plan's
   * `resource_drift`, with its changed attributes, whether or not the planned changes depend on it.
   */
  readonly drift: ResourceReview[];
  /** `drift.length`. */
  readonly driftCount: number;
  /** Terraform's own summary: the counts of `Plan: X to add, Y to change, Z to destroy.` and the line. */
  readonly planSummary: PlanSummary;
  /** `check` blocks, pre-/postconditions and validations whose status is `fail` or `error`, masked. */
  readonly checks: CheckResult[];
  /** Errors and warnings of the `terraform plan -json` log, masked (empty without a log). */
  readonly diagnostics: Diagnostic[];
  /** The log they come from (`--diagnostics`). */
  readonly diagnosticsSource?: string;
  /** Pull-request labels for this stack (see `Label`). */
  readonly labels: Label[];
  /** Live Auto Scaling groups whose min, max or desired capacity the plan lowers (or that it replaces or deletes). */
  readonly capacityDecreases: CapacityDecrease[];
  /** phi-guard waivers: opt-out tags in the plan (new, changed, removed, kept), with the guard report's details and suppressions when given. */
  readonly waivers: WaiverReview[];
}

/** The counts of Terraform's summary line, with its arithmetic: a replacement adds one and destroys one. */
export interface PlanSummary {
  readonly import: number;
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
  readonly forget: number;
  /** `Plan: 1 to import, 2 to add, 0 to change, 1 to destroy.`, as `terraform plan` prints it. */
  readonly line: string;
}

/**
 * Labels for the pull request, as tfcmt sets them: exactly one of `destroy` (something is deleted
 * or replaced), `add-or-update` (anything else is planned: creates, updates, imports, moves,
 * forgets, output changes) and `no-changes`; plus `plan-error` when planning failed (an errored
 * plan never gets `no-changes`: it is incomplete).
 */
export type Label = 'no-changes' | 'add-or-update' | 'destroy' | 'plan-error';
export const LABELS: readonly Label[] = ['no-changes', 'add-or-update', 'destroy', 'plan-error'];

export interface PlanReview {
  readonly stacks: StackReview[];
  readonly totals: ChangeCounts;
  /** Labels of the whole review: the most severe of the stacks' change labels, plus `plan-error` if any stack errored. */
  readonly labels: Label[];
  /** Commit the plans were made from (`--commit`, else `GITHUB_SHA`). */
  readonly commit?: string;
  /** CI run that made them (`--run-url`, else from `GITHUB_SERVER_URL`, `GITHUB_REPOSITORY`, `GITHUB_RUN_ID`). */
  readonly runUrl?: string;
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

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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

/** Characters of context kept before the first difference when a long pair is cut around it. */
const DIFF_CONTEXT = 24;

function cutAround(text: string, start: number): string {
  const body = text.slice(start, start + MAX_VALUE_LENGTH - 2);
  return `${start > 0 ? '…' : ''}${body}${start + body.length < text.length ? '…' : ''}`;
}

/**
 * Renders a before/after pair (already scrubbed) so that the cut versions differ when the values
 * do: when both start alike past the cut, both are cut around their first difference instead
 * (`…role/platform-deployer"` → `…role/platform-deployer-v2"`), never to two equal prefixes.
 */
export function displayPair(before: string, after: string): [string, string] {
  if (before.length <= MAX_VALUE_LENGTH && after.length <= MAX_VALUE_LENGTH) return [before, after];
  let d = 0;
  const n = Math.min(before.length, after.length);
  while (d < n && before.charCodeAt(d) === after.charCodeAt(d)) d++;
  if (d < MAX_VALUE_LENGTH - 1 - DIFF_CONTEXT) return [cutAround(before, 0), cutAround(after, 0)];
  const start = Math.max(0, d - DIFF_CONTEXT);
  return [cutAround(before, start), cutAround(after, start)];
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

function isEmptyContainer(value: unknown): boolean {
  return (Array.isArray(value) && value.length === 0) || (isObject(value) && Object.keys(value).length === 0);
}

/**
 * The keys of both sides (and of the unknown mask), in natural order. Terraform writes both sides
 * with the same, sorted keys, so the common case costs one pass and no set or sort.
 */
function keysOf(before: Record<string, unknown> | undefined, after: Record<string, unknown>, unknown: Record<string, unknown> | undefined): string[] {
  let keys = Object.keys(after);
  let same = before === undefined || Object.keys(before).length === keys.length;
  if (same && before !== undefined) for (const key of keys) if (!(key in before)) same = false;
  if (same && unknown !== undefined) for (const key in unknown) if (!(key in after)) same = false;
  if (!same) {
    const all = new Set(keys);
    if (before) for (const key of Object.keys(before)) all.add(key);
    if (unknown) for (const key of Object.keys(unknown)) all.add(key);
    keys = [...all];
  }
  for (let i = 1; i < keys.length; i++) if (naturalCompare(keys[i - 1], keys[i]) > 0) return keys.sort(naturalCompare);
  return keys;
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
      // ...but an attribute that is not set at all on a new resource is not news.
      if (before === undefined && (after === undefined || after === null)) return;
      const path = pathHere(ctx);
      ctx.out.push({ path, sensitive: true, forcesReplacement: forcesReplacement(ctx, path) });
    }
    return;
  }
  // `undefined` before: the attribute is new (a create, or a key the object did not have). Its
  // contents are listed leaf by leaf; nulls and empty blocks on a new resource say nothing.
  const fresh = before === undefined;
  if (fresh && (after === undefined || after === null || (isEmptyContainer(after) && !isObject(unknown) && !Array.isArray(unknown)))) return;
  if ((isObject(before) || fresh) && isObject(after)) {
    const from = isObject(before) ? before : undefined;
    const unknownObject = isObject(unknown) ? unknown : undefined;
    for (const key of keysOf(from, after, unknownObject)) {
      const b = from?.[key];
      const a = after[key];
      const bm = childMask(beforeMask, key);
      const am = childMask(afterMask, key);
      // Fast path for the bulk of a plan: an equal scalar, known, with unchanged sensitivity.
      if (b === a && (typeof a !== 'object' || a === null) && unknownObject?.[key] === undefined && (bm === true) === (am === true)) continue;
      ctx.path.push(key);
      diff(b, a, unknownObject?.[key], bm, am, ctx);
      ctx.path.pop();
    }
    return;
  }
  if (Array.isArray(after) && (fresh || (Array.isArray(before) && before.length === after.length))) {
    const from = Array.isArray(before) ? before : undefined;
    const unknownArray = Array.isArray(unknown) ? unknown : undefined;
    for (let i = 0; i < after.length; i++) {
      ctx.path.push(i);
      diff(from?.[i], after[i], unknownArray?.[i], childMask(beforeMask, i), childMask(afterMask, i), ctx);
      ctx.path.pop();
    }
    return;
  }
  if (deepEqual(before, after)) return;
  const path = pathHere(ctx);
  const forces = forcesReplacement(ctx, path);
  const partlySensitive = anySensitive(beforeMask) || anySensitive(afterMask);
  if (fresh) {
    // A new value has no "before" (absent, not `null`: the renderer shows `= value`, not an arrow).
    ctx.out.push({ path, after: displayValue(after, ctx.scrubber), sensitive: partlySensitive, forcesReplacement: forces });
    return;
  }
  if (typeof before === 'string' && typeof after === 'string') {
    const [b, a] = displayPair(ctx.scrubber.scrub(JSON.stringify(before)), ctx.scrubber.scrub(JSON.stringify(after)));
    const docBefore = parseJsonDocument(before);
    const docAfter = docBefore !== undefined ? parseJsonDocument(after) : undefined;
    const json =
      docBefore !== undefined && docAfter !== undefined
        ? diffJson(docBefore, docAfter, (v) => ctx.scrubber.scrub(JSON.stringify(v === undefined ? null : v)), (p) => ctx.scrubber.scrub(p))
        : undefined;
    ctx.out.push({ path, before: b, after: a, sensitive: partlySensitive, forcesReplacement: forces, ...(json ? { json } : {}) });
    return;
  }
  // Containers with sensitive parts inside are summarised by shape (displayValue), never by content.
  ctx.out.push({ path, before: displayValue(before, ctx.scrubber), after: displayValue(after, ctx.scrubber), sensitive: partlySensitive, forcesReplacement: forces });
}

/**
 * Changed attributes of one resource change (top level is the resource's attribute object). On a
 * create (no `before`) these are the attributes it sets.
 */
export function changedAttributes(rc: PlanResourceChange, replacePaths: string[] = [], scrubber: Scrubber = new Scrubber([])): AttributeChange[] {
  const ctx: DiffContext = { out: [], replacePaths, scrubber, path: [] };
  const { before, after, after_unknown: unknown, before_sensitive: bs, after_sensitive: as } = rc.change;
  diff(before === null || before === undefined ? undefined : before, after ?? {}, unknown, bs, as, ctx);
  return ctx.out;
}

function isImporting(rc: PlanResourceChange): boolean {
  return rc.change.importing !== undefined && rc.change.importing !== null;
}

function reviewResource(rc: PlanResourceChange, scrubber: Scrubber, drift?: { readonly affectsPlan: boolean }): ResourceReview {
  const clean = (text: string): string => scrubber.scrub(text);
  const kind = changeKind(rc.change.actions);
  const replacePaths = (rc.change.replace_paths ?? []).map((p) => clean(formatPath(p))).sort(naturalCompare);
  const importing = isImporting(rc);
  const detailed = drift ? kind === 'update' : kind === 'update' || kind === 'replace' || (kind === 'create' && rc.mode === 'managed') || (importing && kind === 'no-op');
  // Drift already happened: nothing more is lost by planning it.
  const risk = !drift && (kind === 'delete' || kind === 'replace') ? statefulRisk(rc.type, rc.change.before) : undefined;
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
    ...(drift ? { affectsPlan: drift.affectsPlan } : {}),
  };
}

/** Terraform's summary line, with its arithmetic (managed resources only; data reads are not counted). */
export function planSummary(resourceChanges: readonly PlanResourceChange[]): PlanSummary {
  let imports = 0;
  let add = 0;
  let change = 0;
  let destroy = 0;
  let forget = 0;
  for (const rc of resourceChanges) {
    if (rc.mode === 'data') continue;
    const actions = rc.change.actions as readonly string[];
    if (isImporting(rc)) imports++;
    if (actions.includes('create')) add++;
    if (actions.includes('delete')) destroy++;
    if (actions.includes('update')) change++;
    if (actions.includes('forget')) forget++;
  }
  const counts = `${add} to add, ${change} to change, ${destroy} to destroy${forget > 0 ? `, ${forget} to forget` : ''}.`;
  return { import: imports, add, change, destroy, forget, line: `Plan: ${imports > 0 ? `${imports} to import, ` : ''}${counts}` };
}

function stackLabels(summary: PlanSummary, resources: readonly ResourceReview[], outputs: readonly OutputReview[], errored: boolean): Label[] {
  const labels: Label[] = [];
  if (summary.destroy > 0) labels.push('destroy');
  else if (summary.add + summary.change + summary.import + summary.forget > 0 || outputs.length > 0 || resources.some((r) => r.previousAddress !== undefined)) labels.push('add-or-update');
  else if (!errored) labels.push('no-changes');
  if (errored) labels.push('plan-error');
  return labels;
}

/**
 * Reviews one parsed plan. `name` labels its section (usually the stack); `guard` is the stack's
 * phi-guard report, for the rules each waiver accepts and the suppressions made in code;
 * `diagnostics` is the stack's `terraform plan -json` log, for the errors and warnings.
 */
export function reviewPlan(plan: TerraformPlan, name: string, source: string = name, guard?: GuardReport, diagnostics?: DiagnosticsLog): StackReview {
  // Path masking keeps sensitive values out; the scrubber also catches a secret that reached a
  // non-sensitive attribute (e.g. interpolated into a name or a policy).
  const scrubber = new Scrubber(collectSecrets(plan));
  const clean = (text: string): string => scrubber.scrub(text);
  const counts = emptyCounts();
  const resources: ResourceReview[] = [];
  for (const rc of byNaturalAddress(plan.resource_changes ?? [])) {
    const kind = changeKind(rc.change.actions);
    counts[kind]++;
    const importing = isImporting(rc);
    if (importing) counts.import++;
    if (kind !== 'no-op' || importing || rc.previous_address) resources.push(reviewResource(rc, scrubber));
  }
  const outputs: OutputReview[] = Object.keys(plan.output_changes ?? {})
    .sort(naturalCompare)
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
  // Every drift, like `terraform plan -refresh-only` shows it: a reviewer must see a change made
  // by hand even when this plan does not touch the resource (it is what the next apply records).
  const drift = byNaturalAddress(plan.resource_drift ?? []).map((d) => reviewResource(d, scrubber, { affectsPlan: relevant.has(d.address) }));
  const summary = planSummary(plan.resource_changes ?? []);
  const errored = plan.errored === true;
  // Errors first (what stopped the plan), then warnings, each in the log's order.
  const ordered = [...(diagnostics?.diagnostics ?? [])].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  const maskedDiagnostics = ordered.map((d) => ({
    severity: d.severity,
    summary: clean(d.summary),
    ...(d.detail !== undefined ? { detail: clean(d.detail) } : {}),
    ...(d.address !== undefined ? { address: clean(d.address) } : {}),
    ...(d.location !== undefined ? { location: clean(d.location) } : {}),
  }));
  return {
    name,
    source,
    ...(plan.terraform_version ? { terraformVersion: plan.terraform_version } : {}),
    formatVersion: plan.format_version,
    errored,
    counts,
    resources,
    atRisk: resources.filter((r) => r.statefulRisk !== undefined),
    outputs,
    drift,
    driftCount: drift.length,
    planSummary: summary,
    checks: failingChecks(plan)
      .map((c) => ({ ...c, address: clean(c.address), problems: c.problems.map(clean) }))
      .sort((a, b) => naturalCompare(a.address, b.address)),
    diagnostics: maskedDiagnostics,
    ...(diagnostics ? { diagnosticsSource: diagnostics.source } : {}),
    labels: stackLabels(summary, resources, outputs, errored),
    capacityDecreases: capacityDecreases(plan).map((d) => ({ ...d, address: scrubber.scrub(d.address), ...(d.schedule ? { schedule: { ...(d.schedule.name !== undefined ? { name: clean(d.schedule.name) } : {}), ...(d.schedule.when !== undefined ? { when: clean(d.schedule.when) } : {}) } } : {}) })),
    waivers: reviewWaivers(plan, scrubber, guard),
  };
}

/** Where the plans come from, for the header of the review. */
export interface ReviewContext {
  readonly commit?: string;
  readonly runUrl?: string;
}

/** The labels of several stacks: the most severe change label of any stack, plus `plan-error` if one errored. */
export function combinedLabels(stacks: readonly StackReview[]): Label[] {
  const all = new Set(stacks.flatMap((s) => s.labels ?? []));
  const labels: Label[] = [];
  if (all.has('destroy')) labels.push('destroy');
  else if (all.has('add-or-update')) labels.push('add-or-update');
  else if (!all.has('plan-error') && stacks.length > 0) labels.push('no-changes');
  if (all.has('plan-error')) labels.push('plan-error');
  return labels;
}

/** Reviews several stacks and adds them up. */
export function reviewPlans(stacks: StackReview[], context: ReviewContext = {}): PlanReview {
  const totals = emptyCounts();
  for (const stack of stacks) for (const key of Object.keys(totals) as (keyof ChangeCounts)[]) totals[key] += stack.counts[key];
  return {
    stacks,
    totals,
    labels: combinedLabels(stacks),
    ...(context.commit !== undefined ? { commit: context.commit } : {}),
    ...(context.runUrl !== undefined ? { runUrl: context.runUrl } : {}),
  };
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
  const schedules = review.stacks.some((s) => (s.capacityDecreases ?? []).some((d) => d.resource === 'schedule'));
  if (failOn.includes('capacity') && lowered.length > 0) {
    failures.push(`--fail-on capacity: ${lowered.length} live Auto Scaling group(s)${schedules ? ' or scheduled action(s)' : ''} lose capacity (${lowered.join('; ')})`);
  }
  // An errored plan is incomplete: whatever it would have shown, no gate can pass it.
  if (failOn.length > 0) {
    for (const stack of review.stacks) {
      const errors = (stack.diagnostics ?? []).filter((d) => d.severity === 'error');
      if (!stack.errored && errors.length === 0) continue;
      const first = errors[0] ? `: ${errors[0].summary}${errors.length > 1 ? ` (and ${errors.length - 1} more error(s))` : ''}` : ': the plan JSON has no error text (pass the `terraform plan -json` log with --diagnostics)';
      failures.push(`--fail-on ${failOn.join(',')}: ${stack.name}: planning failed, the plan is incomplete${first}`);
    }
  }
  return failures;
}
