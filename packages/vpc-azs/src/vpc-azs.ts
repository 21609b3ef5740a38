import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CLOUDWATCH_LOG_RETENTION_DAYS, IKmsKey, kmsKeyProblem, OPT_OUTS, optOutReasonProblem, optOutTag, stackEnvironment } from '@phi-stack/constructs-core';
import { DataAwsAvailabilityZones } from '@cdktf/provider-aws/lib/data-aws-availability-zones';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Fn, Token } from 'cdktf';
import { Construct } from 'constructs';
import { cidrContains, cidrSubnet, findOverlap, formatCidr, Ipv4Cidr, parseCidr } from './cidr';

/** How many NAT gateways the VPC runs. */
export type NatGatewayMode = 'per-az' | 'single';

/** Interface endpoints the construct knows how to create (service short names). */
export type InterfaceEndpointService = 'ssm' | 'ssmmessages' | 'ec2messages' | 'kms' | 'logs' | 'secretsmanager';

/** The interface endpoint services, in documentation order. */
export const INTERFACE_ENDPOINT_SERVICES: readonly InterfaceEndpointService[] = ['ssm', 'ssmmessages', 'ec2messages', 'kms', 'logs', 'secretsmanager'];

/**
 * AWS-owned buckets the instances read through the S3 gateway endpoint, as bucket names with
 * `<region>` for the VPC's region. Bucket names are global, so each is spelled out in full: a
 * wildcard such as `al2023-repos-*` would also match a bucket anyone can create.
 *
 * - `al2023-repos-<region>-de612dc2`: the Amazon Linux 2023 package repositories (`dnf`), which
 *   AL2023 instances fetch from S3 through the endpoint instead of the internet.
 * - `amazon-ssm-<region>`, `aws-ssm-<region>`, `amazon-ssm-packages-<region>`,
 *   `<region>-birdwatcher-prod`, `aws-ssm-document-attachments-<region>`,
 *   `aws-ssm-distributor-file-<region>`, `patch-baseline-snapshot-<region>`: the buckets SSM Agent
 *   reads for agent updates, Run Command and Distributor documents and Patch Manager baselines.
 */
export const AWS_OWNED_READ_BUCKETS: readonly string[] = [
  'al2023-repos-<region>-de612dc2',
  'amazon-ssm-<region>',
  'aws-ssm-<region>',
  'amazon-ssm-packages-<region>',
  '<region>-birdwatcher-prod',
  'aws-ssm-document-attachments-<region>',
  'aws-ssm-distributor-file-<region>',
  'patch-baseline-snapshot-<region>',
];

/** Retention values CloudWatch Logs accepts, in days (constructs-core's `CLOUDWATCH_LOG_RETENTION_DAYS`). */
export const LOG_RETENTION_DAYS: readonly number[] = CLOUDWATCH_LOG_RETENTION_DAYS;

/** Subnet tiers, in the order their address blocks are carved from the VPC CIDR. */
export const SUBNET_TIERS = ['public', 'private', 'data'] as const;
export type SubnetTier = (typeof SUBNET_TIERS)[number];

/**
 * Address slots reserved per tier: the default layout gives every tier room for 8 AZs so that
 * adding an AZ later never renumbers (and so never replaces) an existing subnet.
 */
const AZ_SLOT_BITS = 3;
/** Tier blocks: public, private, data and one spare quarter for later tiers. */
const TIER_BITS = 2;
/** AWS rejects subnets smaller than /28. */
const SMALLEST_SUBNET_PREFIX = 28;

export interface VpcAzsProps {
  /** Name used in resource names and tags: lowercase letters, digits and hyphens, 2-24 characters. */
  readonly name: string;
  /**
   * IPv4 CIDR block of the VPC, /16 to /28 (AWS's limits). The default subnet layout splits it into
   * four tier blocks (public, private, data, spare) of eight AZ slots each, which needs a /23 or
   * larger block; a smaller one needs `publicSubnetCidrs`, `privateSubnetCidrs` and `dataSubnetCidrs`.
   */
  readonly cidrBlock: string;
  /**
   * Explicit Availability Zone names, in order. Preferred: synth stays deterministic and needs no API call.
   * @default - the first `azCount` zones reported by `data.aws_availability_zones`
   */
  readonly availabilityZones?: string[];
  /**
   * Number of Availability Zones, 2-6. Must equal the length of `availabilityZones` when both are given.
   * @default 3
   */
  readonly azCount?: number;
  /**
   * `per-az` keeps egress up when an AZ fails; `single` (cost mode) runs one NAT gateway in the first AZ.
   * @default 'per-az'
   */
  readonly natGateways?: NatGatewayMode;
  /**
   * Why a single NAT gateway is acceptable. Required when `natGateways` is `single`; lands in the tag
   * `phi-stack:opt-out:nat-per-az` of the NAT gateway.
   * @default - none
   */
  readonly singleNatGatewayReason?: string;
  /**
   * Explicit public subnet CIDRs, one per AZ in AZ order, inside `cidrBlock`.
   * @default - slot i of the first quarter of `cidrBlock` (e.g. 10.0.0.0/21, 10.0.8.0/21, ... for a /16)
   */
  readonly publicSubnetCidrs?: string[];
  /**
   * Explicit private (application) subnet CIDRs, one per AZ in AZ order, inside `cidrBlock`.
   * @default - slot i of the second quarter of `cidrBlock`
   */
  readonly privateSubnetCidrs?: string[];
  /**
   * Explicit data subnet CIDRs, one per AZ in AZ order, inside `cidrBlock`.
   * @default - slot i of the third quarter of `cidrBlock`
   */
  readonly dataSubnetCidrs?: string[];
  /**
   * Retention of the flow-log group, in days: a value CloudWatch Logs accepts.
   * @default 365
   */
  readonly flowLogRetentionDays?: number;
  /**
   * Why a retention below 365 days is acceptable. Required when `flowLogRetentionDays` < 365; lands in the tag
   * `phi-stack:opt-out:flow-log-retention` of the log group.
   * @default - none
   */
  readonly flowLogRetentionReason?: string;
  /**
   * Customer-managed KMS key of the flow-log group. Its policy must let `logs.<region>.amazonaws.com` use it.
   * @default - a key created for this VPC, with rotation on
   */
  readonly kmsKey?: IKmsKey;
  /**
   * Interface endpoints to create in the private subnets (private DNS on), so that calls to these
   * services stay inside the VPC. Each costs an hourly fee per AZ.
   * @default - none (the S3 gateway endpoint is always created)
   */
  readonly interfaceEndpoints?: InterfaceEndpointService[];
  /**
   * ARNs of further buckets (`arn:aws:s3:::<bucket>`, objects included) that the VPC may reach
   * through the S3 gateway endpoint, e.g. a partner's bucket. The endpoint policy admits the
   * buckets of this account (`aws:ResourceAccount`) and, read-only, the AWS-owned buckets in
   * `AWS_OWNED_READ_BUCKETS`; everything else is refused at the endpoint.
   * @default - none
   */
  readonly s3EndpointAllowedBucketArns?: string[];
  /**
   * Tags added to every resource of the construct (on top of the provider's default tags).
   * @default - `{ Name: <resource name> }` only
   */
  readonly tags?: Record<string, string>;
}

/**
 * A VPC over 2-6 Availability Zones with three subnet tiers per AZ:
 *
 * - `public`: the ALB and the NAT gateways; default route to the internet gateway.
 * - `private`: application instances; default route to a NAT gateway.
 * - `data`: RDS and ElastiCache; no route to the internet at all.
 *
 * Flow logs of ALL traffic go to a KMS-encrypted log group, the default security group has no
 * rules, no subnet assigns public IPs on launch, and an S3 gateway endpoint (plus optional
 * interface endpoints) keeps AWS API traffic off the internet; its policy admits only this
 * account's buckets and the AWS-owned buckets the instances read.
 */
export class VpcAzs extends Construct {
  /** The VPC resource. */
  public readonly vpc: Vpc;
  /** Id of the VPC. */
  public readonly vpcId: string;
  /** IPv4 CIDR block of the VPC. */
  public readonly vpcCidrBlock: string;
  /** Availability Zone names, in subnet order (tokens when resolved by the data source). */
  public readonly availabilityZones: string[];
  /** Public subnet ids, ordered by AZ. */
  public readonly publicSubnetIds: string[];
  /** Private (application) subnet ids, ordered by AZ. */
  public readonly privateSubnetIds: string[];
  /** Data subnet ids, ordered by AZ. */
  public readonly dataSubnetIds: string[];
  /** Public subnet CIDRs, ordered by AZ. */
  public readonly publicSubnetCidrs: string[];
  /** Private subnet CIDRs, ordered by AZ. */
  public readonly privateSubnetCidrs: string[];
  /** Data subnet CIDRs, ordered by AZ. */
  public readonly dataSubnetCidrs: string[];
  /** Public route table ids, ordered by AZ. */
  public readonly publicRouteTableIds: string[];
  /** Private route table ids, ordered by AZ. */
  public readonly privateRouteTableIds: string[];
  /** Data route table ids, ordered by AZ. */
  public readonly dataRouteTableIds: string[];
  /** Id of the internet gateway. */
  public readonly internetGatewayId: string;
  /** NAT gateway ids: one per AZ, or one in `single` mode. */
  public readonly natGatewayIds: string[];
  /** Id of the S3 gateway endpoint. */
  public readonly s3GatewayEndpointId: string;
  /** The policy of the S3 gateway endpoint (JSON, resolved by Terraform). */
  public readonly s3GatewayEndpointPolicy: string;
  /** Interface endpoint ids by service short name. */
  public readonly interfaceEndpointIds: Partial<Record<InterfaceEndpointService, string>>;
  /** Security group of the interface endpoints (HTTPS from the VPC CIDR), when any endpoint exists. */
  public readonly endpointSecurityGroupId?: string;
  /** The flow-log group. */
  public readonly flowLogGroup: CloudwatchLogGroup;
  /** Name of the flow-log group. */
  public readonly flowLogGroupName: string;
  /** Id of the VPC flow log. */
  public readonly flowLogId: string;
  /** The KMS key that encrypts the flow-log group. */
  public readonly kmsKey: IKmsKey;

  constructor(scope: Construct, id: string, props: VpcAzsProps) {
    super(scope, id);
    const keyProblem = kmsKeyProblem('kmsKey', props.kmsKey);
    if (keyProblem) throw new Error(`${this.node.path}: ${keyProblem}`);
    const path = this.node.path;
    const name = props.name;
    if (!/^[a-z][a-z0-9-]{0,22}[a-z0-9]$/.test(name)) {
      throw new Error(`${path}: name must be 2-24 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen (got '${name}'): it prefixes every resource name`);
    }

    // ---- Availability Zones
    const explicitAzs = props.availabilityZones;
    // An explicit list is checked as such: its caller never set azCount, so the message names the list.
    if (explicitAzs && !Token.isUnresolved(explicitAzs) && props.azCount === undefined && (explicitAzs.length < 2 || explicitAzs.length > 6)) {
      throw new Error(
        `${path}: availabilityZones must list between 2 and 6 Availability Zones (got ${explicitAzs.length}: [${explicitAzs.join(', ')}]): two AZs is the minimum for high availability, add a second zone of the region`,
      );
    }
    const azCount = props.azCount ?? explicitAzs?.length ?? 3;
    if (!Number.isInteger(azCount) || azCount < 2 || azCount > 6) {
      throw new Error(`${path}: azCount must be an integer between 2 and 6 (got ${azCount}): two AZs is the minimum for high availability`);
    }
    if (explicitAzs) {
      if (explicitAzs.length !== azCount) {
        throw new Error(`${path}: availabilityZones has ${explicitAzs.length} names but azCount is ${azCount}: pass one of the two, or make them agree`);
      }
      const seen = new Set<string>();
      for (const az of explicitAzs) {
        if (Token.isUnresolved(az)) continue;
        if (!/^[a-z]{2}(-gov)?-[a-z]+-\d[a-z]$/.test(az)) {
          throw new Error(`${path}: availabilityZones must hold AZ names like us-east-1a (got '${az}')`);
        }
        if (seen.has(az)) throw new Error(`${path}: availabilityZones lists '${az}' twice: each subnet tier needs distinct AZs`);
        seen.add(az);
      }
      // A VPC lives in one region: every AZ name is its region's name plus one letter.
      const regions = [...new Set(explicitAzs.filter((az) => !Token.isUnresolved(az)).map((az) => az.slice(0, -1)))];
      if (regions.length > 1) {
        throw new Error(
          `${path}: availabilityZones must all be in one region (got [${explicitAzs.join(', ')}], zones of ${regions.join(' and ')}): a VPC and its subnets live in a single region, pass the zones of the stack's region only`,
        );
      }
    }

    // ---- Options
    const natMode = props.natGateways ?? 'per-az';
    if (natMode !== 'per-az' && natMode !== 'single') {
      throw new Error(`${path}: natGateways must be 'per-az' or 'single' (got '${String(natMode)}')`);
    }
    const natReason = optOutReasonProblem(
      natMode === 'single',
      'singleNatGatewayReason',
      props.singleNatGatewayReason,
      "natGateways is 'single' (one NAT gateway cuts private-subnet egress in every AZ when its AZ fails)",
      OPT_OUTS.natPerAz,
    );
    if (natReason) throw new Error(`${path}: ${natReason}`);
    const retention = props.flowLogRetentionDays ?? 365;
    if (!LOG_RETENTION_DAYS.includes(retention)) {
      throw new Error(`${path}: flowLogRetentionDays must be one of ${LOG_RETENTION_DAYS.join(', ')} (got ${retention}): CloudWatch Logs accepts only these values`);
    }
    const retentionReason = optOutReasonProblem(
      retention < 365,
      'flowLogRetentionReason',
      props.flowLogRetentionReason,
      `flowLogRetentionDays is ${retention}, below 365 (network logs of PHI systems are kept at least a year by default)`,
      OPT_OUTS.flowLogRetention,
    );
    if (retentionReason) throw new Error(`${path}: ${retentionReason}`);
    const endpointServices = props.interfaceEndpoints ?? [];
    for (const service of endpointServices) {
      if (!INTERFACE_ENDPOINT_SERVICES.includes(service)) {
        throw new Error(`${path}: interfaceEndpoints must contain only ${INTERFACE_ENDPOINT_SERVICES.join(', ')} (got '${String(service)}')`);
      }
    }
    if (new Set(endpointServices).size !== endpointServices.length) {
      throw new Error(`${path}: interfaceEndpoints lists a service twice (got ${endpointServices.join(', ')})`);
    }
    const extraBucketArns = props.s3EndpointAllowedBucketArns ?? [];
    for (const arn of extraBucketArns) {
      if (Token.isUnresolved(arn)) continue;
      if (!/^arn:aws[a-z-]*:s3:::[a-z0-9*][a-z0-9.*-]{0,62}$/.test(arn) || /^arn:aws[a-z-]*:s3:::\*$/.test(arn)) {
        throw new Error(
          `${path}: s3EndpointAllowedBucketArns must hold bucket ARNs like arn:aws:s3:::partner-bucket (got '${arn}'): objects are included, and a bare '*' would reopen the endpoint to every bucket`,
        );
      }
    }

    // ---- Address plan (computed at synth so that a bad layout fails before any API call)
    const plan = planSubnets(path, props, azCount);

    const tags = (resourceName: string, extra: Record<string, string> = {}): Record<string, string> => ({
      ...props.tags,
      Name: resourceName,
      ...extra,
    });

    // ---- Context
    const { partition, region, callerIdentity: caller } = stackEnvironment(this);

    let azNames: string[];
    if (explicitAzs) {
      azNames = [...explicitAzs];
    } else {
      const zones = new DataAwsAvailabilityZones(this, 'azs', {
        state: 'available',
        filter: [{ name: 'opt-in-status', values: ['opt-in-not-required'] }],
      });
      azNames = Array.from({ length: azCount }, (_, i) => Token.asString(Fn.element(zones.names, i)));
    }
    this.availabilityZones = azNames;
    const azLabel = (i: number): string => (explicitAzs && !Token.isUnresolved(explicitAzs[i]) ? explicitAzs[i] : `az${i + 1}`);

    // ---- VPC
    this.vpc = new Vpc(this, 'vpc', {
      cidrBlock: props.cidrBlock,
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: tags(name),
    });
    this.vpcId = this.vpc.id;
    this.vpcCidrBlock = this.vpc.cidrBlock;

    // Locks down the security group every VPC comes with: no ingress, no egress.
    new DefaultSecurityGroup(this, 'default-sg', {
      vpcId: this.vpc.id,
      ingress: [],
      egress: [],
      tags: tags(`${name}-default-do-not-use`),
    });

    const igw = new InternetGateway(this, 'igw', { vpcId: this.vpc.id, tags: tags(`${name}-igw`) });
    this.internetGatewayId = igw.id;

    // ---- Subnets and route tables, per tier and AZ
    const subnets: Record<SubnetTier, Subnet[]> = { public: [], private: [], data: [] };
    const routeTables: Record<SubnetTier, RouteTable[]> = { public: [], private: [], data: [] };
    for (const tier of SUBNET_TIERS) {
      for (let i = 0; i < azCount; i++) {
        const label = azLabel(i);
        const subnet = new Subnet(this, `${tier}-subnet-${i}`, {
          vpcId: this.vpc.id,
          availabilityZone: azNames[i],
          cidrBlock: plan[tier][i],
          // Nothing is launched with a public IP by accident, not even in the public tier: the ALB
          // and the NAT gateways get their addresses explicitly.
          mapPublicIpOnLaunch: false,
          tags: tags(`${name}-${tier}-${label}`, { 'phi-stack:tier': tier }),
        });
        subnets[tier].push(subnet);
        const rt = new RouteTable(this, `${tier}-rt-${i}`, {
          vpcId: this.vpc.id,
          tags: tags(`${name}-${tier}-${label}`, { 'phi-stack:tier': tier }),
        });
        routeTables[tier].push(rt);
        new RouteTableAssociation(this, `${tier}-rta-${i}`, { subnetId: subnet.id, routeTableId: rt.id });
      }
    }
    for (let i = 0; i < azCount; i++) {
      new Route(this, `public-default-route-${i}`, {
        routeTableId: routeTables.public[i].id,
        destinationCidrBlock: '0.0.0.0/0',
        gatewayId: igw.id,
      });
    }

    // ---- NAT gateways in the public tier
    const natCount = natMode === 'per-az' ? azCount : 1;
    const nats: NatGateway[] = [];
    for (let i = 0; i < natCount; i++) {
      const eip = new Eip(this, `nat-eip-${i}`, { domain: 'vpc', tags: tags(`${name}-nat-${azLabel(i)}`), dependsOn: [igw] });
      nats.push(
        new NatGateway(this, `nat-${i}`, {
          allocationId: eip.allocationId,
          subnetId: subnets.public[i].id,
          tags: tags(
            `${name}-nat-${azLabel(i)}`,
            natMode === 'single' ? optOutTag(OPT_OUTS.natPerAz, props.singleNatGatewayReason!) : {},
          ),
          dependsOn: [igw],
        }),
      );
    }
    for (let i = 0; i < azCount; i++) {
      new Route(this, `private-default-route-${i}`, {
        routeTableId: routeTables.private[i].id,
        destinationCidrBlock: '0.0.0.0/0',
        natGatewayId: nats[natMode === 'per-az' ? i : 0].id,
      });
    }
    // The data tier gets no default route: databases and caches never reach the internet.

    // ---- Endpoints
    // The S3 gateway endpoint only reaches this account's buckets, plus the AWS-owned buckets the
    // instances need (read-only) and any bucket named in s3EndpointAllowedBucketArns: credentials
    // of another account cannot move data out through it. `aws:ResourceAccount` is the global
    // condition key AWS recommends for resource perimeters (the older `s3:ResourceAccount` is
    // S3-only). An endpoint policy grants nothing by itself; IAM and bucket policies still decide.
    const awsOwnedObjects = AWS_OWNED_READ_BUCKETS.map((bucket) => `arn:${partition.partition}:s3:::${bucket.replace('<region>', region.name)}/*`);
    const s3EndpointPolicy = new DataAwsIamPolicyDocument(this, 's3-endpoint-policy', {
      statement: [
        {
          sid: 'BucketsOfThisAccount',
          effect: 'Allow',
          principals: [{ type: 'AWS', identifiers: ['*'] }],
          actions: ['s3:*'],
          resources: ['*'],
          condition: [{ test: 'StringEquals', variable: 'aws:ResourceAccount', values: [caller.accountId] }],
        },
        {
          // Amazon Linux 2023 package repositories and SSM Agent buckets (see AWS_OWNED_READ_BUCKETS).
          sid: 'AwsOwnedBucketsReadOnly',
          effect: 'Allow',
          principals: [{ type: 'AWS', identifiers: ['*'] }],
          actions: ['s3:GetObject'],
          resources: awsOwnedObjects,
        },
        ...(extraBucketArns.length > 0
          ? [
              {
                sid: 'AllowedBuckets',
                effect: 'Allow',
                principals: [{ type: 'AWS', identifiers: ['*'] }],
                actions: ['s3:*'],
                resources: extraBucketArns.flatMap((arn) => [arn, `${arn}/*`]),
              },
            ]
          : []),
      ],
    });
    const s3Endpoint = new VpcEndpoint(this, 's3-endpoint', {
      vpcId: this.vpc.id,
      serviceName: `com.amazonaws.${region.name}.s3`,
      vpcEndpointType: 'Gateway',
      routeTableIds: [...routeTables.private.map((rt) => rt.id), ...routeTables.data.map((rt) => rt.id)],
      policy: s3EndpointPolicy.json,
      tags: tags(`${name}-s3`),
    });
    this.s3GatewayEndpointId = s3Endpoint.id;
    this.s3GatewayEndpointPolicy = s3EndpointPolicy.json;

    this.interfaceEndpointIds = {};
    if (endpointServices.length > 0) {
      const endpointSg = new SecurityGroup(this, 'endpoint-sg', {
        name: `${name}-endpoints`,
        description: 'HTTPS from inside the VPC to the interface endpoints',
        vpcId: this.vpc.id,
        tags: tags(`${name}-endpoints`),
      });
      new VpcSecurityGroupIngressRule(this, 'endpoint-sg-https', {
        securityGroupId: endpointSg.id,
        description: 'HTTPS from the VPC',
        ipProtocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        cidrIpv4: this.vpc.cidrBlock,
      });
      this.endpointSecurityGroupId = endpointSg.id;
      for (const service of endpointServices) {
        const endpoint = new VpcEndpoint(this, `${service}-endpoint`, {
          vpcId: this.vpc.id,
          serviceName: `com.amazonaws.${region.name}.${service}`,
          vpcEndpointType: 'Interface',
          privateDnsEnabled: true,
          subnetIds: subnets.private.map((s) => s.id),
          securityGroupIds: [endpointSg.id],
          tags: tags(`${name}-${service}`),
        });
        this.interfaceEndpointIds[service] = endpoint.id;
      }
    }

    // ---- Flow logs: ALL traffic, to a KMS-encrypted log group
    const logGroupName = `/phi-stack/${name}/vpc-flow-logs`;
    const logGroupArn = `arn:${partition.partition}:logs:${region.name}:${caller.accountId}:log-group:${logGroupName}`;
    if (props.kmsKey) {
      this.kmsKey = props.kmsKey;
    } else {
      const keyPolicy = new DataAwsIamPolicyDocument(this, 'kms-policy', {
        statement: [
          {
            // The account's IAM policies decide who administers and uses the key; no other principal gets in.
            sid: 'AccountRootManagesKey',
            effect: 'Allow',
            principals: [{ type: 'AWS', identifiers: [`arn:${partition.partition}:iam::${caller.accountId}:root`] }],
            actions: ['kms:*'],
            resources: ['*'],
          },
          {
            sid: 'CloudWatchLogsUsesKeyForThisLogGroup',
            effect: 'Allow',
            principals: [{ type: 'Service', identifiers: [`logs.${region.name}.amazonaws.com`] }],
            actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
            resources: ['*'],
            condition: [{ test: 'ArnEquals', variable: 'kms:EncryptionContext:aws:logs:arn', values: [logGroupArn] }],
          },
        ],
      });
      this.kmsKey = new KmsKey(this, 'kms-key', {
        description: `Encrypts the VPC flow logs of ${name}`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        policy: keyPolicy.json,
        tags: tags(`${name}-flow-logs`),
      });
      new KmsAlias(this, 'kms-alias', { name: `alias/phi-stack/${name}/vpc-flow-logs`, targetKeyId: this.kmsKey.keyId });
    }

    this.flowLogGroup = new CloudwatchLogGroup(this, 'flow-log-group', {
      name: logGroupName,
      retentionInDays: retention,
      kmsKeyId: this.kmsKey.arn,
      tags: tags(
        `${name}-flow-logs`,
        retention < 365 ? optOutTag(OPT_OUTS.flowLogRetention, props.flowLogRetentionReason!) : {},
      ),
    });
    this.flowLogGroupName = this.flowLogGroup.name;

    const assume = new DataAwsIamPolicyDocument(this, 'flow-log-assume', {
      statement: [
        {
          effect: 'Allow',
          principals: [{ type: 'Service', identifiers: ['vpc-flow-logs.amazonaws.com'] }],
          actions: ['sts:AssumeRole'],
          // Only flow logs of this account may assume the role (confused-deputy guard).
          condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [caller.accountId] }],
        },
      ],
    });
    const role = new IamRole(this, 'flow-log-role', {
      name: `${name}-vpc-flow-logs`,
      assumeRolePolicy: assume.json,
      tags: tags(`${name}-vpc-flow-logs`),
    });
    const write = new DataAwsIamPolicyDocument(this, 'flow-log-write', {
      statement: [
        {
          effect: 'Allow',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          resources: [this.flowLogGroup.arn, `${this.flowLogGroup.arn}:*`],
        },
        { effect: 'Allow', actions: ['logs:DescribeLogGroups'], resources: ['*'] },
      ],
    });
    new IamRolePolicy(this, 'flow-log-policy', { name: 'write-flow-logs', role: role.id, policy: write.json });

    const flowLog = new FlowLog(this, 'flow-log', {
      vpcId: this.vpc.id,
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logDestination: this.flowLogGroup.arn,
      iamRoleArn: role.arn,
      maxAggregationInterval: 60,
      tags: tags(`${name}-flow-log`),
    });
    this.flowLogId = flowLog.id;

    // ---- Outputs
    this.publicSubnetIds = subnets.public.map((s) => s.id);
    this.privateSubnetIds = subnets.private.map((s) => s.id);
    this.dataSubnetIds = subnets.data.map((s) => s.id);
    this.publicSubnetCidrs = plan.public;
    this.privateSubnetCidrs = plan.private;
    this.dataSubnetCidrs = plan.data;
    this.publicRouteTableIds = routeTables.public.map((rt) => rt.id);
    this.privateRouteTableIds = routeTables.private.map((rt) => rt.id);
    this.dataRouteTableIds = routeTables.data.map((rt) => rt.id);
    this.natGatewayIds = nats.map((n) => n.id);
  }
}

/** Subnet CIDRs per tier, ordered by AZ. */
export type SubnetPlan = Record<SubnetTier, string[]>;

/**
 * Computes (or checks) the subnet CIDRs of every tier: explicit lists are validated, the rest
 * come from the default layout. Throws with `path` in the message on any problem.
 */
export function planSubnets(
  path: string,
  props: Pick<VpcAzsProps, 'cidrBlock' | 'publicSubnetCidrs' | 'privateSubnetCidrs' | 'dataSubnetCidrs'>,
  azCount: number,
): SubnetPlan {
  if (Token.isUnresolved(props.cidrBlock)) {
    throw new Error(`${path}: cidrBlock must be a literal CIDR block (got a token): subnet CIDRs are computed at synth`);
  }
  let vpc: Ipv4Cidr;
  try {
    vpc = parseCidr(props.cidrBlock, 'cidrBlock');
  } catch (e) {
    throw new Error(`${path}: ${(e as Error).message}`);
  }
  if (vpc.prefix < 16 || vpc.prefix > 28) {
    throw new Error(`${path}: cidrBlock must be between /16 and /28 (got '${props.cidrBlock}'): AWS VPCs allow /16 to /28`);
  }
  const explicit: Record<SubnetTier, string[] | undefined> = {
    public: props.publicSubnetCidrs,
    private: props.privateSubnetCidrs,
    data: props.dataSubnetCidrs,
  };
  const needsDefault = SUBNET_TIERS.some((tier) => !explicit[tier]);
  const defaultPrefix = vpc.prefix + TIER_BITS + AZ_SLOT_BITS;
  if (needsDefault && defaultPrefix > SMALLEST_SUBNET_PREFIX) {
    throw new Error(
      `${path}: cidrBlock '${props.cidrBlock}' is too small for the default layout (4 tier blocks of 8 AZ slots would make /${defaultPrefix} subnets, and AWS requires /28 or larger): use a /23 or larger block, or pass publicSubnetCidrs, privateSubnetCidrs and dataSubnetCidrs`,
    );
  }

  const plan: SubnetPlan = { public: [], private: [], data: [] };
  const blocks: { label: string; cidr: Ipv4Cidr }[] = [];
  SUBNET_TIERS.forEach((tier, tierIndex) => {
    const list = explicit[tier];
    if (list) {
      const prop = `${tier}SubnetCidrs`;
      if (list.length !== azCount) {
        throw new Error(`${path}: ${prop} must have one CIDR per AZ (got ${list.length} for ${azCount} AZs)`);
      }
      list.forEach((text, i) => {
        const cidr = tryParse(path, text, `${prop}[${i}]`);
        if (cidr.prefix > SMALLEST_SUBNET_PREFIX) {
          throw new Error(`${path}: ${prop}[${i}] must be /28 or larger (got '${text}'): AWS rejects smaller subnets`);
        }
        if (!cidrContains(vpc, cidr)) {
          throw new Error(`${path}: ${prop}[${i}] '${text}' is outside cidrBlock '${props.cidrBlock}': every subnet must lie inside the VPC block`);
        }
        blocks.push({ label: `${prop}[${i}] '${text}'`, cidr });
        plan[tier].push(formatCidr(cidr));
      });
    } else {
      const tierBlock = cidrSubnet(vpc, TIER_BITS, tierIndex);
      for (let i = 0; i < azCount; i++) {
        const cidr = cidrSubnet(tierBlock, AZ_SLOT_BITS, i);
        blocks.push({ label: `default ${tier} subnet ${i} '${formatCidr(cidr)}'`, cidr });
        plan[tier].push(formatCidr(cidr));
      }
    }
  });
  const overlap = findOverlap(blocks);
  if (overlap) {
    throw new Error(`${path}: subnet ranges overlap: ${overlap[0].label} and ${overlap[1].label}: give every tier and AZ a disjoint block`);
  }
  return plan;
}

function tryParse(path: string, text: string, what: string): Ipv4Cidr {
  try {
    return parseCidr(text, what);
  } catch (e) {
    throw new Error(`${path}: ${(e as Error).message}`);
  }
}
