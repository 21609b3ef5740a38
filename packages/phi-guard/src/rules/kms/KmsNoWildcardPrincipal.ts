import { readPolicy } from '../../policy';
import { COMPLIANT, defineRule, nonCompliant } from '../../rule';

/** Conditions that pin a `*` principal to one account or organization. */
const ACCOUNT_CONDITIONS = ['kms:calleraccount', 'aws:principalaccount', 'aws:sourceaccount', 'aws:principalorgid', 'aws:principalarn'];

export const KmsNoWildcardPrincipal = defineRule({
  id: 'PHI-KMS-2',
  name: 'KmsNoWildcardPrincipal',
  level: 'error',
  description: 'KMS key policies grant nothing to the `*` principal unless a condition pins the caller to the account or organization.',
  control: '§164.312(a)(1)',
  anchors: { cdkNag: '-', checkov: 'CKV_AWS_33' },
  resourceTypes: ['aws_kms_key', 'aws_kms_key_policy'],
  check(r, context) {
    const doc = readPolicy(r.config.policy, context);
    // No policy: the default key policy, which grants the account only.
    if (doc === 'absent') return COMPLIANT;
    if (doc === 'unknown') return nonCompliant('the key policy is an expression the guard cannot read at synth', 'write the key policy as a JSON document or a data.aws_iam_policy_document of this stack');
    const open = doc.filter(
      (s) => s.effect === 'Allow' && s.principals.includes('*') && !s.conditions.some((c) => ACCOUNT_CONDITIONS.includes(c.variable.toLowerCase())),
    );
    return open.length === 0
      ? COMPLIANT
      : nonCompliant(`the key policy allows ${open.flatMap((s) => s.actions).join(', ') || 'actions'} to principal "*"`, 'grant the account root (arn:aws:iam::<account>:root) or named roles, or add a kms:CallerAccount condition');
  },
});
