/**
 * The one opt-out contract of phi-stack. A module that lets a caller turn a safeguard off records
 * the decision as the tag `phi-stack:opt-out:<setting>` = reason on the resource it concerns;
 * phi-guard waives exactly the rules this registry names for that tag, and plan-review shows the
 * tag to the reviewer. Modules and rules both import this file, so a module cannot write a tag that
 * the guard does not know, and the guard cannot ask for a reason the module did not check.
 */

/** Prefix of every opt-out tag key. */
export const OPT_OUT_TAG_PREFIX = 'phi-stack:opt-out:';

/** One opt-out a module can offer. */
export interface OptOut {
  /** The tag key's suffix, e.g. `multi-az`. */
  readonly setting: string;
  /** The tag key, e.g. `phi-stack:opt-out:multi-az`. */
  readonly tagKey: string;
  /**
   * phi-guard rule ids whose findings a valid reason on this tag waives (on the block carrying the
   * tag). Empty for a recorded decision that no rule checks (a single NAT gateway): the tag is still
   * listed in the guard report and in plan-review.
   */
  readonly waives: readonly string[];
  /** What is turned off, for reports and docs. */
  readonly description: string;
}

function optOut(setting: string, waives: readonly string[], description: string): OptOut {
  return { setting, tagKey: `${OPT_OUT_TAG_PREFIX}${setting}`, waives, description };
}

/**
 * Every opt-out, by name. The modules offer most of them through a `…Reason` prop; the others are
 * for escape hatches outside PHI stacks (a `DataClassification=phi` stack refuses to waive the
 * non-waivable rules whatever the tag says).
 */
export const OPT_OUTS = {
  accessLogging: optOut('access-logging', ['PHI-ALB-4', 'PHI-CF-5', 'PHI-S3-5'], 'access logs of a load balancer, distribution or bucket'),
  atRestEncryption: optOut('at-rest-encryption', ['PHI-EC-1'], 'ElastiCache encryption at rest with a customer-managed key'),
  backupRetention: optOut('backup-retention', ['PHI-RDS-5'], 'RDS backup retention of at least 7 days'),
  deletionProtection: optOut('deletion-protection', ['PHI-ALB-5', 'PHI-RDS-3'], 'deletion protection of a load balancer or database'),
  encryption: optOut('encryption', ['PHI-S3-1'], 'SSE-KMS on a bucket (ALB and S3 access-log delivery supports SSE-S3 only)'),
  finalSnapshot: optOut('final-snapshot', ['PHI-RDS-4'], 'the final snapshot of a database on delete'),
  flowLogRetention: optOut('flow-log-retention', [], 'a year of VPC flow-log retention'),
  flowLogs: optOut('flow-logs', ['PHI-VPC-1'], 'VPC flow logs'),
  forceDestroy: optOut('force-destroy', [], 'the refusal to delete a bucket that holds objects'),
  logExports: optOut('log-exports', ['PHI-RDS-7'], 'RDS log exports to CloudWatch Logs'),
  mapPublicIpOnLaunch: optOut('map-public-ip-on-launch', ['PHI-VPC-2'], 'subnets that give no public IP on launch'),
  multiAz: optOut('multi-az', ['PHI-RDS-2', 'PHI-EC-3'], 'a standby in a second Availability Zone'),
  natPerAz: optOut('nat-per-az', [], 'one NAT gateway per Availability Zone'),
  requireSecureTransport: optOut('require-secure-transport', ['PHI-RDS-8'], 'TLS-only MySQL connections'),
  signedAccess: optOut('signed-access', ['PHI-CF-6'], 'signed URLs or cookies on a distribution'),
  snapshotRetention: optOut('snapshot-retention', ['PHI-EC-4'], 'at least 15 days of Redis snapshots'),
  storageEncrypted: optOut('storage-encrypted', ['PHI-RDS-1'], 'RDS storage encryption with a customer-managed key'),
  targetTls: optOut('target-tls', [], 'TLS between the load balancer and its targets'),
  transitEncryption: optOut('transit-encryption', ['PHI-EC-2'], 'ElastiCache in-transit encryption and authentication'),
  versioning: optOut('versioning', ['PHI-S3-4'], 'bucket versioning'),
  viewerCertificate: optOut('viewer-certificate', ['PHI-CF-3'], "a distribution's own certificate and TLS 1.2 minimum (the *.cloudfront.net default certificate allows TLS 1.0)"),
  waf: optOut('waf', [], 'a WAF web ACL in front of a load balancer or distribution'),
} as const satisfies Record<string, OptOut>;

/** Name of an opt-out in `OPT_OUTS`. */
export type OptOutName = keyof typeof OPT_OUTS;

const BY_TAG: ReadonlyMap<string, OptOut> = new Map(Object.values(OPT_OUTS).map((o) => [o.tagKey, o]));

/** The opt-out a tag key records, or undefined for a key outside the registry. */
export function optOutOfTag(tagKey: string): OptOut | undefined {
  return BY_TAG.get(tagKey);
}

/** The opt-outs whose valid reason waives `ruleId`. */
export function optOutsWaiving(ruleId: string): OptOut[] {
  return Object.values(OPT_OUTS).filter((o) => (o.waives as readonly string[]).includes(ruleId));
}

/** Shortest reason accepted, after trimming: a reason a reviewer can act on. */
export const MIN_REASON_LENGTH = 10;
/** Longest reason accepted: AWS tag values hold at most 256 characters. */
export const MAX_REASON_LENGTH = 256;
/** Characters every AWS service accepts in a tag value: letters, digits, spaces and `_ . : / = + - @`. */
export const REASON_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/**
 * What is wrong with a reason, or undefined when it is valid: the one reason rule of constructs,
 * `PhiGuard.suppress` and the guard's reading of opt-out tags. The text completes
 * "`<prop>` must …" and ends with the way out.
 */
export function reasonProblem(reason: unknown): string | undefined {
  if (typeof reason !== 'string') return `be a string stating why (got ${JSON.stringify(reason)})`;
  const trimmed = reason.trim();
  if (trimmed.length < MIN_REASON_LENGTH) {
    return `state the reason in at least ${MIN_REASON_LENGTH} characters (got ${JSON.stringify(reason)}, ${trimmed.length}): say why the safeguard does not apply or what compensates for it`;
  }
  if (trimmed.length > MAX_REASON_LENGTH) {
    return `be at most ${MAX_REASON_LENGTH} characters, the longest AWS tag value (got ${trimmed.length}): shorten it and link the design record`;
  }
  if (!REASON_CHARACTERS.test(trimmed)) {
    const bad = [...new Set([...trimmed].filter((ch) => !REASON_CHARACTERS.test(ch)))].map((ch) => JSON.stringify(ch)).join(' ');
    return `use only letters, digits, spaces and _ . : / = + - @, what AWS accepts in a tag value (got ${bad} in ${JSON.stringify(reason)}): rephrase without them`;
  }
  if (/^(aws|rds):/i.test(trimmed)) return `not start with aws: or rds:, prefixes AWS reserves in tag values (got ${JSON.stringify(reason)}): start with the reason itself`;
  return undefined;
}

/**
 * The opt-out tag for a reason that `reasonProblem` accepts: `{ 'phi-stack:opt-out:<setting>': reason }`.
 * Throws for an invalid reason, so that no module can write a tag the guard would ignore.
 */
export function optOutTag(optOutEntry: OptOut, reason: string): Record<string, string> {
  const problem = reasonProblem(reason);
  if (problem) throw new Error(`the reason of ${optOutEntry.tagKey} must ${problem}`);
  return { [optOutEntry.tagKey]: reason.trim() };
}

/**
 * Checks the reason prop of an opt-out: required when the safeguard is off, and held to the reason
 * rule. Returns the problem text, starting with the prop name, or undefined.
 *
 * @param off whether the caller turned the safeguard off
 * @param reasonProp the prop holding the reason, e.g. `multiAzDisabledReason`
 * @param what what the caller turned off, e.g. `multiAz is false`
 */
export function optOutReasonProblem(off: boolean, reasonProp: string, reason: string | undefined, what: string, entry: OptOut): string | undefined {
  if (!off) return undefined;
  if (reason === undefined) return `${reasonProp} is required when ${what} (got none): state why, it is recorded in the tag ${entry.tagKey}`;
  const problem = reasonProblem(reason);
  return problem ? `${reasonProp} must ${problem}; it is recorded in the tag ${entry.tagKey}` : undefined;
}
