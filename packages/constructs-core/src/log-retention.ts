/**
 * The retentions CloudWatch Logs accepts, in days (`PutRetentionPolicy`, `retentionInDays`): any
 * other value is refused by the API at apply time, after the resources before it were created.
 */
export const CLOUDWATCH_LOG_RETENTION_DAYS: readonly number[] = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/** The problem of a log retention prop, or undefined when CloudWatch Logs accepts the value. */
export function logRetentionProblem(prop: string, days: unknown): string | undefined {
  if (typeof days === 'number' && CLOUDWATCH_LOG_RETENTION_DAYS.includes(days)) return undefined;
  return `${prop} must be a CloudWatch Logs retention (got ${String(days)}): one of ${CLOUDWATCH_LOG_RETENTION_DAYS.join(', ')}`;
}
