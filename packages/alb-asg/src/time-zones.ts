/**
 * Wall-clock arithmetic in IANA time zones, with the DST rules EC2 Auto Scaling applies to a
 * scheduled action's `time_zone` (java.time semantics: a local time in a spring-forward gap is
 * moved later by the gap, an ambiguous fall-back time takes the earlier offset).
 */

/** A local date and time, minutes resolution. `month` is 1-12. */
export interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
}

/** How a local time maps to instants in its zone. */
export type LocalTimeKind = 'unique' | 'gap' | 'overlap';

export interface ResolvedLocalTime {
  /** The instant, in milliseconds since the epoch (UTC). */
  readonly instant: number;
  /** `gap`: the local time does not exist (spring forward); `overlap`: it happens twice (fall back). */
  readonly kind: LocalTimeKind;
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
export const WEEK_MINUTES = 7 * 24 * 60;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The wall clock of `instant` in `zone`. */
export function wallClockAt(instant: number, zone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(new Date(instant))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour === 24 ? 0 : parts.hour, minute: parts.minute };
}

/** `wall` read as if it were UTC, in milliseconds: handy for date arithmetic on wall clocks. */
export function wallAsUtc(wall: WallClock): number {
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
}

/** The wall clock that `wallAsUtc` maps to `ms`. */
export function wallFromUtcMs(ms: number): WallClock {
  const d = new Date(ms);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes() };
}

/** Offset of `zone` from UTC at `instant`, in milliseconds (local = UTC + offset). */
export function zoneOffsetAt(instant: number, zone: string): number {
  const floored = Math.floor(instant / MINUTE_MS) * MINUTE_MS;
  return wallAsUtc(wallClockAt(floored, zone)) - floored;
}

function sameWall(a: WallClock, b: WallClock): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day && a.hour === b.hour && a.minute === b.minute;
}

/**
 * The instant of a local time in `zone`. A time in a DST gap resolves the way java.time does
 * (later by the length of the gap: 02:30 on a spring-forward night is 03:30); an ambiguous time
 * resolves to its earlier instant.
 */
export function resolveLocalTime(wall: WallClock, zone: string): ResolvedLocalTime {
  const asUtc = wallAsUtc(wall);
  const before = zoneOffsetAt(asUtc - DAY_MS, zone);
  const after = zoneOffsetAt(asUtc + DAY_MS, zone);
  const candidates = [...new Set([before, after])].map((offset) => asUtc - offset).filter((t) => sameWall(wallClockAt(t, zone), wall));
  if (candidates.length === 0) return { instant: asUtc - before, kind: 'gap' };
  if (candidates.length > 1) return { instant: Math.min(...candidates), kind: 'overlap' };
  return { instant: candidates[0], kind: 'unique' };
}

/** Day of the week of a date, 0 = Sunday. */
export function dayOfWeek(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

/** Minute of the week (0 = Sunday 00:00) of a wall clock. */
export function minuteOfWeek(wall: WallClock): number {
  return dayOfWeek(wall.year, wall.month, wall.day) * 1440 + wall.hour * 60 + wall.minute;
}

/** `2026-12-24T05:00:00Z`. */
export function isoUtc(instant: number): string {
  return new Date(instant).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `2026-12-24 06:00` (a wall clock). */
export function formatWall(wall: WallClock): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${p(wall.year, 4)}-${p(wall.month)}-${p(wall.day)} ${p(wall.hour)}:${p(wall.minute)}`;
}

/** Areas of the tz database's `backward` file: every name under them is a legacy link, e.g. `US/Eastern`. */
const LEGACY_AREAS = ['US', 'Canada', 'Mexico', 'Brazil', 'Chile', 'SystemV'];

/**
 * Why `zone` is not an IANA time zone EC2 Auto Scaling takes (`Area/Location` like
 * `America/New_York`, `Europe/Dublin`, or `Etc/UTC`), or undefined when it is one. Legacy links
 * (`US/Eastern`, `EST5EDT`, `GB`) are refused with the zone they stand for.
 */
export function timeZoneProblem(zone: string): string | undefined {
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return 'it is not in the IANA time zone database';
  }
  if (zone === 'UTC') return undefined;
  const area = zone.split('/')[0];
  if (!zone.includes('/') || LEGACY_AREAS.includes(area) || !/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)+$/.test(zone)) {
    return `it is a legacy alias, not an Area/Location name${resolved !== zone && resolved.includes('/') ? `: use ${resolved}` : ''}`;
  }
  return undefined;
}

/** True when `zone` is an IANA `Area/Location` time zone (or `UTC`) that this runtime knows. */
export function isIanaTimeZone(zone: string): boolean {
  return timeZoneProblem(zone) === undefined;
}
