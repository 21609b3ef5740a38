import { App, Testing, TerraformStack } from 'cdktf';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { AWS_OWNED_READ_BUCKETS, VpcAzs, VpcAzsProps } from '../src';
import { VpcAzsExample } from '../examples/three-az-vpc';

// Synthesized Terraform JSON is untyped; tests index into it freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

function resources(json: Json, type: string): Json[] {
  return Object.values(json.resource?.[type] ?? {}) as Json[];
}

function byTier(json: Json, type: string, tier: string): Json[] {
  return resources(json, type).filter((r) => r.tags?.['phi-stack:tier'] === tier);
}

/** The Terraform address of the single resource of `type` whose key starts with `prefix`. */
function ref(json: Json, type: string, prefix: string, attr: string): string {
  const keys = Object.keys(json.resource[type]).filter((k) => k.startsWith(prefix));
  expect(keys).toHaveLength(1);
  return `\${${type}.${keys[0]}.${attr}}`;
}

/** Asserts that at least one resource of `type` has all of `props` (snake_case, as synthesized). */
function expectResource(json: Json, type: string, props: Json): void {
  expect(resources(json, type)).toContainEqual(expect.objectContaining(props));
}

function synthVpc(props: Partial<VpcAzsProps> = {}): Json {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  new VpcAzs(stack, 'vpc', { name: 'web', cidrBlock: '10.0.0.0/16', availabilityZones: ['eu-west-1a', 'eu-west-1b'], ...props });
  return JSON.parse(Testing.synth(stack));
}

function build(props: Partial<VpcAzsProps>): () => VpcAzs {
  return () => {
    const stack = new TerraformStack(new App(), 'test');
    return new VpcAzs(stack, 'vpc', { name: 'web', cidrBlock: '10.0.0.0/16', ...props });
  };
}

describe('VpcAzs example (three AZs, per-AZ NAT, every interface endpoint)', () => {
  const app = Testing.app();
  const stack = new VpcAzsExample(app, 'vpc-azs-example');
  const json: Json = JSON.parse(Testing.synth(stack));

  it('creates three subnets, route tables and associations per tier, one per AZ', () => {
    for (const tier of ['public', 'private', 'data']) {
      const subnets = byTier(json, 'aws_subnet', tier);
      expect(subnets.map((s) => s.availability_zone)).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c']);
      expect(byTier(json, 'aws_route_table', tier)).toHaveLength(3);
    }
    expect(resources(json, 'aws_subnet')).toHaveLength(9);
    expect(resources(json, 'aws_route_table_association')).toHaveLength(9);
  });

  it('carves subnet CIDRs from the VPC block, one quarter per tier and a /21 per AZ', () => {
    expect(stack.vpc.publicSubnetCidrs).toEqual(['10.40.0.0/21', '10.40.8.0/21', '10.40.16.0/21']);
    expect(stack.vpc.privateSubnetCidrs).toEqual(['10.40.64.0/21', '10.40.72.0/21', '10.40.80.0/21']);
    expect(stack.vpc.dataSubnetCidrs).toEqual(['10.40.128.0/21', '10.40.136.0/21', '10.40.144.0/21']);
    expect(byTier(json, 'aws_subnet', 'data').map((s) => s.cidr_block)).toEqual(stack.vpc.dataSubnetCidrs);
  });

  it('never maps public IPs on launch and enables DNS on the VPC', () => {
    for (const subnet of resources(json, 'aws_subnet')) expect(subnet.map_public_ip_on_launch).toBe(false);
    expectResource(json, 'aws_vpc', {
      cidr_block: '10.40.0.0/16',
      enable_dns_support: true,
      enable_dns_hostnames: true,
    });
  });

  it('routes public to the IGW, each private table to the NAT of its own AZ, and data nowhere', () => {
    const routes = resources(json, 'aws_route');
    expect(routes).toHaveLength(6);
    const igw = ref(json, 'aws_internet_gateway', 'vpc_igw', 'id');
    const publicRoutes = routes.filter((r) => r.gateway_id);
    expect(publicRoutes.map((r) => r.gateway_id)).toEqual([igw, igw, igw]);
    for (let i = 0; i < 3; i++) {
      const route = routes.find((r) => r.route_table_id === ref(json, 'aws_route_table', `vpc_private-rt-${i}`, 'id'));
      expect(route?.nat_gateway_id).toBe(ref(json, 'aws_nat_gateway', `vpc_nat-${i}`, 'id'));
      expect(route?.destination_cidr_block).toBe('0.0.0.0/0');
      const nat = json.resource.aws_nat_gateway[Object.keys(json.resource.aws_nat_gateway).find((k) => k.startsWith(`vpc_nat-${i}`))!];
      expect(nat.subnet_id).toBe(ref(json, 'aws_subnet', `vpc_public-subnet-${i}`, 'id'));
      expect(nat.allocation_id).toBe(ref(json, 'aws_eip', `vpc_nat-eip-${i}`, 'allocation_id'));
    }
    for (const rt of byTier(json, 'aws_route_table', 'data')) expect(rt.route).toBeUndefined();
    const dataTableIds = Object.keys(json.resource.aws_route_table).filter((k) => k.startsWith('vpc_data-rt'));
    for (const key of dataTableIds) {
      expect(routes.some((r) => r.route_table_id === `\${aws_route_table.${key}.id}`)).toBe(false);
    }
    expect(resources(json, 'aws_eip')).toHaveLength(3);
    expect(resources(json, 'aws_nat_gateway')).toHaveLength(3);
  });

  it('leaves the default security group without rules', () => {
    const sgs = resources(json, 'aws_default_security_group');
    expect(sgs).toHaveLength(1);
    expect(sgs[0].ingress).toEqual([]);
    expect(sgs[0].egress).toEqual([]);
    expect(sgs[0].vpc_id).toBe(ref(json, 'aws_vpc', 'vpc_', 'id'));
  });

  it('sends flow logs of ALL traffic to a KMS-encrypted log group kept 365 days', () => {
    const group = ref(json, 'aws_cloudwatch_log_group', 'vpc_flow-log-group', 'arn');
    expectResource(json, 'aws_flow_log', {
      traffic_type: 'ALL',
      log_destination_type: 'cloud-watch-logs',
      log_destination: group,
      iam_role_arn: ref(json, 'aws_iam_role', 'vpc_flow-log-role', 'arn'),
      vpc_id: ref(json, 'aws_vpc', 'vpc_', 'id'),
    });
    expectResource(json, 'aws_cloudwatch_log_group', {
      name: '/phi-stack/phi-example/vpc-flow-logs',
      retention_in_days: 365,
      kms_key_id: ref(json, 'aws_kms_key', 'vpc_kms-key', 'arn'),
    });
    expectResource(json, 'aws_kms_key', { enable_key_rotation: true });
  });

  it('scopes the KMS key policy to the account root and CloudWatch Logs for this log group', () => {
    const doc = Object.entries(json.data.aws_iam_policy_document).find(([k]) => k.startsWith('vpc_kms-key_key-policy'))![1] as Json;
    const principals = doc.statement.flatMap((s: Json) => s.principals.flatMap((p: Json) => p.identifiers));
    expect(principals).not.toContain('*');
    expect(principals).toContain(`logs.\${data.aws_region.${Object.keys(json.data.aws_region)[0]}.name}.amazonaws.com`);
    const logs = doc.statement.find((s: Json) => s.sid === 'CloudWatchLogsUsesKeyForThisLogGroup');
    expect(logs.condition[0].variable).toBe('kms:EncryptionContext:aws:logs:arn');
    expect(logs.condition[0].values[0]).toContain(':log-group:/phi-stack/phi-example/vpc-flow-logs');
  });

  it('creates an S3 gateway endpoint on the private and data route tables and six interface endpoints', () => {
    const endpoints = resources(json, 'aws_vpc_endpoint');
    const gateway = endpoints.filter((e) => e.vpc_endpoint_type === 'Gateway');
    expect(gateway).toHaveLength(1);
    expect(gateway[0].service_name).toMatch(/^com\.amazonaws\.\$\{data\.aws_region\.[^}]+\.name\}\.s3$/);
    expect(gateway[0].route_table_ids).toHaveLength(6);
    expect(gateway[0].route_table_ids).toContain(ref(json, 'aws_route_table', 'vpc_data-rt-2', 'id'));
    expect(gateway[0].route_table_ids).not.toContain(ref(json, 'aws_route_table', 'vpc_public-rt-0', 'id'));
    const iface = endpoints.filter((e) => e.vpc_endpoint_type === 'Interface');
    expect(iface.map((e) => e.service_name.split('.').pop()).sort()).toEqual(['ec2messages', 'kms', 'logs', 'secretsmanager', 'ssm', 'ssmmessages']);
    const sg = ref(json, 'aws_security_group', 'vpc_endpoint-sg', 'id');
    for (const e of iface) {
      expect(e.private_dns_enabled).toBe(true);
      expect(e.security_group_ids).toEqual([sg]);
      expect(e.subnet_ids).toEqual([0, 1, 2].map((i) => ref(json, 'aws_subnet', `vpc_private-subnet-${i}`, 'id')));
    }
    expectResource(json, 'aws_vpc_security_group_ingress_rule', {
      security_group_id: sg,
      from_port: 443,
      to_port: 443,
      ip_protocol: 'tcp',
      cidr_ipv4: ref(json, 'aws_vpc', 'vpc_', 'cidr_block'),
    });
  });

  it('declares every output the lead wires into the regional app', () => {
    expect(Object.keys(json.output)).toEqual(
      expect.arrayContaining(['vpcId', 'publicSubnetIds', 'privateSubnetIds', 'dataSubnetIds', 'availabilityZones', 'privateRouteTableIds', 'flowLogGroupName']),
    );
    expect(json.output.availabilityZones.value).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c']);
  });
});

describe('VpcAzs S3 gateway endpoint policy', () => {
  const json = synthVpc();
  const policyKey = Object.keys(json.data.aws_iam_policy_document).find((k) => k.startsWith('vpc_s3-endpoint-policy'))!;
  const doc = json.data.aws_iam_policy_document[policyKey];
  const statement = (sid: string): Json => doc.statement.find((s: Json) => s.sid === sid);

  it('attaches the policy document to the gateway endpoint', () => {
    const [endpoint] = resources(json, 'aws_vpc_endpoint');
    expect(endpoint.vpc_endpoint_type).toBe('Gateway');
    expect(endpoint.policy).toBe(`\${data.aws_iam_policy_document.${policyKey}.json}`);
  });

  it("admits only this account's buckets, keyed on aws:ResourceAccount from the caller identity", () => {
    expect(statement('BucketsOfThisAccount')).toEqual({
      sid: 'BucketsOfThisAccount',
      effect: 'Allow',
      principals: [{ type: 'AWS', identifiers: ['*'] }],
      actions: ['s3:*'],
      resources: ['*'],
      condition: [{ test: 'StringEquals', variable: 'aws:ResourceAccount', values: [expect.stringMatching(/^\$\{data\.aws_caller_identity\.phi-stack-environment_account_[0-9A-F]+\.account_id\}$/)] }],
    });
  });

  it('lets instances read the Amazon Linux 2023 repositories and the SSM Agent buckets of the region, by exact name', () => {
    const aws = statement('AwsOwnedBucketsReadOnly');
    expect(aws.actions).toEqual(['s3:GetObject']);
    const names = aws.resources.map((r: string) => r.replace(/^arn:\$\{data\.aws_partition\.[^}]+\}:s3:::/, '').replace(/\$\{data\.aws_region\.[^}]+\}/g, '<region>'));
    expect(names).toEqual(AWS_OWNED_READ_BUCKETS.map((b) => `${b}/*`));
    expect(names).toContain('al2023-repos-<region>-de612dc2/*');
    expect(names.filter((n: string) => n.includes('*') && !n.endsWith('/*'))).toEqual([]);
    expect(doc.statement.map((s: Json) => s.sid)).toEqual(['BucketsOfThisAccount', 'AwsOwnedBucketsReadOnly']);
  });

  it('adds further buckets, with their objects, from s3EndpointAllowedBucketArns', () => {
    const extra = synthVpc({ s3EndpointAllowedBucketArns: ['arn:aws:s3:::partner-exchange', 'arn:aws:s3:::vendor-drop-*'] });
    const key = Object.keys(extra.data.aws_iam_policy_document).find((k) => k.startsWith('vpc_s3-endpoint-policy'))!;
    expect(extra.data.aws_iam_policy_document[key].statement[2]).toEqual({
      sid: 'AllowedBuckets',
      effect: 'Allow',
      principals: [{ type: 'AWS', identifiers: ['*'] }],
      actions: ['s3:*'],
      resources: ['arn:aws:s3:::partner-exchange', 'arn:aws:s3:::partner-exchange/*', 'arn:aws:s3:::vendor-drop-*', 'arn:aws:s3:::vendor-drop-*/*'],
    });
  });

  it('rejects an allowed bucket that is not a bucket ARN, or every bucket', () => {
    for (const bad of ['arn:aws:s3:::*', 'partner-exchange', 'arn:aws:s3:::partner-exchange/*', 'arn:aws:s3:us-east-1::Bucket']) {
      expect(build({ s3EndpointAllowedBucketArns: [bad] })).toThrow(`test/vpc: s3EndpointAllowedBucketArns must hold bucket ARNs like arn:aws:s3:::partner-bucket (got '${bad}')`);
    }
  });
});

describe('VpcAzs options', () => {
  it('runs one NAT gateway in single mode, routes every AZ through it and tags the reason', () => {
    const json = synthVpc({ natGateways: 'single', singleNatGatewayReason: 'staging: cost over AZ resilience' });
    const nats = resources(json, 'aws_nat_gateway');
    expect(nats).toHaveLength(1);
    expect(nats[0].tags['phi-stack:opt-out:nat-per-az']).toBe('staging: cost over AZ resilience');
    const nat = ref(json, 'aws_nat_gateway', 'vpc_nat-0', 'id');
    const natRoutes = resources(json, 'aws_route').filter((r) => r.nat_gateway_id);
    expect(natRoutes.map((r) => r.nat_gateway_id)).toEqual([nat, nat]);
  });

  it('uses the availability-zones data source with Fn.element when no names are given', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'test');
    const vpc = new VpcAzs(stack, 'vpc', { name: 'web', cidrBlock: '10.0.0.0/20', azCount: 4 });
    const json = JSON.parse(Testing.synth(stack));
    const azs = Object.keys(json.data.aws_availability_zones);
    expect(azs).toHaveLength(1);
    expect(json.data.aws_availability_zones[azs[0]].state).toBe('available');
    const subnets = byTier(json, 'aws_subnet', 'private');
    expect(subnets.map((s) => s.availability_zone)).toEqual([0, 1, 2, 3].map((i) => `\${element(data.aws_availability_zones.${azs[0]}.names, ${i})}`));
    expect(vpc.privateSubnetCidrs).toEqual(['10.0.4.0/25', '10.0.4.128/25', '10.0.5.0/25', '10.0.5.128/25']);
    expect(resources(json, 'aws_subnet')).toHaveLength(12);
  });

  it('accepts explicit subnet CIDRs, a shorter retention with a reason and an existing key', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'test');
    const key = new KmsKey(stack, 'shared-key', { enableKeyRotation: true });
    new VpcAzs(stack, 'vpc', {
      name: 'web',
      cidrBlock: '10.0.0.0/24',
      availabilityZones: ['eu-west-1a', 'eu-west-1b'],
      publicSubnetCidrs: ['10.0.0.0/28', '10.0.0.16/28'],
      privateSubnetCidrs: ['10.0.0.64/26', '10.0.0.128/26'],
      dataSubnetCidrs: ['10.0.0.32/28', '10.0.0.48/28'],
      flowLogRetentionDays: 90,
      flowLogRetentionReason: 'sandbox account without PHI',
      kmsKey: key,
    });
    const json = JSON.parse(Testing.synth(stack));
    expect(byTier(json, 'aws_subnet', 'private').map((s) => s.cidr_block)).toEqual(['10.0.0.64/26', '10.0.0.128/26']);
    expect(resources(json, 'aws_kms_key')).toHaveLength(1);
    expectResource(json, 'aws_cloudwatch_log_group', {
      retention_in_days: 90,
      kms_key_id: ref(json, 'aws_kms_key', 'shared-key', 'arn'),
      tags: expect.objectContaining({ 'phi-stack:opt-out:flow-log-retention': 'sandbox account without PHI' }),
    });
    expect(resources(json, 'aws_vpc_endpoint')).toHaveLength(1);
    expect(resources(json, 'aws_security_group')).toHaveLength(0);
  });
});

describe('VpcAzs bad input', () => {
  it('names every bad prop in one error, each problem once', () => {
    // A malformed zone is not also reported as a second region, nor a retention CloudWatch refuses
    // as one that needs a reason; the subnets are still checked against the VPC block.
    expect(build({ name: 'Web_Tier', availabilityZones: ['us-east-1a', 'us-east-1'], flowLogRetentionDays: 100, dataSubnetCidrs: ['10.1.0.0/24', '10.0.200.0/24'] })).toThrow(
      new Error(
        [
          'test/vpc: 4 problems:',
          "name must be 2-24 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen (got 'Web_Tier'): it prefixes every resource name",
          "availabilityZones must hold AZ names like us-east-1a (got 'us-east-1')",
          'flowLogRetentionDays must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (got 100): CloudWatch Logs accepts only these values',
          "dataSubnetCidrs[0] '10.1.0.0/24' is outside cidrBlock '10.0.0.0/16': every subnet must lie inside the VPC block",
        ].join('\n  - '),
      ),
    );
  });

  it('rejects an azCount outside 2-6', () => {
    expect(build({ azCount: 7 })).toThrow('test/vpc: azCount must be an integer between 2 and 6 (got 7): two AZs is the minimum for high availability');
    expect(build({ azCount: 1 })).toThrow('azCount must be an integer between 2 and 6 (got 1)');
  });

  it('rejects availabilityZones that disagree with azCount or repeat', () => {
    expect(build({ azCount: 3, availabilityZones: ['us-east-1a', 'us-east-1b'] })).toThrow(
      'test/vpc: availabilityZones has 2 names but azCount is 3: pass one of the two, or make them agree',
    );
    expect(build({ availabilityZones: ['us-east-1a', 'us-east-1a'] })).toThrow("test/vpc: availabilityZones lists 'us-east-1a' twice");
    expect(build({ availabilityZones: ['us-east-1', 'us-east-1b'] })).toThrow("test/vpc: availabilityZones must hold AZ names like us-east-1a (got 'us-east-1')");
  });

  it('rejects Availability Zones of two regions', () => {
    expect(build({ availabilityZones: ['us-east-1a', 'us-west-2b'] })).toThrow(
      'test/vpc: availabilityZones must all be in one region (got [us-east-1a, us-west-2b], zones of us-east-1 and us-west-2): a VPC and its subnets live in a single region',
    );
  });

  it('names availabilityZones, not azCount, when the list holds one zone', () => {
    const oneAz = build({ availabilityZones: ['us-east-1a'] });
    expect(oneAz).toThrow('test/vpc: availabilityZones must list between 2 and 6 Availability Zones (got 1: [us-east-1a])');
    expect(oneAz).not.toThrow(/azCount/);
  });

  it('rejects a CIDR block that is malformed or too small for the default layout', () => {
    expect(build({ cidrBlock: '10.0.0.1/16' })).toThrow("test/vpc: cidrBlock must be an IPv4 CIDR block with no host bits set, like 10.0.0.0/16 (got '10.0.0.1/16')");
    expect(build({ cidrBlock: '10.0.0.0/24' })).toThrow(
      "test/vpc: cidrBlock '10.0.0.0/24' is too small for the default layout (4 tier blocks of 8 AZ slots would make /29 subnets, and AWS requires /28 or larger): use a /23 or larger block, or pass publicSubnetCidrs, privateSubnetCidrs and dataSubnetCidrs",
    );
    expect(build({ cidrBlock: '10.0.0.0/8' })).toThrow("test/vpc: cidrBlock must be between /16 and /28 (got '10.0.0.0/8')");
  });

  it('rejects overlapping or out-of-range explicit subnets', () => {
    expect(build({ availabilityZones: ['us-east-1a', 'us-east-1b'], publicSubnetCidrs: ['10.0.64.0/24', '10.0.1.0/24'] })).toThrow(
      "test/vpc: subnet ranges overlap: publicSubnetCidrs[0] '10.0.64.0/24' and default private subnet 0 '10.0.64.0/21': give every tier and AZ a disjoint block",
    );
    expect(build({ availabilityZones: ['us-east-1a', 'us-east-1b'], dataSubnetCidrs: ['10.1.0.0/24', '10.0.200.0/24'] })).toThrow(
      "test/vpc: dataSubnetCidrs[0] '10.1.0.0/24' is outside cidrBlock '10.0.0.0/16': every subnet must lie inside the VPC block",
    );
    expect(build({ availabilityZones: ['us-east-1a', 'us-east-1b'], dataSubnetCidrs: ['10.0.200.0/24'] })).toThrow(
      'test/vpc: dataSubnetCidrs must have one CIDR per AZ (got 1 for 2 AZs)',
    );
  });

  it('requires a reason for a single NAT gateway and for short flow-log retention', () => {
    expect(build({ natGateways: 'single' })).toThrow(
      "test/vpc: singleNatGatewayReason is required when natGateways is 'single' (one NAT gateway cuts private-subnet egress in every AZ when its AZ fails) (got none): state why, it is recorded in the tag phi-stack:opt-out:nat-per-az",
    );
    expect(build({ flowLogRetentionDays: 30 })).toThrow(
      'test/vpc: flowLogRetentionReason is required when flowLogRetentionDays is 30, below 365 (network logs of PHI systems are kept at least a year by default) (got none): state why, it is recorded in the tag phi-stack:opt-out:flow-log-retention',
    );
    expect(build({ flowLogRetentionDays: 100 })).toThrow('test/vpc: flowLogRetentionDays must be one of 1, 3, 5');
  });

  it('rejects a bad name and unknown interface endpoints', () => {
    expect(build({ name: 'Web_Tier' })).toThrow("test/vpc: name must be 2-24 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen (got 'Web_Tier')");
    expect(build({ interfaceEndpoints: ['ssm', 'sqs' as never] })).toThrow(
      "test/vpc: interfaceEndpoints must contain only ssm, ssmmessages, ec2messages, kms, logs, secretsmanager (got 'sqs')",
    );
  });
});
