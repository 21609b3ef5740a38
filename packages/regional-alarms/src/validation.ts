// The checks of RegionalAlarms' props, and the settings they resolve to.
import { Problems } from '@phi-stack/constructs-core';
import { Token } from 'cdktf';
import { DEFAULT_THRESHOLDS, MAX_CACHE_NODE_COUNT, RegionalAlarmsProps, THRESHOLD_LIMITS } from './props';

/** AWS's longest names: CloudWatch alarms and dashboards, EventBridge rules, RDS event subscriptions. */
export const NAME_LIMITS = { alarm: 255, dashboard: 255, rule: 64, subscription: 255 } as const;

/** The longest suffix a name gets: an alarm `<name>-db-free-storage-replica-5`, the rule `<name>-elasticache-events`. */
export const RULE_SUFFIX = '-elasticache-events';
export const SUBSCRIPTION_SUFFIX = '-rds-events';

export type Thresholds = { -readonly [K in keyof typeof DEFAULT_THRESHOLDS]: number };

/** The settings of a RegionalAlarms after defaults and checks. */
export interface RegionalAlarmsSettings {
  readonly thresholds: Thresholds;
  readonly replicaInstanceIdentifiers: readonly string[];
  readonly cacheNodeCount: number;
}

/**
 * Checks every prop of a RegionalAlarms at `path` and returns the settings after defaults. Runs
 * before any resource exists and throws one Error naming every problem. `alarmNames` builds the
 * alarm names from a valid name: the length checks of the names run only when `name` is valid.
 */
export function validateRegionalAlarms(path: string, props: RegionalAlarmsProps, alarmNames: (settings: RegionalAlarmsSettings) => string[]): RegionalAlarmsSettings {
  const problems = new Problems(path);
  const name = props.name as unknown;
  let nameOk = false;
  if (typeof name !== 'string' || Token.isUnresolved(name)) {
    problems.add(`name must be a string known at synth (got ${typeof name === 'string' ? 'a token' : JSON.stringify(name)}): it names the topic, the alarms and the dashboard`);
  } else if (!/^[a-z][a-z0-9-]{1,39}$/.test(name) || name.includes('--') || name.endsWith('-')) {
    problems.add(`name must be 2-40 lowercase letters, digits or single hyphens, starting with a letter and not ending with a hyphen (got '${name}'): it prefixes every alarm, the topic and the dashboard, e.g. 'phi-prod-use1'`);
  } else nameOk = true;

  for (const prop of ['loadBalancerArnSuffix', 'targetGroupArnSuffix', 'autoScalingGroupName', 'primaryInstanceIdentifier', 'replicationGroupId'] as const) {
    const value = props[prop] as unknown;
    problems.check(typeof value === 'string' && value.length > 0, () => `${prop} must be a non-empty string (got ${JSON.stringify(value)}): it is the dimension the alarms watch`);
  }
  const replicas = props.replicaInstanceIdentifiers ?? [];
  problems.check(Array.isArray(replicas) && replicas.every((r) => typeof r === 'string' && r.length > 0), () =>
    `replicaInstanceIdentifiers must be a list of non-empty identifiers (got ${JSON.stringify(replicas)}): one set of alarms is made per replica`,
  );
  problems.check(!Token.isUnresolved(replicas), () => `replicaInstanceIdentifiers must be a list known at synth (got a token): pass one identifier per replica, each may be a token`);

  const count = props.cacheNodeCount as unknown;
  problems.check(typeof count === 'number' && !Token.isUnresolved(count) && Number.isInteger(count) && count >= 1 && count <= MAX_CACHE_NODE_COUNT, () =>
    `cacheNodeCount must be an integer between 1 and ${MAX_CACHE_NODE_COUNT} known at synth (got ${Token.isUnresolved(count) ? 'a token' : JSON.stringify(count)}): a replication group without cluster mode has a primary and at most 5 replicas, and each node gets its own alarms`,
  );

  const thresholds = { ...DEFAULT_THRESHOLDS } as Thresholds;
  for (const [prop, limit] of Object.entries(THRESHOLD_LIMITS) as [keyof Thresholds, (typeof THRESHOLD_LIMITS)[keyof Thresholds]][]) {
    const value = props[prop] as unknown;
    if (value === undefined) continue;
    const ok = typeof value === 'number' && !Token.isUnresolved(value) && Number.isFinite(value) && value >= limit.min && value <= limit.max && (!limit.integer || Number.isInteger(value));
    if (ok) thresholds[prop] = value;
    else problems.add(`${prop} must be ${limit.integer ? 'an integer' : 'a number'} between ${limit.min} and ${limit.max} known at synth (got ${Token.isUnresolved(value) ? 'a token' : JSON.stringify(value)}): ${limit.why}`);
  }

  const settings: RegionalAlarmsSettings = { thresholds, replicaInstanceIdentifiers: Array.isArray(replicas) ? replicas : [], cacheNodeCount: typeof count === 'number' ? count : 1 };
  // Guard: the names are built from a valid name (and a valid replica list and node count).
  if (nameOk && problems.list.length === 0) {
    const n = name as string;
    for (const alarm of alarmNames(settings)) {
      problems.check(alarm.length <= NAME_LIMITS.alarm, () => `name makes the alarm name '${alarm}' of ${alarm.length} characters: CloudWatch allows ${NAME_LIMITS.alarm}; shorten name`);
    }
    problems.check(n.length <= NAME_LIMITS.dashboard && /^[A-Za-z0-9_-]+$/.test(n), () => `name must be a dashboard name of at most ${NAME_LIMITS.dashboard} letters, digits, '-' or '_' (got '${n}')`);
    const rule = `${n}${RULE_SUFFIX}`;
    problems.check(rule.length <= NAME_LIMITS.rule, () => `name makes the EventBridge rule name '${rule}' of ${rule.length} characters: EventBridge allows ${NAME_LIMITS.rule}; shorten name`);
    const subscription = `${n}${SUBSCRIPTION_SUFFIX}`;
    problems.check(subscription.length <= NAME_LIMITS.subscription, () => `name makes the event subscription name '${subscription}' of ${subscription.length} characters: RDS allows ${NAME_LIMITS.subscription}; shorten name`);
  }
  problems.throwIfAny();
  return settings;
}
