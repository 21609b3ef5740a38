import { COMPLIANT, defineRule, NOT_APPLICABLE, nonCompliant } from '../../rule';
import { FLOW_ENDPOINT_TYPES, FLOW_SIDE_RULES, sideProblemsAt } from './flow-model';
import { joined } from './util';

/**
 * Ingress side of every declared flow, on its destination: a security group of the destination
 * admits the port from the source (its group, or a CIDR over its subnets; 0.0.0.0/0 for the internet).
 */
export const FlowDestinationIngress = defineRule({
  id: FLOW_SIDE_RULES.ingress,
  name: 'FlowDestinationIngress',
  level: 'error',
  description: 'The destination of every declared flow admits it: an ingress rule of its security group admits the port from the source.',
  control: '§164.312(e)(1)',
  anchors: { cdkNag: '-', checkov: '-' },
  resourceTypes: FLOW_ENDPOINT_TYPES,
  check(r, context) {
    const problems = sideProblemsAt(r.address, 'ingress', context);
    if (problems === undefined) return NOT_APPLICABLE;
    return problems.length === 0 ? COMPLIANT : nonCompliant(...joined(problems));
  },
});
