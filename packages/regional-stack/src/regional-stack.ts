import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { OPT_OUTS, optOutReasonProblem, Problems } from '@phi-stack/constructs-core';
import { AlbAsg } from '@phi-stack/alb-asg';
import { AwsTarget, DeployTarget } from '@phi-stack/aws-target';
import { FlowProps, PhiGuard } from '@phi-stack/phi-guard';
import { RdsMysqlHa } from '@phi-stack/rds-mysql-ha';
import { RedisPhi } from '@phi-stack/redis-phi';
import { RegionalAlarms } from '@phi-stack/regional-alarms';
import { S3CloudFront } from '@phi-stack/s3-cloudfront';
import { VpcAzs } from '@phi-stack/vpc-azs';
import { Lazy, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AppConfig, appConfigParameterPath } from './app-config';
import { AuditTrail } from './audit-trail';
import { LOG_RETENTION_POLICY } from './log-retention';
import { connectTiers } from './network-flows';
import { RegionConfig, REGION_AZS, regionPeakWindows } from './region-config';
import { CloudFrontSignerKey } from './signer-key';
import { WebAcl } from './web-acl';

/** Key prefix of the images in the image bucket: the only prefix the web tier may read and write. */
export const IMAGES_KEY_PREFIX = 'images/';

/** MySQL user the web tier connects as with IAM database authentication. */
export const DATABASE_APP_USER = 'app';

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
  /**
   * Put a WAF web ACL (AWS managed rule groups) in front of the ALB and the CloudFront distribution.
   * @default true
   */
  readonly webAclEnabled?: boolean;
  /**
   * Why the ALB and the distribution run without a web ACL. Required when `webAclEnabled` is false;
   * lands in the `phi-stack:opt-out:waf` tag of both.
   * @default - none
   */
  readonly webAclDisabledReason?: string;
  /**
   * First year of the web tier's compiled peak schedule (tests pin it; plans use the current year).
   * @default - the current UTC year
   */
  readonly scheduleFromYear?: number;
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
  /** The alarms, events and dashboard of the web tier, the database and the cache, on one encrypted topic. */
  public readonly alarms: RegionalAlarms;
  /** The network flows the stack declares; phi-guard proves each one open at every synth (see `connectTiers`). */
  public readonly flows: readonly FlowProps[];
  /** The REGIONAL web ACL of the ALB (undefined when `webAclEnabled` is false). */
  public readonly albWebAcl?: WebAcl;
  /** The CLOUDFRONT web ACL of the distribution, in us-east-1 (undefined when `webAclEnabled` is false). */
  public readonly cdnWebAcl?: WebAcl;
  /** Where the CloudFront signer's private key is kept (an empty secret the operator fills). */
  public readonly signerKey: CloudFrontSignerKey;
  /** The app-config parameters under `/phi-stack/<stack name>/config`. */
  public readonly appConfig: AppConfig;

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
      stateKmsKeyArn: config.stateKmsKeyArn,
      stateRegion: config.stateRegion,
      defaultTags: { ManagedBy: 'phi-stack', Environment: config.environment, Region: config.region, DataClassification: 'phi' },
    });

    this.network = new VpcAzs(this, 'network', {
      name,
      cidrBlock: config.cidrBlock,
      availabilityZones: [...this.availabilityZones],
      natGateways: config.natGateways,
      singleNatGatewayReason: config.natGateways === 'single' ? `natGateways 'single' in apps/${config.region}/region.json` : undefined,
      interfaceEndpoints: ['ssm', 'ssmmessages', 'ec2messages', 'kms', 'logs', 'secretsmanager'],
      flowLogRetentionDays: LOG_RETENTION_POLICY.audit,
    });

    // WAF: a REGIONAL web ACL for the ALB and a CLOUDFRONT one for the distribution. CloudFront
    // only takes web ACLs created in us-east-1, so outside that region the second one goes through
    // an aliased us-east-1 provider (pointed at the emulator as well in local mode).
    const webAclEnabled = props.webAclEnabled ?? true;
    const webAclDisabledReason = props.webAclDisabledReason?.trim();
    const problems = new Problems(this.node.path);
    problems.add(optOutReasonProblem(!webAclEnabled, 'webAclDisabledReason', props.webAclDisabledReason, 'webAclEnabled is false (the ALB and the distribution run without WAF)', OPT_OUTS.waf));
    if (webAclEnabled && props.webAclDisabledReason !== undefined) {
      problems.add(`webAclDisabledReason is only valid with webAclEnabled: false (got a reason with the web ACLs on): remove it, or set webAclEnabled: false`);
    }
    problems.throwIfAny();
    if (webAclEnabled) {
      this.albWebAcl = new WebAcl(this, 'alb-web-acl', { name: `${name}-alb`, scope: 'REGIONAL' });
      this.cdnWebAcl = new WebAcl(this, 'cdn-web-acl', {
        name: `${name}-cdn`,
        scope: 'CLOUDFRONT',
        provider: this.awsTarget.providerFor('us-east-1'),
        // Signed GETs to an S3 origin: no SQL behind the distribution for the SQLi group to protect.
        sqlInjectionRuleSetEnabled: false,
      });
    }

    this.images = new S3CloudFront(this, 'images', {
      webAclArn: this.cdnWebAcl?.webAclArn,
      webAclDisabledReason,
      bucketPrefix: config.imagesBucketPrefix,
      certificateArn: config.cdnCertificateArn,
      domainNames: [`images.${config.domainName}`],
      publicKeyPem: config.cdnPublicKeyPem,
      corsAllowedOrigins: [`https://${config.domainName}`],
      logRetentionDays: LOG_RETENTION_POLICY.audit,
    });

    this.signerKey = new CloudFrontSignerKey(this, 'cloudfront-signer-key', { name });
    const configPath = appConfigParameterPath(this.node.id);

    // The ALB's certificate is issued out of band in a real account (region.json names it). The
    // emulator cannot hold that certificate, and it checks that a listener's certificate exists, so
    // in local mode the stack requests one for the same domain there (DNS validation, no key material).
    // A replaced certificate is issued before the old one is deleted: the listener still holds it.
    const albCertificateArn =
      this.awsTarget.target === 'local'
        ? new AcmCertificate(this, 'local-alb-certificate', {
            domainName: config.domainName,
            validationMethod: 'DNS',
            lifecycle: { createBeforeDestroy: true },
          }).arn
        : config.albCertificateArn;

    this.web = new AlbAsg(this, 'web', {
      name,
      webAclArn: this.albWebAcl?.webAclArn,
      webAclDisabledReason,
      vpcId: this.network.vpcId,
      albSubnetIds: this.network.publicSubnetIds,
      appSubnetIds: this.network.privateSubnetIds,
      certificateArn: albCertificateArn,
      instanceType: config.webInstanceType,
      minCapacity: config.webMinCapacity,
      maxCapacity: config.webMaxCapacity,
      desiredCapacity: config.webDesiredCapacity,
      cpuTargetPercent: config.webCpuTargetPercent,
      cpuCredits: config.webCpuCredits,
      // Scaling signals beside CPU: requests per target, and predictive scaling when region.json asks.
      requestCountPerTargetTarget: config.webRequestCountPerTarget,
      predictiveScaling: config.webPredictiveScaling,
      // Peaks in the region's own zone and calendar; window minimums from workload unless set.
      scheduleTimeZone: config.schedule.timeZone,
      peakWindows: regionPeakWindows(config.schedule).map((w) => ({ ...w, minCapacity: w.minCapacity ?? config.capacity?.windowMinCapacity[w.name] })),
      scheduleYears: config.schedule.years,
      scheduleHoldTime: config.schedule.holdTime,
      scheduleFromYear: props.scheduleFromYear,
      // The AMI: pinned in region.json, followed from the team's own parameter, or read once from AWS's.
      imageId: config.webAmiId,
      amiSsmParameterName: config.webAmiSsmParameter,
      amiAutoUpdate: config.webAmiSsmParameter !== undefined ? true : undefined,
      accessLogsExpirationDays: LOG_RETENTION_POLICY.audit,
      // The app reads no database or cache password: it signs IAM authentication tokens with its
      // role (rds-db:connect, elasticache:Connect). The only secret it reads is the signer key.
      appSecretArns: [this.signerKey.secretArn],
      appSecretKmsKeyArns: [this.signerKey.kmsKeyArn],
      // The database and the cache admit the web tier's security group, so they are built after it;
      // their ids are filled in at synth (same-length lists, one lazy value per item).
      iamDatabaseAuthResourceIds: Array.from({ length: 1 + config.dbReadReplicaCount }, (_, i) => Lazy.stringValue({ produce: () => this.database.dbResourceIds[i] })),
      iamDatabaseAuthUserName: DATABASE_APP_USER,
      iamCacheAuthReplicationGroupArns: [Lazy.stringValue({ produce: () => this.cache.replicationGroupArn })],
      iamCacheAuthUserArns: [Lazy.stringValue({ produce: () => this.cache.appUserArn })],
      appConfigParameterPath: configPath,
    });

    this.database = new RdsMysqlHa(this, 'database', {
      name,
      vpcId: this.network.vpcId,
      subnetIds: this.network.dataSubnetIds,
      subnetAvailabilityZones: this.network.availabilityZones,
      instanceClass: config.dbInstanceClass,
      allocatedStorageGiB: config.dbAllocatedStorageGiB,
      maxAllocatedStorageGiB: config.dbMaxAllocatedStorageGiB,
      readReplicaCount: config.dbReadReplicaCount,
      iamDatabaseUserName: DATABASE_APP_USER,
      logRetentionDays: LOG_RETENTION_POLICY.audit,
    });

    this.cache = new RedisPhi(this, 'cache', {
      name,
      vpcId: this.network.vpcId,
      subnetIds: this.network.dataSubnetIds,
      subnetAvailabilityZones: this.network.availabilityZones,
      nodeType: config.cacheNodeType,
      replicasPerNodeGroup: config.cacheReplicasPerNodeGroup,
      logRetentionDays: LOG_RETENTION_POLICY.operational,
    });

    // App egress to the data tier, and every flow the region needs, proven by phi-guard at synth.
    // The web tier's instances read and write the images under the one prefix, through S3 only.
    this.images.grantReadWrite(this.web, IMAGES_KEY_PREFIX);
    this.flows = connectTiers(this, { network: this.network, web: this.web, database: this.database, cache: this.cache });

    this.auditTrail = new AuditTrail(this, 'audit', { name: `${name}-audit`, logRetentionDays: LOG_RETENTION_POLICY.audit });

    // After the modules it watches: the alarms read their ids. The cache's nodes are the primary
    // and its replicas (one shard: cluster mode is off in every region.json).
    this.alarms = new RegionalAlarms(this, 'alarms', {
      name,
      loadBalancerArnSuffix: this.web.albArnSuffix,
      targetGroupArnSuffix: this.web.targetGroupArnSuffix,
      autoScalingGroupName: this.web.autoscalingGroupName,
      primaryInstanceIdentifier: this.database.dbInstanceIdentifier,
      replicaInstanceIdentifiers: this.database.replicaIdentifiers,
      replicationGroupId: this.cache.replicationGroupId,
      cacheNodeCount: 1 + config.cacheReplicasPerNodeGroup,
    });

    this.appConfig = new AppConfig(this, 'app-config', {
      stackName: this.node.id,
      region: config.region,
      database: this.database,
      cache: this.cache,
      images: this.images,
      imagesKeyPrefix: IMAGES_KEY_PREFIX,
      signerKeySecretArn: this.signerKey.secretArn,
    });

    const outputs: Record<string, string> = {
      albDnsName: this.web.albDnsName,
      cloudfrontDomainName: this.images.distributionDomainName,
      dbInstanceEndpoint: this.database.dbInstanceEndpoint,
      redisPrimaryEndpoint: this.cache.replicationGroupPrimaryEndpointAddress,
      redisReaderEndpoint: this.cache.replicationGroupReaderEndpointAddress,
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
      dbMasterUserSecretArn: this.database.masterUserSecretArn,
      redisAppUserId: this.cache.appUserId,
      redisReplicationGroupArn: this.cache.replicationGroupArn,
      dbIamUserName: this.database.iamDatabaseUserName,
      cloudfrontPublicKeyId: this.images.publicKeyId,
      cloudfrontSignerKeySecretArn: this.signerKey.secretArn,
      appConfigParameterPath: this.appConfig.parameterPath,
      redisKmsKeyArn: this.cache.kmsKeyArn,
      cloudfrontSignerKmsKeyArn: this.signerKey.kmsKeyArn,
      instanceRoleName: this.web.instanceRoleName,
      alarmTopicArn: this.alarms.topicArn,
      dashboardName: this.alarms.dashboardName,
    };
    for (const [key, value] of Object.entries(outputs)) new TerraformOutput(this, key, { value });
    new TerraformOutput(this, 'dbReaderEndpoints', { value: this.database.replicaEndpoints });
    new TerraformOutput(this, 'dbReplicaIdentifiers', { value: this.database.replicaIdentifiers });
    new TerraformOutput(this, 'availabilityZones', { value: this.availabilityZones });
    new TerraformOutput(this, 'dbInstancePort', { value: this.database.dbInstancePort });
    new TerraformOutput(this, 'redisPort', { value: this.cache.replicationGroupPort });

    if (this.albWebAcl) new TerraformOutput(this, 'albWebAclArn', { value: this.albWebAcl.webAclArn });
    if (this.cdnWebAcl) new TerraformOutput(this, 'cdnWebAclArn', { value: this.cdnWebAcl.webAclArn });

    PhiGuard.apply(this);
  }
}
