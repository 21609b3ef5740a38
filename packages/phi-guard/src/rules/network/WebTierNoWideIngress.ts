import { COMPLIANT, defineRule, NOT_APPLICABLE, nonCompliant } from '../../rule';
import { INGRESS_RULE_TYPES, wideIngress } from './flow-model';
import { joined } from './util';

/**
 * Network exposure of the web tier: addresses from beyond the VPC reach only the listener ports of a
 * load balancer, through a security group that only load balancers attach. Instances (launch
 * templates, launch configurations, `aws_instance`) admit nothing from outside the VPC.
 */
export const WebTierNoWideIngress = defineRule({
  id: 'PHI-NET-8',
  name: 'WebTierNoWideIngress',
  level: 'error',
  description:
    "Web-tier security groups admit addresses from beyond the VPC only on the listener ports of the load balancer they belong to; instances admit none.",
  control: '§164.312(e)(1)',
  anchors: { cdkNag: 'EC2RestrictedInbound', checkov: '-' },
  resourceTypes: INGRESS_RULE_TYPES,
  check(r, context) {
    const problems = wideIngress(r.address, 'web', context);
    if (problems === undefined) return NOT_APPLICABLE;
    return problems.length === 0 ? COMPLIANT : nonCompliant(...joined(problems));
  },
});
