// The props of the VPC and the public types and constants they use.
import { CLOUDWATCH_LOG_RETENTION_DAYS, IKmsKey } from '@phi-stack/constructs-core';

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
