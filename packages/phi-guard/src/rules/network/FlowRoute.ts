import { COMPLIANT, defineRule, NOT_APPLICABLE, nonCompliant } from '../../rule';
import { FLOW_ENDPOINT_TYPES, FLOW_SIDE_RULES, sideProblemsAt } from './flow-model';
import { joined } from './util';

/**
 * Route side of every declared flow, on its source (on the destination for flows from the
 * internet): the route tables of the source subnets carry the traffic. Inside one VPC the local
 * route does; a gateway endpoint needs every source route table in its route_table_ids; internet
 * clients need a 0.0.0.0/0 route to an internet gateway on the destination subnets.
 */
export const FlowRoute = defineRule({
  id: FLOW_SIDE_RULES.route,
  name: 'FlowRoute',
  level: 'error',
  description:
    'Every declared flow has a route: the source subnets route to the destination (local, gateway endpoint route_table_ids, or an internet gateway for internet clients).',
  control: '§164.312(e)(1)',
  anchors: { cdkNag: '-', checkov: '-' },
  resourceTypes: FLOW_ENDPOINT_TYPES,
  check(r, context) {
    const problems = sideProblemsAt(r.address, 'route', context);
    if (problems === undefined) return NOT_APPLICABLE;
    return problems.length === 0 ? COMPLIANT : nonCompliant(...joined(problems));
  },
});
