import { defineRule, NOT_APPLICABLE, nonCompliant, COMPLIANT } from '../../rule';
import { block, literalString, numberOf, refersTo, tagsOf } from '../../synthesized';

/**
 * Tag naming a secret's rotation schedule when Secrets Manager does not run it: `<n> days`
 * (tag values allow no parentheses, so not `rate(...)`).
 */
export const ROTATION_SCHEDULE_TAG = 'phi-stack:rotation-schedule';
/** Tag saying who rotates the secret and what the app does on rotation. */
export const ROTATION_METHOD_TAG = 'phi-stack:rotation-method';
/** Longest rotation period accepted, in days. */
export const MAX_ROTATION_DAYS = 365;

const RATE = /^(\d+) days?$/;

/**
 * Every secret has an explicit rotation schedule (checkov CKV2_AWS_57). Either Secrets Manager
 * rotates it (an `aws_secretsmanager_secret_rotation` with `rotation_rules`), or the secret names
 * its schedule and its rotation method in tags: secrets rotated by the stack itself (a new
 * ephemeral password written with a `_wo` argument) or by an operator (a key pair put by hand).
 * RDS-managed secrets (`manage_master_user_password`) are rotated by RDS and are not resources here.
 */
export const SecretsManagerRotationSchedule = defineRule({
  id: 'PHI-SM-2',
  name: 'SecretsManagerRotationSchedule',
  level: 'error',
  description: `Every Secrets Manager secret has an explicit rotation schedule of at most ${MAX_ROTATION_DAYS} days: a secret_rotation with rotation_rules, or the tags ${ROTATION_SCHEDULE_TAG} and ${ROTATION_METHOD_TAG}.`,
  control: '§164.308(a)(5)(ii)(D)',
  anchors: { cdkNag: 'SecretsManagerRotationEnabled', checkov: 'CKV2_AWS_57' },
  resourceTypes: ['aws_secretsmanager_secret'],
  check(secret, context) {
    if (secret.kind !== 'resource') return NOT_APPLICABLE;
    const rotations = context.byType('aws_secretsmanager_secret_rotation', 'resource').filter((r) => refersTo(r.config.secret_id, secret.address));
    for (const rotation of rotations) {
      const rules = block(rotation.config.rotation_rules);
      const days = numberOf(rules?.automatically_after_days);
      const schedule = literalString(rules?.schedule_expression);
      if (days === 'expression' || (typeof days === 'number' && days >= 1 && days <= MAX_ROTATION_DAYS) || schedule !== undefined) return COMPLIANT;
    }
    const tags = tagsOf(secret);
    const schedule = typeof tags[ROTATION_SCHEDULE_TAG] === 'string' ? (tags[ROTATION_SCHEDULE_TAG] as string) : undefined;
    const method = typeof tags[ROTATION_METHOD_TAG] === 'string' ? (tags[ROTATION_METHOD_TAG] as string).trim() : '';
    const m = schedule === undefined ? null : RATE.exec(schedule);
    if (m && Number(m[1]) >= 1 && Number(m[1]) <= MAX_ROTATION_DAYS && method.length >= 10) return COMPLIANT;
    const problem =
      schedule === undefined
        ? 'the secret has no rotation schedule: no aws_secretsmanager_secret_rotation refers to it and it has no phi-stack:rotation-schedule tag'
        : !m || Number(m[1]) < 1 || Number(m[1]) > MAX_ROTATION_DAYS
          ? `tag ${ROTATION_SCHEDULE_TAG} is '${schedule}', not '<1-${MAX_ROTATION_DAYS}> days'`
          : `tag ${ROTATION_METHOD_TAG} must say who rotates the secret and what the app does then (got '${method}')`;
    return nonCompliant(problem, `add an aws_secretsmanager_secret_rotation with rotation_rules, or tag the secret ${ROTATION_SCHEDULE_TAG} = '90 days' and ${ROTATION_METHOD_TAG} = <who rotates it, how the app picks up the new value>`);
  },
});
