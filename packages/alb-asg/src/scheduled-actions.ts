/** Scheduled capacity changes of the web tier: the seed schedule and its validation. */

/**
 * One scheduled change of the Auto Scaling group's bounds. Unset sizes are left unchanged
 * (Terraform's `-1`), so that target tracking keeps steering `desired` between the bounds.
 */
export interface ScheduledAction {
  /** Name of the action, unique in the group: lowercase letters, digits and hyphens. */
  readonly name: string;
  /** Unix cron expression (5 fields: minute hour day-of-month month day-of-week). Exactly one of `recurrence` and `startTime`. */
  readonly recurrence?: string;
  /** One-off start, ISO 8601 in UTC like `2026-12-24T06:00:00Z`. Exactly one of `recurrence` and `startTime`. */
  readonly startTime?: string;
  /** End of a recurring action, ISO 8601 in UTC. */
  readonly endTime?: string;
  /** IANA time zone the cron expression is read in, e.g. `America/New_York`. */
  readonly timeZone?: string;
  /** New minimum size. */
  readonly minSize?: number;
  /** New maximum size. */
  readonly maxSize?: number;
  /** New desired capacity. */
  readonly desiredCapacity?: number;
}

export interface SeedScheduleOptions {
  /** The group's normal minimum, restored when a peak ends. */
  readonly baseMinSize: number;
  /** The minimum held during a peak. */
  readonly peakMinSize: number;
  /** Time zone of the cron expressions. */
  readonly timeZone: string;
}

/**
 * The seed's known peaks: weekends, Thanksgiving, Christmas and New Year. Each peak raises the
 * minimum before the rush and restores it after; `desired` and `max` are left to target tracking.
 *
 * Unix cron ORs day-of-month and day-of-week when both are set, so "fourth Thursday of November"
 * cannot be written; the Thanksgiving window instead covers every possible date (Nov 22-28) and
 * the weekend after it.
 */
export function seedScheduledActions(options: SeedScheduleOptions): ScheduledAction[] {
  const { baseMinSize, peakMinSize, timeZone } = options;
  const peak = (name: string, recurrence: string): ScheduledAction => ({ name, recurrence, timeZone, minSize: peakMinSize });
  const back = (name: string, recurrence: string): ScheduledAction => ({ name, recurrence, timeZone, minSize: baseMinSize });
  return [
    peak('weekend-peak-start', '0 7 * * 6'),
    back('weekend-peak-end', '0 23 * * 0'),
    peak('thanksgiving-peak-start', '0 6 22 11 *'),
    back('thanksgiving-peak-end', '0 6 2 12 *'),
    peak('christmas-peak-start', '0 6 20 12 *'),
    back('christmas-peak-end', '0 6 27 12 *'),
    peak('new-year-peak-start', '0 6 30 12 *'),
    back('new-year-peak-end', '0 6 2 1 *'),
  ];
}

const CRON_FIELDS: readonly { name: string; min: number; max: number }[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day-of-week', min: 0, max: 7 },
];

/** Returns why `expression` is not a 5-field Unix cron expression, or undefined when it is. */
export function cronProblem(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) return `it has ${fields.length} fields, expected 5 (minute hour day-of-month month day-of-week)`;
  for (let i = 0; i < 5; i++) {
    const { name, min, max } = CRON_FIELDS[i];
    for (const part of fields[i].split(',')) {
      const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
      if (!m) return `${name} field '${part}' is not a number, range, list, step or *`;
      const numbers = [m[2], m[3], m[4]].filter((x) => x !== undefined).map(Number);
      const [lo, hi] = [m[2], m[3]].filter((x) => x !== undefined).map(Number);
      if (m[4] !== undefined && Number(m[4]) === 0) return `${name} field '${part}' has a zero step`;
      if (numbers.length && m[2] !== undefined && (lo < min || lo > max || (hi !== undefined && (hi < lo || hi > max)))) {
        return `${name} field '${part}' is outside ${min}-${max}`;
      }
    }
  }
  return undefined;
}

/** True when `zone` is an IANA time zone name this runtime knows (as AWS does). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(zone);
  } catch {
    return false;
  }
}

/** True for `YYYY-MM-DDThh:mm:ssZ` with a real date. */
export function isIsoUtc(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(text) && !Number.isNaN(Date.parse(text));
}
