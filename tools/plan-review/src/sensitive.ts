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
  if (!all && mask !== true) {
    // Walk the mask, not the value: a mask only has the branches that hold something sensitive,
    // so the bulk of a large plan is never visited.
    if (typeof mask !== 'object' || mask === null || typeof value !== 'object' || value === null) return;
    if (Array.isArray(mask)) {
      if (Array.isArray(value)) mask.forEach((m, i) => collectLeaves(value[i], m, false, out));
      return;
    }
    for (const key in mask) collectLeaves((value as Record<string, unknown>)[key], (mask as Record<string, SensitiveMask>)[key], false, out);
    return;
  }
  if (typeof value === 'string') out.add(value);
  else if (typeof value === 'number' || typeof value === 'boolean') out.add(String(value));
  else if (Array.isArray(value)) for (const item of value) collectLeaves(item, true, true, out);
  else if (typeof value === 'object' && value !== null) for (const key in value) collectLeaves((value as Record<string, unknown>)[key], true, true, out);
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

/** Bits of the prefix filter: 4 Mi bits (512 KiB), a few percent of false hits at 80,000 prefixes. */
const FILTER_BITS = 22;
const FILTER_MASK = (1 << FILTER_BITS) - 1;
/**
 * 31 ** (MIN_SCRUB_LENGTH - 1) modulo 2^32, to roll the oldest character out of the hash. The hash
 * uses shifts and `| 0` only, no `Math.imul`: under Jest's sandbox a `Math` call is a hundred times
 * slower than in plain node, and the unit tests hold the review to a CPU budget.
 */
const HASH_OUT = Array.from({ length: MIN_SCRUB_LENGTH - 1 }).reduce<number>((h) => ((h << 5) - h) | 0, 1);

/** Polynomial hash (base 31, 32-bit wrapping) of the MIN_SCRUB_LENGTH characters at `i`. */
function prefixHash(text: string, i: number): number {
  let h = 0;
  for (let k = 0; k < MIN_SCRUB_LENGTH; k++) h = ((h << 5) - h + text.charCodeAt(i + k)) | 0;
  return h;
}

/** The hash at `i + 1` from the hash at `i`: drop `text[i]`, add `text[i + MIN_SCRUB_LENGTH]`. */
function rollHash(hash: number, text: string, i: number): number {
  const rest = (hash - ((text.charCodeAt(i) * HASH_OUT) | 0)) | 0;
  return ((rest << 5) - rest + text.charCodeAt(i + MIN_SCRUB_LENGTH)) | 0;
}

function filterSlot(hash: number): number {
  const x = hash ^ (hash >>> 16);
  return (x ^ (x >>> 9)) & FILTER_MASK;
}

/**
 * Replaces every known secret in a string with the mask: the last line of defence behind path
 * masking, for a secret that reached a non-sensitive attribute (interpolated into a name, a tag or a
 * policy). It also knows each secret's JSON-escaped form, because values are rendered as JSON.
 */
export class Scrubber {
  /** The first MIN_SCRUB_LENGTH characters of every secret: the exact filter per text position. */
  private readonly prefixes = new Set<string>();
  /** A bit per hash of those prefixes: the cheap filter in front of it (no string is cut for most positions). */
  private readonly filter = new Uint32Array(1 << (FILTER_BITS - 5));
  /** Secrets by length, longest length first. */
  private readonly byLength: Array<{ readonly length: number; readonly secrets: Set<string> }> = [];

  constructor(secrets: Iterable<string>) {
    const lengths = new Map<number, Set<string>>();
    const add = (secret: string): void => {
      const prefix = secret.slice(0, MIN_SCRUB_LENGTH);
      if (!this.prefixes.has(prefix)) {
        this.prefixes.add(prefix);
        const slot = filterSlot(prefixHash(prefix, 0));
        this.filter[slot >>> 5] |= 1 << (slot & 31);
      }
      const set = lengths.get(secret.length) ?? new Set<string>();
      set.add(secret);
      lengths.set(secret.length, set);
    };
    for (const secret of secrets) {
      if (secret.length < MIN_SCRUB_LENGTH) continue;
      add(secret);
      add(JSON.stringify(secret).slice(1, -1));
    }
    for (const [length, set] of [...lengths].sort((a, b) => b[0] - a[0])) this.byLength.push({ length, secrets: set });
  }

  /** Whether there is anything to scrub (lets callers skip work on plans without secrets). */
  public get empty(): boolean {
    return this.byLength.length === 0;
  }

  /** The longest secret that starts at `i` in `text`, or 0. */
  private matchAt(text: string, i: number): number {
    if (!this.prefixes.has(text.substr(i, MIN_SCRUB_LENGTH))) return 0;
    for (const { length, secrets } of this.byLength) {
      if (i + length <= text.length && secrets.has(text.substr(i, length))) return length;
    }
    return 0;
  }

  /**
   * Masks every character that belongs to an occurrence of any secret; each run of masked
   * characters becomes one MASK, so overlapping or adjacent secrets leave no fragment behind.
   * Linear in the text's length: a rolling hash of the six characters at each position is looked up
   * in a bit filter of the secrets' prefixes; only on a hit is the prefix compared exactly and then
   * looked up once per distinct secret length, never per secret (the old loop over every secret was
   * quadratic on plans with tens of thousands of secrets).
   */
  public scrub(text: string): string {
    if (this.byLength.length === 0 || text.length < MIN_SCRUB_LENGTH) return text;
    let coveredTo = -1; // end (exclusive) of the masked run being built
    let open = false;
    let out = '';
    let copied = 0;
    let hash = prefixHash(text, 0);
    for (let i = 0; i + MIN_SCRUB_LENGTH <= text.length; i++) {
      if (i > 0) hash = rollHash(hash, text, i - 1);
      const slot = filterSlot(hash);
      const length = (this.filter[slot >>> 5] & (1 << (slot & 31))) !== 0 ? this.matchAt(text, i) : 0;
      if (length > 0) {
        if (!open || i > coveredTo) {
          if (open) out += MASK;
          out += text.slice(copied, i);
          open = true;
        }
        coveredTo = Math.max(coveredTo, i + length);
        copied = coveredTo;
      } else if (open && i >= coveredTo) {
        out += MASK;
        open = false;
      }
    }
    if (open) out += MASK;
    return out + text.slice(copied);
  }
}
