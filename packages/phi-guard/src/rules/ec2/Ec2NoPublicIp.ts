import { defineRule, fromProblems } from '../../rule';
import { blocks } from '../../synthesized';

const isTrueLiteral = (v: unknown): boolean => v === true || v === 'true';

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
    if (isTrueLiteral(r.config.associate_public_ip_address)) problems.push('associate_public_ip_address is true');
    for (const ni of blocks(r.config.network_interfaces)) {
      if (isTrueLiteral(ni.associate_public_ip_address)) problems.push(`network interface ${String(ni.device_index ?? 0)} associates a public IP`);
    }
    return fromProblems(problems, 'set associate_public_ip_address = false and place instances in private subnets');
  },
});
