import { COMPLIANT, defineRule, NOT_APPLICABLE, nonCompliant } from '../../rule';
import { dataTierGroups, undeclaredIngress } from './flow-model';
import { joined } from './util';

/**
 * The reverse of the flow rules: a security group of the declared data tier admits only the
 * declared sources, each on its declared protocol and port. Any other ingress (a CIDR such as
 * 0.0.0.0/0, another group, a prefix list, self, all ports) is a finding.
 */
export const DataTierNoUndeclaredIngress = defineRule({
  id: 'PHI-NET-6',
  name: 'DataTierNoUndeclaredIngress',
  level: 'error',
  description:
    'Security groups of the declared data tier (database, cache) admit only the sources of declared flows, on their ports: no CIDR, other group or port range reaches PHI stores.',
  control: '§164.312(a)(1)',
  anchors: { cdkNag: 'EC2RestrictedCommonPorts', checkov: '-' },
  resourceTypes: ['aws_security_group'],
  check(r, context) {
    if (context.dataTier.length === 0 || !dataTierGroups(context).has(r.address)) return NOT_APPLICABLE;
    const problems = undeclaredIngress(r.address, context);
    return problems.length === 0 ? COMPLIANT : nonCompliant(...joined(problems));
  },
});
