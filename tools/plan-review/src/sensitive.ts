import { PlanStateModule, SensitiveMask, TerraformPlan } from './plan';

/** What a masked value renders as, in every format. */
export const MASK = '(sensitive)';

/**
 * Secrets shorter than this are not searched for in rendered text (masking `30` would rewrite every
 * count); they are still never rendered, because values are masked by path before rendering.
 */
const MIN_SCRUB_LENGTH = 6;

/** The mask below `key`: `true` stays `true` (a sensitive object is sensitive all the way down). */
export function childMask(mask: SensitiveMask | undefined, key: string | number): SensitiveMask | undefined {
  if (mask === true || mask === undefined || mask === false) return mask;
  if (Array.isArray(mask)) return typeof key === 'number' ? mask[key] : undefined;
  return (mask as Record<string, SensitiveMask>)[String(key)];
}

/** Collects every string leaf of `value` (sensitive leaves only, unless `all`). */
function collectLeaves(value: unknown, mask: SensitiveMask | undefined, all: boolean, out: Set<string>): void {
  const sensitive = all || mask === true;
  if (typeof value === 'string') {
    if (sensitive) out.add(value);
    return;
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    if (sensitive) out.add(String(value));
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => collectLeaves(item, childMask(mask, i), sensitive, out));
    return;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) collectLeaves(item, childMask(mask, key), sensitive, out);
  }
}

function collectModule(module: PlanStateModule | undefined, out: Set<string>): void {
  if (!module) return;
  for (const resource of module.resources ?? []) collectLeaves(resource.values, resource.sensitive_values, false, out);
  for (const child of module.child_modules ?? []) collectModule(child, out);
}

/**
 * Every secret value the plan carries in clear text: values under `before_sensitive` /
 * `after_sensitive` masks, sensitive outputs, variables declared `sensitive`, and sensitive values
 * of prior and planned state. Terraform writes all of them unmasked into the JSON plan.
 */
export function collectSecrets(plan: TerraformPlan): Set<string> {
  const out = new Set<string>();
  for (const rc of [...(plan.resource_changes ?? []), ...(plan.resource_drift ?? [])]) {
    collectLeaves(rc.change.before, rc.change.before_sensitive, false, out);
    collectLeaves(rc.change.after, rc.change.after_sensitive, false, out);
  }
  for (const oc of Object.values(plan.output_changes ?? {})) {
    collectLeaves(oc.before, oc.before_sensitive, false, out);
    collectLeaves(oc.after, oc.after_sensitive, false, out);
  }
  for (const outputs of [plan.planned_values.outputs, plan.prior_state?.values?.outputs]) {
    for (const output of Object.values(outputs ?? {})) if (output.sensitive) collectLeaves(output.value, true, true, out);
  }
  const declared = plan.configuration?.root_module?.variables ?? {};
  for (const [name, variable] of Object.entries(plan.variables ?? {})) {
    if (declared[name]?.sensitive) collectLeaves(variable.value, true, true, out);
  }
  collectModule(plan.prior_state?.values?.root_module, out);
  collectModule(plan.planned_values.root_module, out);
  return out;
}

/** Replaces every known secret in a string with the mask; a last line of defence after path masking. */
export class Scrubber {
  private readonly pattern?: RegExp;

  constructor(secrets: Iterable<string>) {
    const list = [...new Set(secrets)].filter((s) => s.length >= MIN_SCRUB_LENGTH).sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
    if (list.length > 0) this.pattern = new RegExp(list.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  }

  public scrub(text: string): string {
    if (!this.pattern) return text;
    this.pattern.lastIndex = 0;
    return this.pattern.test(text) ? text.replace(this.pattern, MASK) : text;
  }

  /** Deep copy of a JSON-shaped value with every string (keys included) scrubbed. */
  public scrubDeep<T>(value: T): T {
    if (!this.pattern) return value;
    return this.deep(value) as T;
  }

  private deep(value: unknown): unknown {
    if (typeof value === 'string') return this.scrub(value);
    if (Array.isArray(value)) return value.map((v) => this.deep(v));
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [this.scrub(k), this.deep(v)]));
    }
    return value;
  }
}
