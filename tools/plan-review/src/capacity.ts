/**
 * Capacity a plan takes away from a live Auto Scaling group: an update that lowers `min_size`,
 * `max_size` or `desired_capacity`, or a replacement or delete of a group that has instances.
 * During a scheduled peak the live minimum is the peak's; a plan that writes the baseline back
 * over it (the bug `ignore_changes = [min_size]` prevents) shows up here before it is applied.
 */
import { PlanResourceChange, TerraformPlan } from './plan';

/** The capacity attributes of `aws_autoscaling_group` a plan may lower. */
export const CAPACITY_ATTRIBUTES = ['min_size', 'max_size', 'desired_capacity'] as const;

export type CapacityAttribute = (typeof CAPACITY_ATTRIBUTES)[number];

export interface CapacityDecrease {
  /** Address of the group, e.g. `aws_autoscaling_group.web_asg_B076D854`. */
  readonly address: string;
  /** `update`: an attribute goes down; `replace` / `delete`: the live group and its instances go. */
  readonly kind: 'update' | 'replace' | 'delete';
  /** Lowered attributes, with the live and the planned values (updates only). */
  readonly attributes: readonly { readonly name: CapacityAttribute; readonly before: number; readonly after: number }[];
  /** Live values of the group before the plan. */
  readonly before: Readonly<Partial<Record<CapacityAttribute, number>>>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sizes(values: unknown): Partial<Record<CapacityAttribute, number>> {
  const out: Partial<Record<CapacityAttribute, number>> = {};
  if (!isRecord(values)) return out;
  for (const key of CAPACITY_ATTRIBUTES) if (typeof values[key] === 'number') out[key] = values[key] as number;
  return out;
}

function decreaseOf(rc: PlanResourceChange): CapacityDecrease | undefined {
  if (rc.mode !== 'managed' || rc.type !== 'aws_autoscaling_group') return undefined;
  const actions = rc.change.actions as readonly string[];
  const before = sizes(rc.change.before);
  // A group that does not exist yet has no capacity to lose.
  if (Object.keys(before).length === 0) return undefined;
  const live = (before.max_size ?? 0) > 0 || (before.desired_capacity ?? 0) > 0;
  if (actions.includes('delete')) {
    if (!live) return undefined;
    return { address: rc.address, kind: actions.includes('create') ? 'replace' : 'delete', attributes: [], before };
  }
  if (!actions.includes('update')) return undefined;
  const after = sizes(rc.change.after);
  const attributes = CAPACITY_ATTRIBUTES.flatMap((name) => {
    const b = before[name];
    const a = after[name];
    return b !== undefined && a !== undefined && a < b ? [{ name, before: b, after: a }] : [];
  });
  return attributes.length > 0 ? { address: rc.address, kind: 'update', attributes, before } : undefined;
}

/** Every Auto Scaling group whose live capacity `plan` lowers, replaces or deletes, sorted by address. */
export function capacityDecreases(plan: TerraformPlan): CapacityDecrease[] {
  return (plan.resource_changes ?? [])
    .map(decreaseOf)
    .filter((d): d is CapacityDecrease => d !== undefined)
    .sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
}

/** One line for a reviewer: what goes down, from what to what. */
export function describeCapacityDecrease(d: CapacityDecrease): string {
  if (d.kind !== 'update') {
    const live = CAPACITY_ATTRIBUTES.filter((k) => d.before[k] !== undefined).map((k) => `${k} ${d.before[k]}`).join(', ');
    return `${d.kind === 'replace' ? 'replaces' : 'deletes'} the live group (${live}): its instances are terminated`;
  }
  return d.attributes.map((a) => `${a.name} ${a.before} → ${a.after}`).join(', ');
}
