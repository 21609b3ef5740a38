/**
 * Replays scheduled actions the way EC2 Auto Scaling runs them, to prove what `min_size` a
 * schedule holds at any instant:
 *
 * - a one-time action (no recurrence) runs once at its `startTime`;
 * - a recurring action runs at every match of its Unix cron expression, read as wall-clock time in
 *   its `timeZone` (UTC by default) so that DST shifts the instant and not the local time; a local
 *   time that DST skips runs later by the gap, an ambiguous one runs once at its earlier instant
 *   (java.time); day-of-month and day-of-week are ORed when both are restricted (Vixie cron);
 * - with `startTime` it also runs at that instant, then per recurrence from then on; it stops
 *   after `endTime`;
 * - each run sets the sizes it names; the last run wins.
 */
import { cronProblem, ScheduledAction } from './scheduled-actions';
import { DAY_MS, resolveLocalTime, wallClockAt } from './time-zones';

/** The parsed fields of a 5-field cron expression. */
export interface ParsedCron {
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  readonly daysOfMonth: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  readonly daysOfWeek: ReadonlySet<number>;
  readonly domRestricted: boolean;
  readonly dowRestricted: boolean;
}

const RANGES: readonly [number, number][] = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 7],
];

/** Parses a cron expression that `cronProblem` accepts; throws on anything else. */
export function parseCron(expression: string): ParsedCron {
  const problem = cronProblem(expression);
  if (problem) throw new Error(`invalid cron expression '${expression}': ${problem}`);
  const fields = expression.trim().split(/\s+/);
  const sets = fields.map((field, i) => {
    const [lo, hi] = RANGES[i];
    const out = new Set<number>();
    for (const part of field.split(',')) {
      const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part)!;
      const step = m[4] ? Number(m[4]) : 1;
      const from = m[1] === '*' ? lo : Number(m[2]);
      const to = m[1] === '*' ? hi : m[3] !== undefined ? Number(m[3]) : m[4] ? hi : from;
      for (let v = from; v <= to; v += step) out.add(i === 4 && v === 7 ? 0 : v);
    }
    return out;
  });
  return {
    minutes: sets[0],
    hours: sets[1],
    daysOfMonth: sets[2],
    months: sets[3],
    daysOfWeek: sets[4],
    domRestricted: !fields[2].startsWith('*'),
    dowRestricted: !fields[4].startsWith('*'),
  };
}

function dayMatches(cron: ParsedCron, month: number, day: number, weekday: number): boolean {
  if (!cron.months.has(month)) return false;
  const dom = cron.daysOfMonth.has(day);
  const dow = cron.daysOfWeek.has(weekday);
  if (cron.domRestricted && cron.dowRestricted) return dom || dow;
  return dom && dow;
}

/** Instants (ms) in `[from, to]` at which `expression` matches in `zone`, ascending. */
export function cronOccurrences(expression: string, zone: string, from: number, to: number): number[] {
  const cron = parseCron(expression);
  const out = new Set<number>();
  const first = wallClockAt(from - DAY_MS, zone);
  const last = wallClockAt(to + DAY_MS, zone);
  for (let d = Date.UTC(first.year, first.month - 1, first.day); d <= Date.UTC(last.year, last.month - 1, last.day); d += DAY_MS) {
    const date = new Date(d);
    const [year, month, day, weekday] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), date.getUTCDay()];
    if (!dayMatches(cron, month, day, weekday)) continue;
    for (const hour of cron.hours) {
      for (const minute of cron.minutes) {
        const t = resolveLocalTime({ year, month, day, hour, minute }, zone).instant;
        if (t >= from && t <= to) out.add(t);
      }
    }
  }
  return [...out].sort((a, b) => a - b);
}

/** One run of a scheduled action. */
export interface ActionRun {
  readonly at: number;
  readonly name: string;
  readonly minSize?: number;
  readonly maxSize?: number;
  readonly desiredCapacity?: number;
}

/** The runs of `action` in `[from, to]`, ascending. */
export function actionRuns(action: ScheduledAction, from: number, to: number): ActionRun[] {
  const run = (at: number): ActionRun => ({ at, name: action.name, minSize: action.minSize, maxSize: action.maxSize, desiredCapacity: action.desiredCapacity });
  const start = action.startTime !== undefined ? Date.parse(action.startTime) : undefined;
  const end = action.endTime !== undefined ? Date.parse(action.endTime) : undefined;
  if (action.recurrence === undefined) {
    return start !== undefined && start >= from && start <= to ? [run(start)] : [];
  }
  const lo = Math.max(from, start ?? from);
  const hi = Math.min(to, end ?? to);
  const times = lo <= hi ? cronOccurrences(action.recurrence, action.timeZone ?? 'UTC', lo, hi) : [];
  if (start !== undefined && start >= from && start <= to && (end === undefined || start <= end) && !times.includes(start)) times.unshift(start);
  return times.sort((a, b) => a - b).map(run);
}

/** The result of a replay: every run in order and the minimum size after each. */
export interface Replay {
  readonly runs: readonly ActionRun[];
  /** `[instant, minSize]` from each instant on; the first entry is the initial size at `from`. */
  readonly steps: readonly (readonly [number, number])[];
  /** Runs of two actions at the same instant: AWS rejects a second action with the same start time. */
  readonly collisions: readonly (readonly [string, string, number])[];
  /** The minimum size in effect at `instant` (the last run at or before it wins). */
  minSizeAt(instant: number): number;
}

/**
 * Replays `actions` from `from` to `to` on a group whose minimum is `initialMinSize` at `from`.
 */
export function replaySchedule(actions: readonly ScheduledAction[], options: { from: number; to: number; initialMinSize: number }): Replay {
  const runs = actions.flatMap((a) => actionRuns(a, options.from, options.to)).sort((a, b) => a.at - b.at || a.name.localeCompare(b.name));
  const collisions: [string, string, number][] = [];
  for (let i = 1; i < runs.length; i++) {
    if (runs[i].at === runs[i - 1].at && runs[i].name !== runs[i - 1].name) collisions.push([runs[i - 1].name, runs[i].name, runs[i].at]);
  }
  const steps: [number, number][] = [[options.from, options.initialMinSize]];
  let current = options.initialMinSize;
  for (const r of runs) {
    if (r.minSize === undefined || r.minSize === current) continue;
    current = r.minSize;
    if (steps[steps.length - 1][0] === r.at) steps[steps.length - 1] = [r.at, current];
    else steps.push([r.at, current]);
  }
  const times = steps.map((s) => s[0]);
  return {
    runs,
    steps,
    collisions,
    minSizeAt(instant: number): number {
      // Binary search for the last step at or before `instant`.
      let lo = 0;
      let hi = times.length - 1;
      if (instant < times[0]) return options.initialMinSize;
      while (lo < hi) {
        const mid = Math.ceil((lo + hi) / 2);
        if (times[mid] <= instant) lo = mid;
        else hi = mid - 1;
      }
      return steps[lo][1];
    },
  };
}

// ---- Synthesized Terraform JSON

// Synthesized Terraform JSON is untyped.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const PLAN_TIME_GUARD = /^\$\{timecmp\(plantimestamp\(\), "([0-9TZ:-]+)"\) < 0 \? (.+) : (.+)\}$/;

/**
 * Evaluates the plan-time guards this package writes (`${timecmp(plantimestamp(), "<t>") < 0 ? a : b}`)
 * as Terraform would for a plan made at `planTime`; other values pass through.
 */
export function evaluatePlanTimeGuard(value: unknown, planTime: number): unknown {
  if (typeof value !== 'string') return value;
  const m = PLAN_TIME_GUARD.exec(value);
  if (!m) return value;
  const chosen = planTime < Date.parse(m[1]) ? m[2] : m[3];
  return chosen === 'null' ? undefined : JSON.parse(chosen);
}

/**
 * The scheduled actions of one Auto Scaling group in a synthesized stack (`cdk.tf.json`), as a
 * plan made at `planTime` would create them: `count` and `start_time` guards evaluated, `-1`
 * sizes left out. `groupName` filters by the `autoscaling_group_name` expression.
 */
export function scheduledActionsFromTerraform(json: Json, planTime: number, groupName?: string): ScheduledAction[] {
  const out: ScheduledAction[] = [];
  for (const r of Object.values((json.resource?.aws_autoscaling_schedule ?? {}) as Record<string, Json>)) {
    if (groupName !== undefined && r.autoscaling_group_name !== groupName) continue;
    const count = r.count === undefined ? 1 : Number(evaluatePlanTimeGuard(r.count, planTime));
    if (count < 1) continue;
    const size = (v: unknown): number | undefined => (v === undefined || v === -1 ? undefined : Number(v));
    const startTime = evaluatePlanTimeGuard(r.start_time, planTime) as string | undefined;
    out.push({
      name: r.scheduled_action_name,
      ...(r.recurrence !== undefined ? { recurrence: r.recurrence } : {}),
      ...(startTime !== undefined ? { startTime } : {}),
      ...(r.end_time !== undefined ? { endTime: r.end_time } : {}),
      ...(r.time_zone !== undefined ? { timeZone: r.time_zone } : {}),
      ...(size(r.min_size) !== undefined ? { minSize: size(r.min_size) } : {}),
      ...(size(r.max_size) !== undefined ? { maxSize: size(r.max_size) } : {}),
      ...(size(r.desired_capacity) !== undefined ? { desiredCapacity: size(r.desired_capacity) } : {}),
    });
  }
  return out;
}

const IN_FORCE = /try\(reverse\(\[for s in local\.([\w-]+) : s\[1\] if timecmp\(s\[0\], plantimestamp\(\)\) <= 0\]\)\[0\], (\d+)\)/;

/**
 * The `min_size` a group gets when a plan made at `planTime` creates it: a number as is, or the
 * "minimum in force at plan time" expression `AlbAsg` writes (`try(reverse([for s in local.<steps>
 * ...]))`) evaluated over the stack's `locals`.
 */
export function creationMinSizeFromTerraform(json: Json, minSize: unknown, planTime: number): number {
  if (typeof minSize === 'number') return minSize;
  const m = IN_FORCE.exec(String(minSize));
  if (!m) throw new Error(`min_size is neither a number nor the schedule's plan-time expression (got ${JSON.stringify(minSize)})`);
  const steps = (json.locals?.[m[1]] ?? []) as [string, number][];
  let value = Number(m[2]);
  for (const [at, min] of steps) if (Date.parse(at) <= planTime) value = min;
  return value;
}
