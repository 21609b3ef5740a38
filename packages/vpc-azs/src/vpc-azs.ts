import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { IKmsKey } from '@phi-stack/constructs-core';
import { Construct } from 'constructs';
import { createAvailabilityZones } from './availability-zones';
import { vpcAzsContext } from './context';
import { createEndpoints } from './endpoints';
import { createFlowLogKey } from './flow-log-key';
import { createFlowLogs } from './flow-logs';
import { createNatGateways } from './nat-gateways';
import { InterfaceEndpointService, VpcAzsProps } from './props';
import { createSubnets } from './subnets';
import { validateVpcAzs } from './validation';
import { createVpc } from './vpc';

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
    // Every resource is created at this construct's scope, under the id it has always had, so
    // that the resource families below leave every Terraform address unchanged.
    const settings = validateVpcAzs(this.node.path, props);
    const ctx = vpcAzsContext(this, props, settings);

    const zones = createAvailabilityZones(this, ctx);
    const { vpc, igw } = createVpc(this, ctx);
    const network = createSubnets(this, ctx, { vpc, igw, zones });
    const nats = createNatGateways(this, ctx, { igw, network, zones });
    const endpoints = createEndpoints(this, ctx, { vpc, network });
    const kmsKey = createFlowLogKey(this, ctx);
    const { flowLogGroup, flowLog } = createFlowLogs(this, ctx, { vpc, kmsKey });

    // ---- Outputs
    const { subnets, routeTables } = network;
    const { plan } = settings;
    this.availabilityZones = zones.azNames;
    this.vpc = vpc;
    this.vpcId = vpc.id;
    this.vpcCidrBlock = vpc.cidrBlock;
    this.internetGatewayId = igw.id;
    this.s3GatewayEndpointId = endpoints.s3Endpoint.id;
    this.s3GatewayEndpointPolicy = endpoints.s3EndpointPolicy.json;
    this.interfaceEndpointIds = endpoints.interfaceEndpointIds;
    if (endpoints.endpointSecurityGroupId !== undefined) this.endpointSecurityGroupId = endpoints.endpointSecurityGroupId;
    this.kmsKey = kmsKey;
    this.flowLogGroup = flowLogGroup;
    this.flowLogGroupName = flowLogGroup.name;
    this.flowLogId = flowLog.id;
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
