import { COMPLIANT, defineRule, NOT_APPLICABLE, nonCompliant } from '../../rule';
import { FLOW_ENDPOINT_TYPES, FLOW_SIDE_RULES, sideProblemsAt } from './flow-model';
import { joined } from './util';

/**
 * NACL side of every declared flow, on its source (on the destination for flows from the
 * internet): the NACLs of both ends pass the request and, being stateless, the reply on the
 * ephemeral ports. A subnet without a custom NACL uses the VPC's default NACL (allow all unless
 * aws_default_network_acl or aws_network_acl_rule manage it).
 */
export const FlowNacl = defineRule({
  id: FLOW_SIDE_RULES.nacl,
  name: 'FlowNacl',
  level: 'error',
  description: 'The network ACLs of both ends of every declared flow pass the request and the reply (1024-65535), first matching rule first.',
  control: '§164.312(e)(1)',
  anchors: { cdkNag: '-', checkov: '-' },
  resourceTypes: FLOW_ENDPOINT_TYPES,
  check(r, context) {
    const problems = sideProblemsAt(r.address, 'nacl', context);
    if (problems === undefined) return NOT_APPLICABLE;
    return problems.length === 0 ? COMPLIANT : nonCompliant(...joined(problems));
  },
});
