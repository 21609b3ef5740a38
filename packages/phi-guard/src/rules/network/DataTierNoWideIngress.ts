import { COMPLIANT, defineRule, NOT_APPLICABLE, nonCompliant } from '../../rule';
import { INGRESS_RULE_TYPES, wideIngress } from './flow-model';
import { joined } from './util';

/**
 * Network exposure of the PHI stores, with or without declared flows: no ingress rule of a security
 * group that a database or cache attaches (or of the declared data tier) admits an address from
 * beyond the group's VPC, in any form: inline `ingress`, `aws_security_group_rule`,
 * `aws_vpc_security_group_ingress_rule`, CIDR or prefix list. Reported on the block that declares the
 * rule, so that the finding names who opened it.
 */
export const DataTierNoWideIngress = defineRule({
  id: 'PHI-NET-7',
  name: 'DataTierNoWideIngress',
  level: 'error',
  description:
    'No ingress rule admits an address from beyond the VPC (0.0.0.0/0, ::/0, another network, a range unknown until apply) into a security group of a database or cache.',
  control: '§164.312(a)(1)',
  anchors: { cdkNag: 'EC2RestrictedCommonPorts', checkov: '-' },
  resourceTypes: INGRESS_RULE_TYPES,
  waivable: false,
  check(r, context) {
    const problems = wideIngress(r.address, 'data', context);
    if (problems === undefined) return NOT_APPLICABLE;
    return problems.length === 0 ? COMPLIANT : nonCompliant(...joined(problems));
  },
});
