import { PolicyDocument, readPolicy } from '../../policy';
import { defineRule, fromProblems } from '../../rule';
import { blocks } from '../../synthesized';

const WILDCARD_ACTION = /^(\*|[\w-]+:\*)$/;

export const IamNoWildcardActions = defineRule({
  id: 'PHI-IAM-1',
  name: 'IamNoWildcardActions',
  level: 'error',
  description: 'IAM policies allow named actions, never `*` or `<service>:*`, so that access to PHI stays least-privilege.',
  control: '§164.308(a)(4)(ii)(B)',
  anchors: { cdkNag: 'IAMPolicyNoStatementsWithFullAccess', checkov: 'CKV_AWS_63' },
  resourceTypes: ['aws_iam_policy', 'aws_iam_role_policy', 'aws_iam_user_policy', 'aws_iam_group_policy', 'aws_iam_role'],
  check(r, context) {
    const docs: PolicyDocument[] =
      r.type === 'aws_iam_role' ? blocks(r.config.inline_policy).map((p) => readPolicy(p.policy, context)) : [readPolicy(r.config.policy, context)];
    const wildcards = docs.flatMap((d) => (d === 'unknown' || d === 'absent' ? [] : d)).filter((s) => s.effect === 'Allow').flatMap((s) => s.actions.filter((a) => WILDCARD_ACTION.test(a)));
    const problems = wildcards.length ? [`the policy allows ${[...new Set(wildcards)].join(', ')}`] : [];
    // A policy built by an expression could grant anything: it must be readable at synth.
    if (docs.includes('unknown')) problems.push('the policy is an expression the guard cannot read at synth (write it as JSON or a data.aws_iam_policy_document of this stack)');
    return fromProblems(problems, 'list the actions the workload needs, e.g. s3:GetObject and s3:PutObject on the image prefix');
  },
});
