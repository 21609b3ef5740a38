import { defineRule, fromProblems } from '../../rule';
import { stringList } from '../../synthesized';

/** The partition may be written as `${data.aws_partition.p.partition}`. */
const ADMIN_POLICY = /^arn:(aws[\w-]*|\$\{[^}]+\}):iam::aws:policy\/(AdministratorAccess|PowerUserAccess|IAMFullAccess)$/;

export const IamNoAdminPolicies = defineRule({
  id: 'PHI-IAM-2',
  name: 'IamNoAdminPolicies',
  level: 'error',
  description: 'No role, user or group gets the AdministratorAccess, PowerUserAccess or IAMFullAccess managed policy.',
  control: '§164.308(a)(3)(ii)(A)',
  anchors: { cdkNag: 'IAMPolicyNoStatementsWithAdminAccess', checkov: 'CKV_AWS_274' },
  resourceTypes: [
    'aws_iam_role_policy_attachment',
    'aws_iam_user_policy_attachment',
    'aws_iam_group_policy_attachment',
    'aws_iam_policy_attachment',
    'aws_iam_role',
    'aws_iam_role_policy_attachments_exclusive',
  ],
  check(r) {
    const arns = [...stringList(r.config.policy_arn), ...stringList(r.config.managed_policy_arns), ...stringList(r.config.policy_arns)];
    const admin = arns.filter((a) => ADMIN_POLICY.test(a));
    return fromProblems(admin.length ? [`attaches ${admin.join(', ')}`] : [], 'attach a least-privilege customer-managed policy instead');
  },
});
