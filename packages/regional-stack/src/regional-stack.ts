import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { AlbAsg } from '@phi-stack/alb-asg';
import { AwsTarget, DeployTarget } from '@phi-stack/aws-target';
import { PhiGuard } from '@phi-stack/phi-guard';
import { RdsMysqlHa } from '@phi-stack/rds-mysql-ha';
import { RedisPhi } from '@phi-stack/redis-phi';
import { S3CloudFront } from '@phi-stack/s3-cloudfront';
import { VpcAzs } from '@phi-stack/vpc-azs';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AuditTrail } from './audit-trail';
import { RegionConfig, REGION_AZS } from './region-config';

/** Name of a region's stack: `phi-<region>`. */
export function regionalStackName(config: RegionConfig): string {
  return `phi-${config.region}`;
}

/**
 * Short, collision-free region code for resource names with tight length limits
 * (ALB names: 32 characters): us-east-1 → use1, ap-southeast-2 → apse2, ap-south-1 → aps1.
 */
export function regionCode(region: string): string {
  const [area, direction, number] = region.split('-');
  const dir = direction.replace('north', 'n').replace('south', 's').replace('east', 'e').replace('west', 'w').replace('central', 'c');
  return `${area}${dir}${number}`;
}

export interface RegionalStackProps {
  /** The validated region config (`loadRegionConfig`). */
  readonly config: RegionConfig;
  /**
   * Where the stack is applied.
   * @default - `PHI_STACK_TARGET`, else `local`
   */
  readonly target?: DeployTarget;
}

/**
 * One region of the platform: network, web tier, database, cache, image delivery and audit
 * trail, composed from the construct packages with the region's config, and checked by the
 * phi-guard HIPAA rule pack at every synth.
 */
export class RegionalStack extends TerraformStack {
  public readonly config: RegionConfig;
  public readonly awsTarget: AwsTarget;
  /** The Availability Zones the stack spans, in order. */
  public readonly availabilityZones: readonly string[];
  public readonly network: VpcAzs;
  public readonly images: S3CloudFront;
  public readonly web: AlbAsg;
  public readonly database: RdsMysqlHa;
  public readonly cache: RedisPhi;
  public readonly auditTrail: AuditTrail;

  constructor(scope: Construct, id: string, props: RegionalStackProps) {
    super(scope, id);
    const { config } = props;
    this.config = config;
    this.availabilityZones = REGION_AZS[config.region].slice(0, config.azCount);
    const name = `phi-${config.environment}-${regionCode(config.region)}`;

    this.awsTarget = new AwsTarget(this, 'target', {
      region: config.region,
      target: props.target,
      stateBucket: config.stateBucket,
      defaultTags: { ManagedBy: 'phi-stack', Environment: config.environment, Region: config.region, DataClassification: 'phi' },
    });

    this.network = new VpcAzs(this, 'network', {
      name,
      cidrBlock: config.vpcCidr,
      availabilityZones: [...this.availabilityZones],
      natGateways: config.natGatewayMode,
      singleNatGatewayReason: config.natGatewayMode === 'single' ? `natGatewayMode 'single' in apps/${config.region}/region.json` : undefined,
      interfaceEndpoints: ['ssm', 'ssmmessages', 'ec2messages', 'kms', 'logs', 'secretsmanager'],
    });

    this.images = new S3CloudFront(this, 'images', {
      bucketPrefix: config.imagesBucketPrefix,
      certificateArn: config.cdnCertificateArn,
      domainNames: [`images.${config.domainName}`],
      publicKeyPem: config.cdnPublicKeyPem,
      corsAllowedOrigins: [`https://${config.domainName}`],
    });

    // The ALB's certificate is issued out of band in a real account (region.json names it). The
    // emulator cannot hold that certificate, and it checks that a listener's certificate exists, so
    // in local mode the stack requests one for the same domain there (DNS validation, no key material).
    const albCertificateArn =
      this.awsTarget.target === 'local'
        ? new AcmCertificate(this, 'local-alb-certificate', { domainName: config.domainName, validationMethod: 'DNS' }).arn
        : config.albCertificateArn;

    this.web = new AlbAsg(this, 'web', {
      name,
      vpcId: this.network.vpcId,
      albSubnetIds: this.network.publicSubnetIds,
      appSubnetIds: this.network.privateSubnetIds,
      certificateArn: albCertificateArn,
      instanceType: config.webInstanceType,
      minCapacity: config.webMinCapacity,
      maxCapacity: config.webMaxCapacity,
      desiredCapacity: config.webDesiredCapacity,
      cpuTargetPercent: config.webCpuTargetPercent,
      imageBucketArn: this.images.bucketArn,
      imageBucketPrefix: 'images/',
      imageBucketKmsKeyArn: this.images.kmsKeyArn,
    });

    this.database = new RdsMysqlHa(this, 'database', {
      name,
      vpcId: this.network.vpcId,
      subnetIds: this.network.dataSubnetIds,
      allowedSecurityGroupIds: [this.web.appSecurityGroupId],
      instanceClass: config.dbInstanceClass,
      allocatedStorageGiB: config.dbAllocatedStorageGiB,
      maxAllocatedStorageGiB: config.dbMaxAllocatedStorageGiB,
      readReplicaCount: config.dbReadReplicaCount,
    });

    this.cache = new RedisPhi(this, 'cache', {
      name,
      vpcId: this.network.vpcId,
      subnetIds: this.network.dataSubnetIds,
      allowedSecurityGroupIds: [this.web.appSecurityGroupId],
      nodeType: config.cacheNodeType,
      replicasPerNodeGroup: config.cacheReplicasPerNodeGroup,
    });

    this.auditTrail = new AuditTrail(this, 'audit', { name: `${name}-audit` });

    const outputs: Record<string, string> = {
      albDnsName: this.web.albDnsName,
      cloudfrontDomainName: this.images.distributionDomainName,
      dbInstanceEndpoint: this.database.dbInstanceEndpoint,
      redisPrimaryEndpoint: this.cache.primaryEndpointAddress,
      redisReaderEndpoint: this.cache.readerEndpointAddress,
      imagesBucketName: this.images.bucketName,
      vpcId: this.network.vpcId,
      autoscalingGroupName: this.web.autoscalingGroupName,
      dbInstanceIdentifier: this.database.dbInstanceIdentifier,
      distributionId: this.images.distributionId,
      keyGroupId: this.images.keyGroupId,
      imagesKmsKeyArn: this.images.kmsKeyArn,
      databaseKmsKeyArn: this.database.kmsKeyArn,
      redisReplicationGroupId: this.cache.replicationGroupId,
      httpsListenerArn: this.web.httpsListenerArn,
      httpListenerArn: this.web.httpListenerArn,
      flowLogGroupName: this.network.flowLogGroupName,
      auditTrailName: this.auditTrail.trail.name,
    };
    for (const [key, value] of Object.entries(outputs)) new TerraformOutput(this, key, { value });
    new TerraformOutput(this, 'dbReaderEndpoints', { value: this.database.replicaEndpoints });
    new TerraformOutput(this, 'dbReplicaIdentifiers', { value: this.database.replicaIdentifiers });
    new TerraformOutput(this, 'availabilityZones', { value: this.availabilityZones });

    PhiGuard.apply(this);
  }
}
