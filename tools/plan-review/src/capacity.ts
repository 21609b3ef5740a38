/**
 * Capacity a plan takes away: from a live Auto Scaling group (an update that lowers `min_size`,
 * `max_size` or `desired_capacity`, or a replacement or delete of a group that has instances), or
 * from the peaks its scheduled actions set (an `aws_autoscaling_schedule` whose `min_size`,
 * `max_size` or `desired_capacity` goes down or stops being set, or that is deleted). During a
 * scheduled peak the live minimum is the peak's; a plan that writes the baseline back over it (the
 * bug `ignore_changes = [min_size]` prevents), or that shrinks the peak itself, shows up here
 * before it is applied.
 */
import { PlanResourceChange, TerraformPlan } from './plan';
import { naturalCompare } from './paths';

/** The capacity attributes of `aws_autoscaling_group` and `aws_autoscaling_schedule` a plan may lower. */
export const CAPACITY_ATTRIBUTES = ['min_size', 'max_size', 'desired_capacity'] as const;

export type CapacityAttribute = (typeof CAPACITY_ATTRIBUTES)[number];

/** The resource types whose capacity attributes are watched. */
export const CAPACITY_RESOURCE_TYPES = ['aws_autoscaling_group', 'aws_autoscaling_schedule'] as const;

export interface CapacityDecrease {
  /** Address of the group or scheduled action, e.g. `aws_autoscaling_group.web_asg_B076D854`. */
  readonly address: string;
  /** `group`: an Auto Scaling group; `schedule`: one of its scheduled actions (a peak window's capacity). */
  readonly resource: 'group' | 'schedule';
  /** `update`: an attribute goes down; `replace` / `delete`: the live group and its instances go, or the scheduled action goes. */
  readonly kind: 'update' | 'replace' | 'delete';
  /**
   * Lowered attributes, with the live and the planned values. For a scheduled action `after` is
   * -1 when the action stops setting the attribute (AWS's "leave unchanged").
   */
  readonly attributes: readonly { readonly name: CapacityAttribute; readonly before: number; readonly after: number }[];
  /** Live values before the plan (a scheduled action's -1 "unchanged" values are left out). */
  readonly before: Readonly<Partial<Record<CapacityAttribute, number>>>;
  /** A scheduled action's name and when it runs (`recurrence` or `start_time`). */
  readonly schedule?: { readonly name?: string; readonly when?: string };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sizes(values: unknown, setOnly: boolean): Partial<Record<CapacityAttribute, number>> {
  const out: Partial<Record<CapacityAttribute, number>> = {};
  if (!isRecord(values)) return out;
  for (const key of CAPACITY_ATTRIBUTES) {
    const v = values[key];
    if (typeof v === 'number' && (!setOnly || v >= 0)) out[key] = v;
  }
  return out;
}

function groupDecrease(rc: PlanResourceChange): CapacityDecrease | undefined {
  const actions = rc.change.actions as readonly string[];
  const before = sizes(rc.change.before, false);
  // A group that does not exist yet has no capacity to lose.
  if (Object.keys(before).length === 0) return undefined;
  const live = (before.max_size ?? 0) > 0 || (before.desired_capacity ?? 0) > 0;
  if (actions.includes('delete')) {
    if (!live) return undefined;
    return { address: rc.address, resource: 'group', kind: actions.includes('create') ? 'replace' : 'delete', attributes: [], before };
  }
  if (!actions.includes('update')) return undefined;
  const after = sizes(rc.change.after, false);
  const attributes = CAPACITY_ATTRIBUTES.flatMap((name) => {
    const b = before[name];
    const a = after[name];
    return b !== undefined && a !== undefined && a < b ? [{ name, before: b, after: a }] : [];
  });
  return attributes.length > 0 ? { address: rc.address, resource: 'group', kind: 'update', attributes, before } : undefined;
}

function scheduleDecrease(rc: PlanResourceChange): CapacityDecrease | undefined {
  const actions = rc.change.actions as readonly string[];
  const before = sizes(rc.change.before, true);
  // An action that does not exist yet, or that sets no capacity, has no peak to lose.
  if (Object.keys(before).length === 0) return undefined;
  const values = isRecord(rc.change.before) ? rc.change.before : {};
  const when = typeof values.recurrence === 'string' && values.recurrence !== '' ? values.recurrence : typeof values.start_time === 'string' ? values.start_time : undefined;
  const schedule = { ...(typeof values.scheduled_action_name === 'string' ? { name: values.scheduled_action_name } : {}), ...(when ? { when } : {}) };
  if (actions.includes('delete') && !actions.includes('create')) return { address: rc.address, resource: 'schedule', kind: 'delete', attributes: [], before, schedule };
  if (!actions.includes('update') && !actions.includes('create')) return undefined;
  const afterValues = isRecord(rc.change.after) ? rc.change.after : {};
  const attributes = CAPACITY_ATTRIBUTES.flatMap((name) => {
    const b = before[name];
    const a = afterValues[name];
    // -1 (or no value) after: the action stops raising the attribute, which lowers the peak too.
    const after = typeof a === 'number' && a >= 0 ? a : a === undefined || a === null || (typeof a === 'number' && a < 0) ? -1 : undefined;
    return b !== undefined && after !== undefined && after < b ? [{ name, before: b, after }] : [];
  });
  if (attributes.length === 0) return undefined;
  return { address: rc.address, resource: 'schedule', kind: actions.includes('delete') ? 'replace' : 'update', attributes, before, schedule };
}

function decreaseOf(rc: PlanResourceChange): CapacityDecrease | undefined {
  if (rc.mode !== 'managed') return undefined;
  if (rc.type === 'aws_autoscaling_group') return groupDecrease(rc);
  if (rc.type === 'aws_autoscaling_schedule') return scheduleDecrease(rc);
  return undefined;
}

/** Every group or scheduled action whose live capacity `plan` lowers, replaces or deletes, in natural address order. */
export function capacityDecreases(plan: TerraformPlan): CapacityDecrease[] {
  return (plan.resource_changes ?? [])
    .map(decreaseOf)
    .filter((d): d is CapacityDecrease => d !== undefined)
    .sort((a, b) => naturalCompare(a.address, b.address));
}

function value(n: number): string {
  return n < 0 ? 'unset (-1)' : String(n);
}

/** One line for a reviewer: what goes down, from what to what. */
export function describeCapacityDecrease(d: CapacityDecrease): string {
  const live = CAPACITY_ATTRIBUTES.filter((k) => d.before[k] !== undefined)
    .map((k) => `${k} ${d.before[k]}`)
    .join(', ');
  if (d.resource === 'schedule') {
    const what = `scheduled action${d.schedule?.name ? ` ${d.schedule.name}` : ''}${d.schedule?.when ? ` (${d.schedule.when})` : ''}`;
    if (d.kind === 'delete') return `deletes the ${what}, which sets ${live}: its window no longer gets that capacity`;
    return `${d.kind === 'replace' ? 'replaces' : 'lowers'} the ${what}: ${d.attributes.map((a) => `${a.name} ${value(a.before)} → ${value(a.after)}`).join(', ')}`;
  }
  if (d.kind !== 'update') return `${d.kind === 'replace' ? 'replaces' : 'deletes'} the live group (${live}): its instances are terminated`;
  return d.attributes.map((a) => `${a.name} ${a.before} → ${a.after}`).join(', ');
}
