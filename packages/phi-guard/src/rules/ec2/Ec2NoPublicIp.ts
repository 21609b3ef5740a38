import { defineRule, fromProblems } from '../../rule';
import { blocks, describeUnknown, isTrue, isUnknown } from '../../synthesized';

function publicIpProblem(v: unknown, what: string): string | undefined {
  if (isUnknown(v)) return `${what} is ${describeUnknown(v)}`;
  return isTrue(v) ? `${what} is true` : undefined;
}

export const Ec2NoPublicIp = defineRule({
  id: 'PHI-EC2-3',
  name: 'Ec2NoPublicIp',
  level: 'error',
  description: 'Instances get no public IP address; they are reached through the load balancer only.',
  control: '§164.312(e)(1)',
  anchors: { cdkNag: 'EC2InstanceNoPublicIp', checkov: 'CKV_AWS_88' },
  resourceTypes: ['aws_launch_template', 'aws_instance', 'aws_launch_configuration'],
  check(r) {
    const problems: string[] = [];
    const own = publicIpProblem(r.config.associate_public_ip_address, 'associate_public_ip_address');
    if (own) problems.push(own);
    for (const ni of blocks(r.config.network_interfaces)) {
      const p = publicIpProblem(ni.associate_public_ip_address, `associate_public_ip_address of network interface ${String(ni.device_index ?? 0)}`);
      if (p) problems.push(p);
    }
    return fromProblems(problems, 'set associate_public_ip_address = false and place instances in private subnets');
  },
});
