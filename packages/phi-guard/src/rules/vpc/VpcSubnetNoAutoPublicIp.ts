import { COMPLIANT, defineRule, nonCompliant } from '../../rule';
import { describeUnknown, isTrue, isUnknown } from '../../synthesized';

export const VpcSubnetNoAutoPublicIp = defineRule({
  id: 'PHI-VPC-2',
  name: 'VpcSubnetNoAutoPublicIp',
  level: 'warning',
  description: 'Subnets do not assign public IPs on launch, so that no instance becomes reachable from the internet by placement alone.',
  control: '§164.312(e)(1)',
  anchors: { cdkNag: 'VPCSubnetAutoAssignPublicIpDisabled', checkov: 'CKV_AWS_130' },
  resourceTypes: ['aws_subnet'],
  check(subnet) {
    const v = subnet.config.map_public_ip_on_launch;
    const fix = 'set map_public_ip_on_launch = false; load balancers and NAT gateways do not need it';
    if (isUnknown(v)) return nonCompliant(`map_public_ip_on_launch is ${describeUnknown(v)}`, fix);
    return isTrue(v) ? nonCompliant('map_public_ip_on_launch is true', fix) : COMPLIANT;
  },
});
