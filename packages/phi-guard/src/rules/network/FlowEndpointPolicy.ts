import { COMPLIANT, defineRule, NOT_APPLICABLE, nonCompliant } from '../../rule';
import { FLOW_SIDE_RULES, sideProblemsAt } from './flow-model';
import { joined } from './util';

/**
 * Policy side of every declared flow to a VPC endpoint, on the endpoint: when the endpoint has a
 * policy, it allows the flow's actions to the source's principal (its instance role, the account,
 * or `*`) and no unconditional Deny takes them back. No policy means full access.
 */
export const FlowEndpointPolicy = defineRule({
  id: FLOW_SIDE_RULES.policy,
  name: 'FlowEndpointPolicy',
  level: 'error',
  description: "The policy of a VPC endpoint that a declared flow reaches allows the flow's actions to the source's principal.",
  control: '§164.312(a)(1)',
  anchors: { cdkNag: '-', checkov: '-' },
  resourceTypes: ['aws_vpc_endpoint'],
  check(r, context) {
    const problems = sideProblemsAt(r.address, 'policy', context);
    if (problems === undefined) return NOT_APPLICABLE;
    return problems.length === 0 ? COMPLIANT : nonCompliant(...joined(problems));
  },
});
