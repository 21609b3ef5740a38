/** Scheduled capacity changes of the web tier: the action shape and its validation. */
import { isIanaTimeZone } from './time-zones';

/**
 * One scheduled change of the Auto Scaling group's bounds. Unset sizes are left unchanged
 * (Terraform's `-1`), so that target tracking keeps steering `desired` between the bounds.
 */
export interface ScheduledAction {
  /** Name of the action, unique in the group: lowercase letters, digits and hyphens. */
  readonly name: string;
  /** Unix cron expression (5 fields: minute hour day-of-month month day-of-week). At least one of `recurrence` and `startTime`. */
  readonly recurrence?: string;
  /**
   * ISO 8601 in UTC like `2026-12-24T06:00:00Z`: when a one-time action runs, or the first run of a
   * recurring one (AWS runs it at this instant, then per recurrence).
   */
  readonly startTime?: string;
  /** End of a recurring action, ISO 8601 in UTC: it does not run after this instant. */
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

/** True when `zone` is an IANA `Area/Location` time zone (or `UTC`) this runtime knows, as AWS requires. */
export function isTimeZone(zone: string): boolean {
  return isIanaTimeZone(zone);
}

/** True for `YYYY-MM-DDThh:mm:ssZ` with a real date. */
export function isIsoUtc(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(text) && !Number.isNaN(Date.parse(text));
}
