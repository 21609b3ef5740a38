/**
 * The calendar of scaling peaks: windows of local time, each with the minimum size it holds.
 * Windows stack: at any instant the group's minimum is the largest minimum of the active windows,
 * and the baseline outside them (see `compileSchedule`, which turns a calendar into actions).
 */
import { DAY_MS, dayOfWeek, formatWall, minuteOfWeek, resolveLocalTime, timeZoneProblem, WallClock, wallAsUtc, wallClockAt, wallFromUtcMs, WEEK_MINUTES } from './time-zones';

/** How a window repeats: every week (weekends), every year (holidays), or once (a launch). */
export type PeakRepeat = 'weekly' | 'yearly' | 'once';

/**
 * One window of a peak calendar, in the schedule's time zone.
 *
 * - `weekly`: `from`/`to` are a day and a time, `sat 07:00` to `sun 23:00`.
 * - `yearly`: `on` is the anchor day (`dec 24`, `nov thu#4`, `may mon#last`, `easter`); `from`/`to`
 *   are times on it, optionally shifted by whole days: `-1d 06:00` to `+5d 06:00`.
 * - `once`: `from`/`to` are local date-times, `2026-09-01 08:00`.
 *
 * A window covers `[from, to)`.
 */
export interface PeakWindow {
  /** Name of the window, lowercase letters, digits and hyphens, e.g. `thanksgiving`. */
  readonly name: string;
  /** `weekly`, `yearly` or `once`. */
  readonly repeat: PeakRepeat;
  /** Anchor day of a `yearly` window: `dec 24`, `nov thu#4` (fourth Thursday), `may mon#last`, `easter`. */
  readonly on?: string;
  /** Start of the window (see the interface description for the format of each `repeat`). */
  readonly from: string;
  /** End of the window, exclusive. */
  readonly to: string;
  /**
   * Minimum size held while the window is active.
   * @default - the group's peak minimum (`peakMinCapacity`)
   */
  readonly minCapacity?: number;
}

/**
 * The seed's peaks, a calendar every region starts from: weekends, Thanksgiving through Cyber
 * Monday, Christmas and New Year. Region configs pick from these by name and add their own.
 */
export const DEFAULT_PEAK_WINDOWS: readonly PeakWindow[] = [
  { name: 'weekends', repeat: 'weekly', from: 'sat 07:00', to: 'sun 23:00' },
  // The Wednesday before the fourth Thursday of November to the Tuesday after: Thanksgiving, Black Friday, Cyber Monday.
  { name: 'thanksgiving', repeat: 'yearly', on: 'nov thu#4', from: '-1d 06:00', to: '+5d 06:00' },
  { name: 'christmas', repeat: 'yearly', on: 'dec 20', from: '06:00', to: '+7d 06:00' },
  { name: 'new-year', repeat: 'yearly', on: 'dec 30', from: '06:00', to: '+3d 06:00' },
];

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A yearly anchor: a fixed date, the nth weekday of a month, or Easter Sunday. */
type Anchor = { kind: 'date'; month: number; day: number } | { kind: 'nth'; month: number; weekday: number; nth: number } | { kind: 'easter' };

/** A window with its formats parsed and its minimum resolved. */
export interface ResolvedPeakWindow {
  readonly name: string;
  readonly repeat: PeakRepeat;
  readonly minSize: number;
  /** Weekly windows: minutes of the week of the start and end (the end may wrap past Saturday). */
  readonly weekly?: { readonly start: number; readonly end: number };
  /** Yearly windows: the anchor and the offsets of the start and end from its midnight, in minutes. */
  readonly yearly?: { readonly anchor: Anchor; readonly start: number; readonly end: number };
  /** Once windows: local start and end. */
  readonly once?: { readonly start: WallClock; readonly end: WallClock };
}

/** A concrete span of a dated (yearly or once) window. */
export interface WindowOccurrence {
  readonly name: string;
  readonly minSize: number;
  readonly start: WallClock;
  readonly end: WallClock;
  /** Instants (ms since the epoch) of `start` and `end` in the schedule's zone. */
  readonly startAt: number;
  readonly endAt: number;
}

/** A calendar ready to evaluate: zone, baseline and resolved windows. */
export interface PeakCalendar {
  readonly timeZone: string;
  readonly baseMinSize: number;
  readonly windows: readonly ResolvedPeakWindow[];
}

/** Gregorian Easter Sunday of `year` (anonymous Gregorian algorithm). */
export function easterSunday(year: number): { month: number; day: number } {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { month, day };
}

function daysInMonth(year: number, month: number): number {
  return month === 2 && ((year % 4 === 0 && year % 100 !== 0) || year % 400 === 0) ? 29 : DAYS_IN_MONTH[month - 1];
}

/** The date of an anchor in `year`. */
function anchorDate(anchor: Anchor, year: number): { month: number; day: number } {
  if (anchor.kind === 'date') return { month: anchor.month, day: anchor.day };
  if (anchor.kind === 'easter') return easterSunday(year);
  const first = dayOfWeek(year, anchor.month, 1);
  const firstMatch = 1 + ((anchor.weekday - first + 7) % 7);
  if (anchor.nth > 0) return { month: anchor.month, day: firstMatch + 7 * (anchor.nth - 1) };
  let day = firstMatch;
  while (day + 7 <= daysInMonth(year, anchor.month)) day += 7;
  return { month: anchor.month, day };
}

/** The date of a yearly window's anchor day in `year`, e.g. `anchorDay('nov thu#4', 2026)` → 2026-11-26. */
export function anchorDay(on: string, year: number): { month: number; day: number } {
  const anchor = parseAnchor(on);
  if (typeof anchor === 'string') throw new Error(`anchor '${on}' ${anchor}`);
  return anchorDate(anchor, year);
}

function parseAnchor(on: string): Anchor | string {
  const text = on.trim().toLowerCase();
  if (text === 'easter') return { kind: 'easter' };
  let m = /^([a-z]{3}) (\d{1,2})$/.exec(text);
  if (m) {
    const month = MONTHS.indexOf(m[1]) + 1;
    const day = Number(m[2]);
    if (month === 0) return `has an unknown month '${m[1]}' (use ${MONTHS.join(', ')})`;
    if (day < 1 || day > DAYS_IN_MONTH[month - 1]) return `names a day that ${m[1]} does not have every year (got ${day})`;
    return { kind: 'date', month, day };
  }
  m = /^([a-z]{3}) ([a-z]{3})#(\d|last)$/.exec(text);
  if (m) {
    const month = MONTHS.indexOf(m[1]) + 1;
    const weekday = DAYS.indexOf(m[2]);
    if (month === 0) return `has an unknown month '${m[1]}' (use ${MONTHS.join(', ')})`;
    if (weekday < 0) return `has an unknown day '${m[2]}' (use ${DAYS.join(', ')})`;
    const nth = m[3] === 'last' ? -1 : Number(m[3]);
    if (nth < 1 && nth !== -1) return `must count weekdays from #1 (got #${m[3]})`;
    if (nth > 4) return `asks for a #${nth} weekday, which some years do not have: use #last`;
    return { kind: 'nth', month, weekday, nth };
  }
  return "must be a date like 'dec 24', a weekday of a month like 'nov thu#4' or 'may mon#last', or 'easter'";
}

/** `sat 07:00` → minute of the week. */
function parseWeeklyTime(text: string): number | undefined {
  const m = /^([a-z]{3}) (\d{2}):(\d{2})$/.exec(text.trim().toLowerCase());
  if (!m) return undefined;
  const day = DAYS.indexOf(m[1]);
  const hour = Number(m[2]);
  const minute = Number(m[3]);
  if (day < 0 || hour > 23 || minute > 59) return undefined;
  return day * 1440 + hour * 60 + minute;
}

/** `-1d 06:00` / `+5d 06:00` / `06:00` → minutes from the anchor's midnight. */
function parseOffset(text: string): number | undefined {
  const m = /^(?:([+-]\d{1,3})d )?(\d{2}):(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const hour = Number(m[2]);
  const minute = Number(m[3]);
  if (hour > 23 || minute > 59) return undefined;
  return Number(m[1] ?? 0) * 1440 + hour * 60 + minute;
}

/** `2026-09-01 08:00` → a wall clock. */
function parseLocalDateTime(text: string): WallClock | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const [year, month, day, hour, minute] = m.slice(1).map(Number);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59) return undefined;
  return { year, month, day, hour, minute };
}

/** Longest yearly or once window: a "peak" longer than this is a new baseline. */
export const MAX_DATED_WINDOW_DAYS = 92;

export interface ResolveOptions {
  /** Baseline minimum outside every window. */
  readonly baseMinSize: number;
  /** Minimum of windows that set none. */
  readonly peakMinSize: number;
  /** Largest minimum a window may hold (the group's maximum). */
  readonly maxSize?: number;
  /** Prefix of problem messages, e.g. `peakWindows`. */
  readonly label?: string;
}

/**
 * Parses and checks a calendar. Returns the resolved windows and every problem found, each naming
 * the window, the value and the fix.
 */
export function resolvePeakWindows(windows: readonly PeakWindow[], options: ResolveOptions): { windows: ResolvedPeakWindow[]; problems: string[] } {
  const label = options.label ?? 'peakWindows';
  const problems: string[] = [];
  const resolved: ResolvedPeakWindow[] = [];
  const names = new Set<string>();
  windows.forEach((w, i) => {
    const where = `${label}[${i}]${typeof w?.name === 'string' ? ` '${w.name}'` : ''}`;
    if (typeof w !== 'object' || w === null) {
      problems.push(`${where} must be an object with name, repeat, from and to (got ${JSON.stringify(w)})`);
      return;
    }
    if (typeof w.name !== 'string' || !/^[a-z0-9][a-z0-9-]{0,39}$/.test(w.name)) {
      problems.push(`${where} name must be 1-40 lowercase letters, digits or hyphens (got ${JSON.stringify(w.name)})`);
    } else if (names.has(w.name)) {
      problems.push(`${where} appears twice: window names must be unique`);
    }
    names.add(w.name);
    const minSize = w.minCapacity ?? options.peakMinSize;
    if (!Number.isInteger(minSize) || minSize < 0) {
      problems.push(`${where} minCapacity must be a non-negative integer (got ${JSON.stringify(w.minCapacity)})`);
    } else if (options.maxSize !== undefined && minSize > options.maxSize) {
      problems.push(`${where} minCapacity ${minSize} is above the group's maximum ${options.maxSize}: raise the maximum or lower the window's minimum`);
    }
    const base = { name: w.name, repeat: w.repeat, minSize };
    if (w.repeat === 'weekly') {
      const start = parseWeeklyTime(String(w.from));
      const end = parseWeeklyTime(String(w.to));
      if (start === undefined) problems.push(`${where} from must be a day and a time like 'sat 07:00' (got ${JSON.stringify(w.from)})`);
      if (end === undefined) problems.push(`${where} to must be a day and a time like 'sun 23:00' (got ${JSON.stringify(w.to)})`);
      if (w.on !== undefined) problems.push(`${where} on is only for yearly windows (got '${w.on}' on a weekly window): remove it`);
      if (start !== undefined && end !== undefined) {
        if (start === end) problems.push(`${where} from and to are the same time (${w.from}): a weekly window must last less than a week`);
        else resolved.push({ ...base, weekly: { start, end: end > start ? end : end + WEEK_MINUTES } });
      }
    } else if (w.repeat === 'yearly') {
      const anchor = w.on === undefined ? 'is required for a yearly window' : parseAnchor(String(w.on));
      if (typeof anchor === 'string') problems.push(`${where} on ${anchor}${w.on === undefined ? '' : ` (got '${w.on}')`}`);
      const start = parseOffset(String(w.from));
      const end = parseOffset(String(w.to));
      if (start === undefined) problems.push(`${where} from must be a time on the anchor day like '06:00', optionally shifted like '-1d 06:00' (got ${JSON.stringify(w.from)})`);
      if (end === undefined) problems.push(`${where} to must be a time like '+1d 06:00' (got ${JSON.stringify(w.to)})`);
      if (start !== undefined && end !== undefined) {
        if (end <= start) problems.push(`${where} must end after it starts (got from '${w.from}' to '${w.to}')`);
        else if (end - start > MAX_DATED_WINDOW_DAYS * 1440) problems.push(`${where} lasts more than ${MAX_DATED_WINDOW_DAYS} days: a peak that long is a new baseline, raise the minimum capacity instead`);
        else if (typeof anchor !== 'string') resolved.push({ ...base, yearly: { anchor, start, end } });
      }
    } else if (w.repeat === 'once') {
      const start = parseLocalDateTime(String(w.from));
      const end = parseLocalDateTime(String(w.to));
      if (start === undefined) problems.push(`${where} from must be a local date and time like '2026-09-01 08:00' (got ${JSON.stringify(w.from)})`);
      if (end === undefined) problems.push(`${where} to must be a local date and time like '2026-09-03 20:00' (got ${JSON.stringify(w.to)})`);
      if (w.on !== undefined) problems.push(`${where} on is only for yearly windows (got '${w.on}' on a once window): remove it`);
      if (start && end) {
        const length = wallAsUtc(end) - wallAsUtc(start);
        if (length <= 0) problems.push(`${where} must end after it starts (got from '${w.from}' to '${w.to}')`);
        else if (length > MAX_DATED_WINDOW_DAYS * DAY_MS) problems.push(`${where} lasts more than ${MAX_DATED_WINDOW_DAYS} days: a peak that long is a new baseline, raise the minimum capacity instead`);
        else resolved.push({ ...base, once: { start, end } });
      }
    } else {
      problems.push(`${where} repeat must be 'weekly', 'yearly' or 'once' (got ${JSON.stringify(w.repeat)})`);
    }
  });
  return { windows: resolved, problems };
}

function shiftWall(wall: WallClock, minutes: number): WallClock {
  return wallFromUtcMs(wallAsUtc(wall) + minutes * 60_000);
}

/** The spans of the dated (yearly and once) windows that start in years `[fromYear, toYear]`. */
export function datedOccurrences(calendar: PeakCalendar, fromYear: number, toYear: number): WindowOccurrence[] {
  const out: WindowOccurrence[] = [];
  for (const w of calendar.windows) {
    const spans: { start: WallClock; end: WallClock }[] = [];
    if (w.yearly) {
      for (let year = fromYear; year <= toYear; year++) {
        const { month, day } = anchorDate(w.yearly.anchor, year);
        const midnight: WallClock = { year, month, day, hour: 0, minute: 0 };
        spans.push({ start: shiftWall(midnight, w.yearly.start), end: shiftWall(midnight, w.yearly.end) });
      }
    } else if (w.once && w.once.start.year >= fromYear && w.once.start.year <= toYear) {
      spans.push({ start: w.once.start, end: w.once.end });
    }
    for (const s of spans) {
      out.push({
        name: w.name,
        minSize: w.minSize,
        start: s.start,
        end: s.end,
        startAt: resolveLocalTime(s.start, calendar.timeZone).instant,
        endAt: resolveLocalTime(s.end, calendar.timeZone).instant,
      });
    }
  }
  return out.sort((a, b) => a.startAt - b.startAt || a.name.localeCompare(b.name));
}

/** True when the minute of the week `mow` lies in the weekly span `[start, end)` (end may pass Saturday). */
export function inWeeklySpan(mow: number, span: { start: number; end: number }): boolean {
  return (mow >= span.start && mow < span.end) || (mow + WEEK_MINUTES >= span.start && mow + WEEK_MINUTES < span.end);
}

/**
 * The windows active at `instant` and the minimum they hold: the point-wise definition of the
 * calendar, evaluated without any scheduled action (the oracle of the schedule simulation).
 */
export function activeWindowsAt(calendar: PeakCalendar, instant: number): { minSize: number; windows: string[] } {
  const wall = wallClockAt(instant, calendar.timeZone);
  const mow = minuteOfWeek(wall);
  let minSize = calendar.baseMinSize;
  const names: string[] = [];
  const dated = [...occurrencesOfYear(calendar, wall.year - 1), ...occurrencesOfYear(calendar, wall.year)];
  for (const w of calendar.windows) {
    const active = w.weekly ? inWeeklySpan(mow, w.weekly) : dated.some((o) => o.name === w.name && o.startAt <= instant && instant < o.endAt);
    if (active) {
      names.push(w.name);
      minSize = Math.max(minSize, w.minSize);
    }
  }
  return { minSize, windows: names };
}

const occurrenceCache = new WeakMap<PeakCalendar, Map<number, WindowOccurrence[]>>();

function occurrencesOfYear(calendar: PeakCalendar, year: number): WindowOccurrence[] {
  let byYear = occurrenceCache.get(calendar);
  if (!byYear) {
    byYear = new Map();
    occurrenceCache.set(calendar, byYear);
  }
  let list = byYear.get(year);
  if (!list) {
    list = datedOccurrences(calendar, year, year);
    byYear.set(year, list);
  }
  return list;
}

/**
 * Problems with the calendar's local times over `[fromYear, toYear]`: a window boundary that falls
 * in a DST gap (the time does not exist) or overlap (it happens twice) would fire at a time nobody
 * chose, so it is refused with the date and the fix.
 */
export function dstProblems(calendar: PeakCalendar, fromYear: number, toYear: number, label = 'peakWindows'): string[] {
  const zone = calendar.timeZone;
  const problems: string[] = [];
  const check = (name: string, edge: string, wall: WallClock): void => {
    const kind = resolveLocalTime(wall, zone).kind;
    if (kind !== 'unique') {
      problems.push(
        `${label} '${name}' ${edge} at ${formatWall(wall)} ${zone}, a local time that ${kind === 'gap' ? 'DST skips' : 'happens twice when DST ends'}: move the window's ${edge === 'starts' ? 'from' : 'to'} out of the DST transition hour`,
      );
    }
  };
  for (const o of datedOccurrences(calendar, fromYear, toYear)) {
    check(o.name, 'starts', o.start);
    check(o.name, 'ends', o.end);
  }
  for (const w of calendar.windows) {
    if (!w.weekly) continue;
    for (const [edge, mowRaw] of [['starts', w.weekly.start], ['ends', w.weekly.end % WEEK_MINUTES]] as const) {
      const day = Math.floor(mowRaw / 1440);
      const hour = Math.floor((mowRaw % 1440) / 60);
      const minute = mowRaw % 60;
      for (let t = Date.UTC(fromYear, 0, 1); t < Date.UTC(toYear + 1, 0, 1); t += DAY_MS) {
        const d = new Date(t);
        if (d.getUTCDay() !== day) continue;
        const wall = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour, minute };
        if (resolveLocalTime(wall, zone).kind !== 'unique') {
          check(w.name, edge, wall);
          break;
        }
      }
    }
  }
  return problems;
}

/** Checks a zone name; returns a problem string (field, value, fix) or undefined. */
export function scheduleTimeZoneProblem(zone: string, label = 'scheduleTimeZone'): string | undefined {
  const problem = timeZoneProblem(zone);
  return problem ? `${label} must be an IANA time zone like America/New_York (got '${zone}'): ${problem}` : undefined;
}

/**
 * Why a daily local time (`HH:MM`) does not exist once a day in `zone` over `[fromYear, toYear]`
 * (it falls in a DST gap or overlap on some date), or undefined.
 */
export function localTimeDstProblem(time: string, zone: string, fromYear: number, toYear: number, label: string): string | undefined {
  const m = /^(\d{2}):(\d{2})$/.exec(time);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return `${label} must be a local time like 04:00 (got '${time}')`;
  for (let t = Date.UTC(fromYear, 0, 1); t < Date.UTC(toYear + 1, 0, 1); t += DAY_MS) {
    const d = new Date(t);
    const wall = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: Number(m[1]), minute: Number(m[2]) };
    const kind = resolveLocalTime(wall, zone).kind;
    if (kind !== 'unique') {
      return `${label} ${time} ${kind === 'gap' ? 'does not exist' : 'happens twice'} in ${zone} on ${formatWall(wall).slice(0, 10)} (DST): choose a time outside the transition hour, e.g. 04:00`;
    }
  }
  return undefined;
}
