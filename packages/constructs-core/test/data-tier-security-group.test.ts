import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { Connections, createDataTierSecurityGroup, DataTierSecurityGroupProps } from '../src';

// Synthesized Terraform JSON is untyped; tests index into it freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const PROPS: DataTierSecurityGroupProps = {
  name: 'sessions-redis',
  description: 'phi-stack sessions: Redis from the allowed security groups only',
  vpcId: 'vpc-0123',
  port: 6380,
  allowedSecurityGroupIds: ['sg-0aaaaaaaaaaaaaaaa', 'sg-0bbbbbbbbbbbbbbbb'],
  ingressDescription: 'Redis over TLS from an allowed security group',
  connectionsName: 'redis',
  tags: { Project: 'phi' },
  unreachableMessage: 'no security group may connect to the cache: call cache.allowFrom(web)',
};

function build(over: Partial<DataTierSecurityGroupProps> = {}) {
  const stack = new TerraformStack(Testing.app(), 'phi-test');
  new AwsProvider(stack, 'aws', { region: 'us-east-1' }); // the synth-time validations need one
  const scope = new Construct(stack, 'cache');
  return { stack, scope, group: createDataTierSecurityGroup(scope, { ...PROPS, ...over }) };
}

/** A peer with its own security group, as an AlbAsg is one. */
function peer(stack: TerraformStack) {
  const scope = new Construct(stack, 'web');
  const sg = new SecurityGroup(scope, 'security-group', { name: 'web', vpcId: 'vpc-0123' });
  return { connections: new Connections({ scope, securityGroupId: sg.id, name: 'app' }) };
}

describe('createDataTierSecurityGroup', () => {
  it('makes the named group and one ingress-<n> rule per allowed group on the port only, with the tags', () => {
    const { stack, group } = build();
    const json = JSON.parse(Testing.synth(stack)) as Json;
    const groups = Object.entries<Json>(json.resource.aws_security_group);
    expect(groups.map(([k]) => k)).toEqual([expect.stringMatching(/^cache_security-group_[0-9A-F]{8}$/)]);
    expect(groups[0][1]).toEqual({
      name: 'sessions-redis',
      description: 'phi-stack sessions: Redis from the allowed security groups only',
      vpc_id: 'vpc-0123',
      tags: { Project: 'phi', Name: 'sessions-redis' },
    });
    const rules = Object.entries<Json>(json.resource.aws_vpc_security_group_ingress_rule);
    expect(rules.map(([k]) => k.replace(/_[0-9A-F]{8}$/, ''))).toEqual(['cache_ingress-0', 'cache_ingress-1']);
    expect(rules.map(([, r]) => r)).toEqual(
      ['sg-0aaaaaaaaaaaaaaaa', 'sg-0bbbbbbbbbbbbbbbb'].map((id) => ({
        security_group_id: `\${aws_security_group.${groups[0][0]}.id}`,
        referenced_security_group_id: id,
        ip_protocol: 'tcp',
        from_port: 6380,
        to_port: 6380,
        description: 'Redis over TLS from an allowed security group',
        tags: { Project: 'phi' },
      })),
    );
    expect(json.resource.aws_vpc_security_group_egress_rule).toBeUndefined();
    expect(group.connections.ingressRuleCount).toBe(2);
  });

  it('is a peer on the engine port: allowFrom numbers its rule after the allowed groups and opens the peer egress to <connectionsName>', () => {
    const { stack, group } = build();
    const web = peer(stack);
    group.connections.allowDefaultPortFrom(web);
    const json = JSON.parse(Testing.synth(stack)) as Json;
    const ingress = Object.entries<Json>(json.resource.aws_vpc_security_group_ingress_rule).find(([k]) => k.startsWith('cache_ingress-2_'))![1];
    expect(ingress).toMatchObject({ from_port: 6380, to_port: 6380, description: 'Redis over TLS from an allowed security group', tags: { Project: 'phi' } });
    expect(Object.keys(json.resource.aws_vpc_security_group_egress_rule)).toEqual([expect.stringMatching(/^web_egress-to-redis_[0-9A-F]{8}$/)]);
  });

  it('fails the synth with unreachableMessage while no group may connect, and passes once allowFrom is called', () => {
    const lonely = build({ allowedSecurityGroupIds: undefined });
    expect(() => Testing.synth(lonely.stack, true)).toThrow('[phi-test/cache] no security group may connect to the cache: call cache.allowFrom(web)');
    const wired = build({ allowedSecurityGroupIds: [] });
    wired.group.connections.allowDefaultPortFrom(peer(wired.stack));
    expect(() => Testing.synth(wired.stack, true)).not.toThrow();
  });
});
