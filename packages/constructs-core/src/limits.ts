/**
 * Integer limits a module enforces on a prop, exported so that a config layer in front of it
 * (`region.json`) checks the same range instead of keeping its own copy.
 */
export interface IntegerLimit {
  readonly min: number;
  readonly max: number;
  /** Why the range is what it is (AWS's limit or the safeguard), appended to the error. */
  readonly why: string;
}

/**
 * The problem of an integer against its limit, or undefined: `<prop> must be an integer between
 * <min> and <max> (got <value>): <why>`.
 */
export function integerProblem(prop: string, value: unknown, limit: IntegerLimit): string | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value >= limit.min && value <= limit.max) return undefined;
  return `${prop} must be an integer between ${limit.min} and ${limit.max} (got ${JSON.stringify(value)}): ${limit.why}`;
}
