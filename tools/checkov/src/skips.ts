import { parse } from 'yaml';

/** `apps` value that stands for every regional app (an app folder holding a region.json). */
export const EVERY_REGION = 'every-region';

/** One reviewed decision not to act on a checkov finding, on the exact resources it names. */
export interface Skip {
  /** checkov check id, e.g. `CKV_AWS_145`. */
  readonly check: string;
  /** App folders under apps/ it applies to, or `every-region`. */
  readonly apps: readonly string[];
  /** Terraform addresses, `<type>.<name>` or `data.<type>.<name>`, as in cdk.tf.json. */
  readonly resources: readonly string[];
  /** Why the finding is accepted, or `to fix in <package>: <what>`. */
  readonly reason: string;
  /**
   * Where the check maps to a phi-guard rule and the resource carries no opt-out tag waiving that
   * rule: why phi-guard passes the resource (the same decision, stated).
   */
  readonly phiGuard?: string;
  /**
   * `plan`: the finding exists only in a plan against an applied state, where the refresh fills in
   * what the synthesized JSON leaves to the provider (a security group's computed `ingress` copies
   * its separate rules; an unset attribute reads back as `""`). Such a skip applies to plans only;
   * on the synthesized JSON it is stale only where a resource it names is not in the app.
   * @default - the skip applies to the synthesized JSON and to plans
   */
  readonly only?: 'plan';
}

/** One failed checkov check, with its resource address made whole. */
export interface Finding {
  readonly check: string;
  readonly name: string;
  readonly resource: string;
  readonly guideline?: string;
}

/** The slice of a checkov `--output json` report (one framework) that is read here. */
export interface CheckovReport {
  readonly check_type: string;
  readonly summary: { readonly passed: number; readonly failed: number; readonly skipped: number; readonly parsing_errors: number; readonly checkov_version: string };
  readonly results: { readonly failed_checks: readonly { check_id: string; check_name: string; resource: string; guideline?: string | null }[] };
}

/** The slice of a synthesized cdk.tf.json that is read here. */
export interface TerraformJson {
  readonly resource?: Record<string, Record<string, { tags?: Record<string, unknown> } & Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
}

const CHECK_ID = /^CKV2?_[A-Z0-9]+_\d+$/;
const ADDRESS = /^(data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+$/;
/** Shortest reason accepted: enough for a reviewer to judge it. */
export const MIN_REASON_LENGTH = 20;

/** Parses and checks the skip file; throws naming every bad entry. */
export function parseSkips(text: string, file = 'skips.yaml'): Skip[] {
  const doc = parse(text) as { skips?: unknown } | null;
  if (!doc || !Array.isArray(doc.skips)) throw new Error(`${file} must hold a top-level list \`skips:\` (got ${JSON.stringify(doc)})`);
  const problems: string[] = [];
  const seen = new Map<string, number>();
  const skips = doc.skips.map((raw: unknown, i: number): Skip => {
    const e = (raw ?? {}) as Record<string, unknown>;
    const at = `${file} skips[${i}]${typeof e.check === 'string' ? ` (${e.check})` : ''}`;
    const known = ['check', 'apps', 'resources', 'reason', 'phiGuard', 'only'];
    if (e.only !== undefined && e.only !== 'plan') problems.push(`${at}: only must be plan (a finding of plans against an applied state) when given (got ${JSON.stringify(e.only)})`);
    for (const key of Object.keys(e)) if (!known.includes(key)) problems.push(`${at}: unknown key ${key} (keys: ${known.join(', ')})`);
    if (typeof e.check !== 'string' || !CHECK_ID.test(e.check)) problems.push(`${at}: check must be a checkov id such as CKV_AWS_145 (got ${JSON.stringify(e.check)})`);
    const list = (key: 'apps' | 'resources'): string[] => {
      const v = e[key];
      if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'string' && x.length > 0)) {
        problems.push(`${at}: ${key} must be a non-empty list of strings (got ${JSON.stringify(v)})`);
        return [];
      }
      return v as string[];
    };
    const apps = list('apps');
    const resources = list('resources');
    for (const r of resources) if (!ADDRESS.test(r)) problems.push(`${at}: resource ${JSON.stringify(r)} is not a Terraform address <type>.<name> or data.<type>.<name>`);
    const reason = typeof e.reason === 'string' ? e.reason.trim() : '';
    if (reason.length < MIN_REASON_LENGTH) problems.push(`${at}: reason must say in at least ${MIN_REASON_LENGTH} characters why the finding is accepted, or "to fix in <package>: <what>" (got ${JSON.stringify(e.reason)})`);
    if (e.phiGuard !== undefined && (typeof e.phiGuard !== 'string' || e.phiGuard.trim().length < MIN_REASON_LENGTH)) {
      problems.push(`${at}: phiGuard, when given, must say in at least ${MIN_REASON_LENGTH} characters why phi-guard passes the resource (got ${JSON.stringify(e.phiGuard)})`);
    }
    for (const app of apps) {
      for (const r of resources) {
        const key = `${e.check} ${app} ${r}`;
        if (seen.has(key)) problems.push(`${at}: ${e.check} on ${r} in ${app} is already skipped by skips[${seen.get(key)}]`);
        else seen.set(key, i);
      }
    }
    return { check: e.check as string, apps, resources, reason, ...(typeof e.phiGuard === 'string' ? { phiGuard: e.phiGuard.trim() } : {}), ...(e.only === 'plan' ? { only: 'plan' as const } : {}) };
  });
  if (problems.length > 0) throw new Error(`${file} is invalid:\n  ${problems.join('\n  ')}`);
  return skips;
}

/** The skips that apply to one app: named by its folder, or `every-region` for a regional app. */
export function skipsFor(skips: readonly Skip[], app: string, isRegion: boolean): Skip[] {
  return skips.filter((s) => s.apps.includes(app) || (isRegion && s.apps.includes(EVERY_REGION)));
}

/**
 * The Terraform address of a checkov result. checkov's terraform_json runner names the resource of
 * a per-resource (non-graph) check `resource.<name>` or `data.<name>`, without the type; the name
 * is looked up in the synthesized JSON (cdktf logical ids are unique in a stack).
 */
export function resourceAddress(reported: string, config: TerraformJson): string {
  const m = /^(resource|data)\.([^.]+)$/.exec(reported);
  if (!m) return reported;
  const [, kind, name] = m;
  const blocks = (kind === 'resource' ? config.resource : config.data) ?? {};
  const types = Object.keys(blocks).filter((t) => Object.prototype.hasOwnProperty.call(blocks[t], name));
  if (types.length !== 1) throw new Error(`checkov reported ${reported}, and ${types.length === 0 ? 'no' : `${types.length} (${types.join(', ')})`} ${kind} blocks of that name are in the synthesized JSON: cannot name the resource`);
  return kind === 'resource' ? `${types[0]}.${name}` : `data.${types[0]}.${name}`;
}

/** The failed checks of a report, with whole addresses. */
export function findingsOf(report: CheckovReport, config: TerraformJson): Finding[] {
  return report.results.failed_checks.map((c) => ({
    check: c.check_id,
    name: c.check_name,
    resource: resourceAddress(c.resource, config),
    ...(c.guideline ? { guideline: c.guideline } : {}),
  }));
}

/** Findings no skip accepts, the skipped ones, and the (check, resource) pairs of skips that match no finding. */
export interface Comparison {
  readonly unreviewed: Finding[];
  readonly skipped: Finding[];
  readonly stale: { readonly check: string; readonly resource: string }[];
}

/** The blocks of several stacks' synthesized JSON as one (an app may synthesize more than one stack). */
export function mergeConfigs(configs: readonly TerraformJson[]): TerraformJson {
  const resource: Record<string, Record<string, Record<string, unknown>>> = {};
  const data: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const c of configs) {
    for (const [t, blocks] of Object.entries(c.resource ?? {})) resource[t] = { ...resource[t], ...blocks };
    for (const [t, blocks] of Object.entries(c.data ?? {})) data[t] = { ...data[t], ...blocks };
  }
  return { resource, data };
}

/** Whether the synthesized JSON holds a block at `address` (`<type>.<name>` or `data.<type>.<name>`). */
export function hasBlock(config: TerraformJson, address: string): boolean {
  const data = address.startsWith('data.');
  const rest = data ? address.slice(5) : address;
  const dot = rest.indexOf('.');
  const blocks = data ? config.data : config.resource;
  return dot > 0 && blocks?.[rest.slice(0, dot)]?.[rest.slice(dot + 1)] !== undefined;
}

/**
 * Matches findings to the skips of one app by (check id, resource address). A skip is stale where a
 * resource it names is in the app and passes the check, or where none of its resources is in the
 * app; a resource absent from this app alone is not stale (eu-west-1 has one read replica fewer).
 */
export function compare(findings: readonly Finding[], allSkips: readonly Skip[], config: TerraformJson, mode: 'synth' | 'plan' = 'synth'): Comparison {
  // On the synthesized JSON, a plan-only skip accepts nothing; it is stale only where none of its resources exists.
  const skips = mode === 'plan' ? allSkips : allSkips.filter((s) => s.only !== 'plan');
  const planOnlyStale =
    mode === 'plan'
      ? []
      : allSkips.filter((s) => s.only === 'plan' && !s.resources.some((r) => hasBlock(config, r))).flatMap((s) => s.resources.map((resource) => ({ check: s.check, resource })));
  const pairs = new Set(skips.flatMap((s) => s.resources.map((r) => `${s.check} ${r}`)));
  const found = new Set(findings.map((f) => `${f.check} ${f.resource}`));
  const stale = [...planOnlyStale, ...skips.flatMap((s) => {
    const present = s.resources.filter((r) => hasBlock(config, r));
    const names = present.length === 0 ? s.resources : present.filter((r) => !found.has(`${s.check} ${r}`));
    return names.map((resource) => ({ check: s.check, resource }));
  })];
  return {
    unreviewed: findings.filter((f) => !pairs.has(`${f.check} ${f.resource}`)),
    skipped: findings.filter((f) => pairs.has(`${f.check} ${f.resource}`)),
    stale,
  };
}

/** A phi-guard rule as far as the skip check needs it: its id and its checkov anchor. */
export interface GuardRule {
  readonly id: string;
  readonly anchors: { readonly checkov: string };
}

/** The tags of a resource in the synthesized JSON (undefined when it is not there). */
function tagsAt(config: TerraformJson, address: string): Record<string, unknown> | undefined {
  if (address.startsWith('data.')) return undefined;
  const dot = address.indexOf('.');
  const block = config.resource?.[address.slice(0, dot)]?.[address.slice(dot + 1)];
  return block ? ((block.tags as Record<string, unknown> | undefined) ?? {}) : undefined;
}

/**
 * A skip of a check that phi-guard also makes is the same decision as phi-guard's: each resource
 * carries an opt-out tag that waives the phi-guard rule, or the skip states (`phiGuard`) why
 * phi-guard passes the resource. Returns one problem per resource that does neither.
 *
 * @param optOutsWaiving the opt-out tag keys whose reason waives a phi-guard rule id
 */
export function optOutProblems(skips: readonly Skip[], config: TerraformJson, rules: readonly GuardRule[], optOutsWaiving: (ruleId: string) => readonly string[]): string[] {
  const problems: string[] = [];
  for (const skip of skips) {
    const mapped = rules.filter((r) => r.anchors.checkov === skip.check);
    if (mapped.length === 0 || skip.phiGuard !== undefined) continue;
    for (const resource of skip.resources) {
      if (!hasBlock(config, resource)) continue;
      const tags = tagsAt(config, resource) ?? {};
      for (const rule of mapped) {
        const keys = optOutsWaiving(rule.id);
        if (keys.some((k) => typeof tags[k] === 'string')) continue;
        const way = keys.length > 0 ? `tag it ${keys.join(' or ')} (the opt-out that waives ${rule.id})` : `no opt-out tag waives ${rule.id}`;
        problems.push(`skip of ${skip.check} on ${resource}: phi-guard rule ${rule.id} makes the same check and the resource carries no opt-out waiving it: ${way}, or state in the skip's phiGuard why phi-guard passes it`);
      }
    }
  }
  return problems;
}
