import { defineRule, fromProblems, NOT_APPLICABLE } from '../../rule';
import { blocks, isUnknown, numberOf, stringList } from '../../synthesized';

const ADMIN_PORTS = [22, 3389];
const ANYWHERE = ['0.0.0.0/0', '::/0'];

interface Ingress {
  readonly from: unknown;
  readonly to: unknown;
  readonly protocol: unknown;
  readonly cidrs: string[];
}

/** The admin port a rule opens to the internet, `'unknown'` when its protocol or ports are only known at apply, or undefined. */
function opensAdminPort(rule: Ingress): number | 'unknown' | undefined {
  if (!rule.cidrs.some((c) => ANYWHERE.includes(c))) return undefined;
  if (isUnknown(rule.protocol)) return 'unknown';
  const protocol = String(rule.protocol ?? 'tcp').toLowerCase();
  if (!['-1', 'all', 'tcp', '6'].includes(protocol)) return undefined;
  const allPorts = protocol === '-1' || protocol === 'all';
  const from = numberOf(rule.from);
  const to = numberOf(rule.to);
  if (!allPorts && (from === 'expression' || to === 'expression')) return 'unknown';
  return ADMIN_PORTS.find((p) => allPorts || (typeof from === 'number' && typeof to === 'number' && from <= p && p <= to) || (from === 0 && to === 0));
}

export const Ec2RestrictedAdminPorts = defineRule({
  id: 'PHI-EC2-4',
  name: 'Ec2RestrictedAdminPorts',
  level: 'error',
  description: 'No security group admits SSH (22) or RDP (3389) from the internet; administration goes through SSM Session Manager.',
  control: '§164.312(a)(1)',
  anchors: { cdkNag: 'EC2RestrictedSSH', checkov: 'CKV_AWS_24' },
  resourceTypes: ['aws_security_group', 'aws_security_group_rule', 'aws_vpc_security_group_ingress_rule'],
  check(r) {
    const c = r.config;
    let rules: Ingress[];
    if (r.type === 'aws_security_group') {
      rules = blocks(c.ingress).map((i) => ({ from: i.from_port, to: i.to_port, protocol: i.protocol, cidrs: [...stringList(i.cidr_blocks), ...stringList(i.ipv6_cidr_blocks)] }));
    } else if (r.type === 'aws_security_group_rule') {
      if (c.type !== 'ingress') return NOT_APPLICABLE;
      rules = [{ from: c.from_port, to: c.to_port, protocol: c.protocol, cidrs: [...stringList(c.cidr_blocks), ...stringList(c.ipv6_cidr_blocks)] }];
    } else {
      rules = [{ from: c.from_port, to: c.to_port, protocol: c.ip_protocol, cidrs: [...stringList(c.cidr_ipv4), ...stringList(c.cidr_ipv6)] }];
    }
    const problems = rules
      .map(opensAdminPort)
      .filter((p): p is number | 'unknown' => p !== undefined)
      .map((p) => (p === 'unknown' ? 'an ingress from the internet has ports or a protocol unknown until apply, which may include 22 or 3389' : `port ${p} is open to the internet`));
    return fromProblems(problems, 'remove the 0.0.0.0/0 (and ::/0) ingress on 22/3389 and use SSM Session Manager');
  },
});
