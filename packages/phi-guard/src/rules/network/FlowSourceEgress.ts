import { COMPLIANT, defineRule, NOT_APPLICABLE, nonCompliant } from '../../rule';
import { FLOW_ENDPOINT_TYPES, FLOW_SIDE_RULES, sideProblemsAt } from './flow-model';
import { joined } from './util';

/**
 * Egress side of every declared flow, on its source: a security group of the source allows the
 * port to the destination (its group, a CIDR over its subnets, or its prefix list). A
 * Terraform-created aws_security_group has no egress until one is declared.
 */
export const FlowSourceEgress = defineRule({
  id: FLOW_SIDE_RULES.egress,
  name: 'FlowSourceEgress',
  level: 'error',
  description:
    'The source of every declared flow may send it: an egress rule of its security group allows the port to the destination (Terraform-created groups have no egress until one is declared).',
  control: '§164.312(e)(1)',
  anchors: { cdkNag: '-', checkov: '-' },
  resourceTypes: FLOW_ENDPOINT_TYPES,
  check(r, context) {
    const problems = sideProblemsAt(r.address, 'egress', context);
    if (problems === undefined) return NOT_APPLICABLE;
    return problems.length === 0 ? COMPLIANT : nonCompliant(...joined(problems));
  },
});
