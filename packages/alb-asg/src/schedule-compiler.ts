/**
 * Compiles a peak calendar into EC2 Auto Scaling scheduled actions that never overlap.
 *
 * Actions do not stack in AWS: each one sets `min_size` and the last one to run wins, so a weekly
 * "weekend ends" action that runs inside Christmas would drop the group to its baseline. The
 * compiler therefore works on the effective minimum, max(baseline, active windows), and emits
 * actions only where that value is defined by one rule:
 *
 * 1. The horizon is cut at every start and end of a dated (yearly or once) window occurrence.
 *    Between two cuts the set of active dated windows is constant, so the effective minimum is a
 *    weekly pattern: max(floor of the dated windows, the weekly windows).
 * 2. Every cut gets a one-time action with the value that holds from it on.
 * 3. Inside an interval the pattern's changes are emitted either as one-time actions or as
 *    recurring cron actions (one per time of day and value, its days of the week listed) bounded
 *    by `startTime`/`endTime` to that interval, whichever takes fewer actions. The last interval
 *    is open-ended, so weekends go on after the horizon.
 * 4. In recurring intervals a daily "hold" action at `holdTime` re-asserts the interval's floor on
 *    the days it is in force, so a baseline changed in config (or by hand) is back within a day.
 *
 * Recurring runs are kept strictly inside their interval, so no two actions ever run at the same
 * instant (AWS rejects a second action with the same start time).
 */
import { datedOccurrences, inWeeklySpan, PeakCalendar, WindowOccurrence } from './peak-windows';
import { replaySchedule } from './schedule-replay';
import { ScheduledAction } from './scheduled-actions';
import { DAY_MS, isoUtc, MINUTE_MS, minuteOfWeek, resolveLocalTime, wallClockAt, WEEK_MINUTES } from './time-zones';

/** EC2 Auto Scaling allows at most this many scheduled actions per group. */
export const MAX_SCHEDULED_ACTIONS = 125;

export interface CompileScheduleOptions {
  /** Zone, baseline and windows. */
  readonly calendar: PeakCalendar;
  /** First year of the horizon (local January 1, 00:00). */
  readonly fromYear: number;
  /** Number of years of dated windows to emit. */
  readonly years: number;
  /**
   * Local time (`HH:MM`) of the daily action that re-asserts the floor outside weekly windows.
   * @default - no hold actions
   */
  readonly holdTime?: string;
}

/** A compiled schedule. */
export interface CompiledSchedule {
  /** The scheduled actions, sorted by name: one-time `at-…` and recurring `wk-…`. */
  readonly actions: ScheduledAction[];
  /** `[instant, minSize]` change points of the effective minimum over the horizon (the first is at its start). */
  readonly steps: readonly (readonly [number, number])[];
  /** Start and end instants of the horizon. */
  readonly horizon: { readonly start: number; readonly end: number };
  /** The dated window occurrences inside the horizon. */
  readonly occurrences: readonly WindowOccurrence[];
}

const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `[1,2,3,4,5,6]` → cron `1-6` and name `mon-sat`; `[0,6]` → `0,6` and `sun-sat`... as runs. */
function dayList(days: number[]): { cron: string; label: string } {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const d of sorted) {
    const last = runs[runs.length - 1];
    if (last && last[1] === d - 1) last[1] = d;
    else runs.push([d, d]);
  }
  return {
    cron: runs.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(','),
    label: runs.map(([a, b]) => (a === b ? DAY_NAMES[a] : `${DAY_NAMES[a]}-${DAY_NAMES[b]}`)).join('-'),
  };
}

interface WeeklyPoint {
  /** Minute of the week. */
  readonly mow: number;
  readonly minSize: number;
  readonly hold: boolean;
}

interface CronGroup {
  readonly minute: number;
  readonly hour: number;
  readonly days: number[];
  readonly minSize: number;
  readonly hold: boolean;
}

function parseHoldTime(text: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(text);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) throw new Error(`holdTime must be a local time like 04:00 (got '${text}')`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** The weekly pattern of an interval: its change points and holds. */
function weeklyPoints(calendar: PeakCalendar, floor: number, holdMinute: number | undefined): WeeklyPoint[] {
  const weekly = calendar.windows.filter((w) => w.weekly);
  const valueAt = (mow: number): number => weekly.reduce((v, w) => (inWeeklySpan(mow, w.weekly!) ? Math.max(v, w.minSize) : v), floor);
  const candidates = [...new Set(weekly.flatMap((w) => [w.weekly!.start % WEEK_MINUTES, w.weekly!.end % WEEK_MINUTES]))].sort((a, b) => a - b);
  const points: WeeklyPoint[] = [];
  for (const c of candidates) {
    const after = valueAt(c);
    if (after !== valueAt((c - 1 + WEEK_MINUTES) % WEEK_MINUTES)) points.push({ mow: c, minSize: after, hold: false });
  }
  if (holdMinute !== undefined) {
    for (let day = 0; day < 7; day++) {
      const mow = day * 1440 + holdMinute;
      if (valueAt(mow) === floor && !points.some((p) => p.mow === mow)) points.push({ mow, minSize: floor, hold: true });
    }
  }
  return points;
}

/** Groups weekly points into cron expressions: one per time of day and value. */
function cronGroups(points: WeeklyPoint[]): CronGroup[] {
  const groups = new Map<string, CronGroup>();
  for (const p of points) {
    const minuteOfDay = p.mow % 1440;
    const key = `${minuteOfDay}/${p.minSize}/${p.hold}`;
    const g = groups.get(key) ?? { minute: minuteOfDay % 60, hour: Math.floor(minuteOfDay / 60), days: [], minSize: p.minSize, hold: p.hold };
    g.days.push(Math.floor(p.mow / 1440));
    groups.set(key, g);
  }
  return [...groups.values()].sort((a, b) => a.hour * 60 + a.minute - (b.hour * 60 + b.minute) || a.minSize - b.minSize);
}

/** Instants in the open interval `(from, to)` at which `group` runs in `zone`. */
function groupRuns(group: CronGroup, zone: string, from: number, to: number): number[] {
  const out: number[] = [];
  const first = wallClockAt(from, zone);
  for (let d = Date.UTC(first.year, first.month - 1, first.day); ; d += DAY_MS) {
    const date = new Date(d);
    const wall = { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), hour: group.hour, minute: group.minute };
    const t = resolveLocalTime(wall, zone).instant;
    if (t >= to && d > to + DAY_MS) break;
    if (group.days.includes(date.getUTCDay()) && t > from && t < to) out.push(t);
  }
  return out;
}

function localStamp(instant: number, zone: string): string {
  const w = wallClockAt(instant, zone);
  return `${pad(w.year, 4)}${pad(w.month)}${pad(w.day)}t${pad(w.hour)}${pad(w.minute)}`;
}

function utcStamp(instant: number): string {
  return `${isoUtc(instant).replace(/[-:]/g, '').slice(0, 13).toLowerCase()}z`;
}

/**
 * Compiles `options.calendar` into non-overlapping scheduled actions over the horizon
 * `[fromYear-01-01, fromYear+years-01-01)` in the calendar's zone (see the module comment).
 */
export function compileSchedule(options: CompileScheduleOptions): CompiledSchedule {
  const { calendar, fromYear, years } = options;
  const zone = calendar.timeZone;
  if (!Number.isInteger(years) || years < 1) throw new Error(`years must be a positive integer (got ${years})`);
  const holdMinute = options.holdTime !== undefined ? parseHoldTime(options.holdTime) : undefined;
  const start = resolveLocalTime({ year: fromYear, month: 1, day: 1, hour: 0, minute: 0 }, zone).instant;
  const end = resolveLocalTime({ year: fromYear + years, month: 1, day: 1, hour: 0, minute: 0 }, zone).instant;

  // Dated occurrences from the year before (a New Year window reaches into January) to the last year.
  const occurrences = datedOccurrences(calendar, fromYear - 1, fromYear + years - 1).filter((o) => o.startAt < end);
  const cuts = [...new Set(occurrences.flatMap((o) => [o.startAt, o.endAt]))].sort((a, b) => a - b);
  const bounds = [-Infinity, ...cuts, Infinity];

  const floorAt = (instant: number): number =>
    occurrences.reduce((v, o) => (o.startAt <= instant && instant < o.endAt ? Math.max(v, o.minSize) : v), calendar.baseMinSize);

  const actions: ScheduledAction[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const a = bounds[i];
    const b = bounds[i + 1];
    const floor = Number.isFinite(a) ? floorAt(a) : calendar.baseMinSize;
    const points = weeklyPoints(calendar, floor, holdMinute);
    const groups = cronGroups(points);
    const valueAt = (instant: number): number => {
      const mow = minuteOfWeek(wallClockAt(instant, zone));
      return calendar.windows.filter((w) => w.weekly && inWeeklySpan(mow, w.weekly)).reduce((v, w) => Math.max(v, w.minSize), floor);
    };
    if (Number.isFinite(a)) actions.push({ name: `at-${utcStamp(a)}`, startTime: isoUtc(a), minSize: valueAt(a) });
    // Open-ended intervals only need runs inside the horizon to be costed (they are always recurring).
    const lo = Number.isFinite(a) ? a : start - 7 * DAY_MS;
    const hi = Number.isFinite(b) ? b : Math.max(end, lo) + 8 * DAY_MS;
    const runs = groups.map((g) => groupRuns(g, zone, lo, hi));
    const changeRuns = runs.filter((_, k) => !groups[k].hold).reduce((n, r) => n + r.length, 0);
    const recurringCost = runs.filter((r) => r.length > 0).length;
    const recurring = !Number.isFinite(a) || !Number.isFinite(b) || recurringCost < changeRuns;
    groups.forEach((g, k) => {
      const times = runs[k];
      if (recurring) {
        if (times.length === 0 && Number.isFinite(b)) return;
        const days = dayList(g.days);
        const label = Number.isFinite(a) ? localStamp(a, zone) : 'all';
        actions.push({
          name: `wk-${label}-${pad(g.hour)}${pad(g.minute)}-${days.label}`,
          recurrence: `${g.minute} ${g.hour} * * ${days.cron}`,
          timeZone: zone,
          ...(Number.isFinite(a) ? { startTime: isoUtc(times[0]) } : {}),
          ...(Number.isFinite(b) ? { endTime: isoUtc(times[times.length - 1] + MINUTE_MS) } : {}),
          minSize: g.minSize,
        });
      } else if (!g.hold) {
        for (const t of times) actions.push({ name: `at-${utcStamp(t)}`, startTime: isoUtc(t), minSize: g.minSize });
      }
    });
  }

  // Drop what ended before the horizon: one-time actions that ran, recurring ones past their end.
  const live = actions.filter((x) => {
    const last = x.recurrence === undefined ? Date.parse(x.startTime!) : x.endTime !== undefined ? Date.parse(x.endTime) : Infinity;
    return last >= start;
  });
  live.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));

  const initial = effectiveMinSizeAt(calendar, occurrences, start);
  const replay = replaySchedule(live, { from: start, to: end, initialMinSize: initial });
  return { actions: live, steps: replay.steps, horizon: { start, end }, occurrences: occurrences.filter((o) => o.endAt > start) };
}

function effectiveMinSizeAt(calendar: PeakCalendar, occurrences: readonly WindowOccurrence[], instant: number): number {
  const mow = minuteOfWeek(wallClockAt(instant, calendar.timeZone));
  let v = calendar.baseMinSize;
  for (const o of occurrences) if (o.startAt <= instant && instant < o.endAt) v = Math.max(v, o.minSize);
  for (const w of calendar.windows) if (w.weekly && inWeeklySpan(mow, w.weekly)) v = Math.max(v, w.minSize);
  return v;
}
