/**
 * Waivers of the phi-guard HIPAA rules in a plan, so that a reviewer sees each new one in the pull
 * request. Two sources, used together:
 *
 * - **The plan**: modules record an opt-out as the tag `phi-stack:opt-out:<setting>` = reason on the
 *   resource it concerns, and tags are in every resource change. An opt-out tag that the plan adds
 *   or rewrites is a new or changed waiver; one it drops is removed.
 * - **The guard report** (`phi-guard.json`, written by the synth next to `cdk.tf.json`, passed with
 *   `--guard-report`): which rules each tag waives, which it could not (non-waivable rules in a
 *   `DataClassification=phi` stack), the construct that asked for it, and the `PhiGuard.suppress`
 *   calls, which live in code and never reach the plan.
 */
import { OPT_OUT_TAG_PREFIX } from '@phi-stack/constructs-core';
import { naturalCompare } from './paths';
import { PlanInputError, PlanResourceChange, TerraformPlan } from './plan';
import { Scrubber } from './sensitive';

/** Prefix of the opt-out tags phi-stack modules write (the constructs-core registry). */
export { OPT_OUT_TAG_PREFIX };

/** What the plan does to a waiver. `in-code`: a `PhiGuard.suppress`, which no plan shows. */
export type WaiverChange = 'new' | 'changed' | 'removed' | 'unchanged' | 'in-code';

/** Kinds in the order the review lists them: what needs a reviewer first. */
export const WAIVER_CHANGES: readonly WaiverChange[] = ['new', 'changed', 'removed', 'in-code', 'unchanged'];

export interface WaiverReview {
  /** `tag` (an opt-out tag) or `suppress` (a `PhiGuard.suppress` from the guard report). */
  readonly mechanism: 'tag' | 'suppress';
  readonly change: WaiverChange;
  /** The tag key, or the rule id of a suppression. */
  readonly key: string;
  /** Address of the resource carrying the tag. */
  readonly address?: string;
  /** The reason (the tag value after the change; before it for a removed tag). */
  readonly reason: string;
  /** The reason before a change. */
  readonly previousReason?: string;
  /** Rule ids whose findings it waives (guard report only). */
  readonly rules?: string[];
  /** Rule ids it names but cannot waive: non-waivable in a PHI stack, so the synth fails (guard report only). */
  readonly refused?: string[];
  /** Construct path of who asked for it (guard report only). */
  readonly requestedBy?: string;
}

/** The part of phi-guard's `phi-guard.json` the review reads. */
export interface GuardReport {
  readonly stack: string;
  readonly waivers: readonly {
    readonly mechanism: 'tag' | 'suppress';
    readonly key: string;
    readonly reason: string;
    readonly requestedBy: string;
    readonly address?: string;
    readonly waived: readonly { readonly ruleId: string }[];
    readonly refused: readonly { readonly ruleId: string }[];
  }[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses and checks a guard report; throws `PlanInputError` (exit 2) on anything else. */
export function parseGuardReport(text: string, source: string): GuardReport {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new PlanInputError(`${source}: not valid JSON: ${(err as Error).message}: expected the phi-guard.json the synth writes next to cdk.tf.json`);
  }
  if (!isRecord(data) || typeof data.stack !== 'string' || !Array.isArray(data.waivers)) {
    throw new PlanInputError(`${source}: not a phi-guard report with waivers (needs stack and waivers): synthesize with the current phi-guard, which writes them`);
  }
  data.waivers.forEach((w: unknown, i) => {
    if (!isRecord(w) || (w.mechanism !== 'tag' && w.mechanism !== 'suppress') || typeof w.key !== 'string' || typeof w.reason !== 'string' || !Array.isArray(w.waived) || !Array.isArray(w.refused)) {
      throw new PlanInputError(`${source}: malformed phi-guard report: waivers[${i}] needs mechanism, key, reason, waived and refused`);
    }
  });
  return data as unknown as GuardReport;
}

/** The configured tags of one side of a change (`tags`; `tags_all` adds only provider default tags). */
function tagsOf(value: unknown): Record<string, unknown> {
  if (!isRecord(value)) return {};
  return isRecord(value.tags) ? value.tags : isRecord(value.tags_all) ? value.tags_all : {};
}

function optOutKeys(tags: Record<string, unknown>): string[] {
  return Object.keys(tags).filter((k) => k.startsWith(OPT_OUT_TAG_PREFIX));
}

function reasonText(value: unknown, unknown: boolean): string {
  if (unknown) return '(known after apply)';
  return typeof value === 'string' ? value : JSON.stringify(value ?? null);
}

/** The opt-out tags one resource change adds, rewrites, drops or keeps. */
function changeWaivers(rc: PlanResourceChange, scrubber: Scrubber): WaiverReview[] {
  if (rc.mode !== 'managed') return [];
  const actions = rc.change.actions as readonly string[];
  const deleted = actions.includes('delete') && !actions.includes('create');
  const created = actions.includes('create') && !actions.includes('delete');
  const before = created ? {} : tagsOf(rc.change.before);
  const after = deleted ? {} : tagsOf(rc.change.after);
  const unknownTags = isRecord(rc.change.after_unknown) && isRecord(rc.change.after_unknown.tags) ? rc.change.after_unknown.tags : {};
  const keys = [...new Set([...optOutKeys(before), ...optOutKeys(after)])].sort();
  const address = scrubber.scrub(rc.address);
  return keys.map((key): WaiverReview => {
    const had = key in before;
    const has = key in after;
    const now = reasonText(after[key], unknownTags[key] === true);
    const was = reasonText(before[key], false);
    const base = { mechanism: 'tag' as const, key: scrubber.scrub(key), address };
    if (!had) return { ...base, change: 'new', reason: scrubber.scrub(now) };
    if (!has) return { ...base, change: 'removed', reason: scrubber.scrub(was) };
    if (now !== was) return { ...base, change: 'changed', reason: scrubber.scrub(now), previousReason: scrubber.scrub(was) };
    return { ...base, change: 'unchanged', reason: scrubber.scrub(now) };
  });
}

function byOrder(a: WaiverReview, b: WaiverReview): number {
  const kind = WAIVER_CHANGES.indexOf(a.change) - WAIVER_CHANGES.indexOf(b.change);
  if (kind !== 0) return kind;
  return naturalCompare(`${a.address ?? ''}|${a.key}`, `${b.address ?? ''}|${b.key}`);
}

/**
 * Every waiver of one plan: its opt-out tags as the plan changes them, annotated from the guard
 * report when there is one (rules waived and refused, who asked), plus the report's suppressions.
 */
export function reviewWaivers(plan: TerraformPlan, scrubber: Scrubber, guard?: GuardReport): WaiverReview[] {
  const fromPlan = (plan.resource_changes ?? []).flatMap((rc) => changeWaivers(rc, scrubber));
  if (!guard) return fromPlan.sort(byOrder);
  const out = [...fromPlan];
  for (const w of guard.waivers) {
    const rules = [...new Set(w.waived.map((r) => r.ruleId))].sort();
    const refused = [...new Set(w.refused.map((r) => r.ruleId))].sort();
    const annotation = { rules, ...(refused.length ? { refused } : {}), requestedBy: scrubber.scrub(w.requestedBy) };
    if (w.mechanism === 'suppress') {
      out.push({ mechanism: 'suppress', change: 'in-code', key: scrubber.scrub(w.key), reason: scrubber.scrub(w.reason), ...annotation });
      continue;
    }
    const i = out.findIndex((p) => p.mechanism === 'tag' && p.address === w.address && p.key === w.key);
    if (i >= 0) out[i] = { ...out[i], ...annotation };
    // A tag the plan does not touch (its resource has no change entry): it exists as configured.
    else out.push({ mechanism: 'tag', change: 'unchanged', key: scrubber.scrub(w.key), ...(w.address ? { address: scrubber.scrub(w.address) } : {}), reason: scrubber.scrub(w.reason), ...annotation });
  }
  return out.sort(byOrder);
}

/** Waivers a reviewer must look at: added or rewritten by the plan, or refused by the guard. */
export function waiversToReview(waivers: readonly WaiverReview[]): WaiverReview[] {
  return waivers.filter((w) => w.change === 'new' || w.change === 'changed' || (w.refused?.length ?? 0) > 0);
}
