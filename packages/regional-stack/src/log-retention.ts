/**
 * The log retention policy of the platform: one retention per data class, applied to every log
 * group and log bucket a regional stack creates. Change it here (and in the README's "Log
 * retention" table), not in the constructs: their own defaults serve stand-alone use.
 *
 * - `audit`: records of who did what to PHI systems (CloudTrail, the MySQL audit/error/slow-query
 *   exports, VPC flow logs, ALB and CloudFront access logs). 2192 days, six years: the retention
 *   HIPAA sets for the documentation of security measures (45 CFR §164.316(b)(2)(i)), and a value
 *   CloudWatch Logs accepts.
 * - `operational`: engine diagnostics that record no access to PHI (Redis slow and engine logs).
 *   365 days: a year of incident history.
 */
export const LOG_RETENTION_POLICY = {
  audit: 2192,
  operational: 365,
} as const;

/** A data class of the retention policy. */
export type LogDataClass = keyof typeof LOG_RETENTION_POLICY;
