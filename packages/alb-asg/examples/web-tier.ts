import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Wafv2WebAcl } from '@cdktf/provider-aws/lib/wafv2-web-acl';
import { AwsTarget } from '@phi-stack/aws-target';
import { VpcAzs } from '@phi-stack/vpc-azs';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AlbAsg } from '../src';
import { bucketFromArn } from '@phi-stack/constructs-core';

export interface AlbAsgExampleProps {
  /** @default 'us-east-1' */
  readonly region?: string;
  /**
   * ACM certificate of the HTTPS listener.
   * @default - requests a DNS-validated certificate for web.phi-stack-example.test: enough for the
   * emulator, which checks that the certificate exists; in a real account pass an issued one
   */
  readonly certificateArn?: string;
  /**
   * First year of the compiled schedule.
   * @default - the current UTC year
   */
  readonly scheduleFromYear?: number;
}

/**
 * The web tier on a two-AZ VPC: HTTPS ALB with a WAF web ACL, an Auto Scaling group on the AL2023
 * AMI from SSM, CPU and request-count target tracking, and the seed's peak windows compiled into
 * non-overlapping scheduled actions.
 *
 * It opts out of two defaults so that the integration test can destroy it: ALB deletion
 * protection and the log bucket's retention on destroy.
 */
export class AlbAsgExample extends TerraformStack {
  public readonly web: AlbAsg;

  constructor(scope: Construct, id: string, props: AlbAsgExampleProps = {}) {
    super(scope, id);
    const region = props.region ?? 'us-east-1';
    new AwsTarget(this, 'target', { region }); // PHI_STACK_TARGET decides local|aws; default local

    const vpc = new VpcAzs(this, 'vpc', {
      name: 'web-example',
      cidrBlock: '10.50.0.0/16',
      availabilityZones: [`${region}a`, `${region}b`],
      natGateways: 'single',
      singleNatGatewayReason: 'example stack: cost over AZ resilience',
      tags: { Example: 'alb-asg' },
    });

    let certificateArn = props.certificateArn;
    if (!certificateArn) {
      // No key material in the repository: the certificate is requested, not imported. The emulator
      // only checks that it exists; a real listener needs it issued (validate it through DNS).
      const certificate = new AcmCertificate(this, 'test-certificate', {
        domainName: 'web.phi-stack-example.test',
        validationMethod: 'DNS',
        tags: { Name: 'web-example-test-certificate', Example: 'alb-asg' },
      });
      certificateArn = certificate.arn;
    }

    const webAcl = new Wafv2WebAcl(this, 'web-acl', {
      name: 'web-example',
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: 'web-example', sampledRequestsEnabled: true },
      tags: { Example: 'alb-asg' },
    });
    const imagesKey = new KmsKey(this, 'images-key', {
      description: 'Stands in for the image bucket key of the s3-cloudfront module',
      enableKeyRotation: true,
      deletionWindowInDays: 7,
      tags: { Example: 'alb-asg' },
    });

    this.web = new AlbAsg(this, 'web', {
      name: 'web-example',
      vpcId: vpc.vpcId,
      albSubnetIds: vpc.publicSubnetIds,
      appSubnetIds: vpc.privateSubnetIds,
      certificateArn,
      webAclArn: webAcl.arn,
      deletionProtection: false,
      deletionProtectionDisabledReason: 'example stack: destroyed by the integration test',
      accessLogsForceDestroy: true,
      instanceType: 't3.micro',
      minCapacity: 2,
      maxCapacity: 6,
      requestCountPerTargetTarget: 500,
      predictiveScaling: 'forecast-only',
      scheduleTimeZone: 'America/New_York',
      scheduleFromYear: props.scheduleFromYear,
      userData: '#!/bin/bash\necho "web-example instance"\n',
      tags: { Example: 'alb-asg' },
    });
    // A bucket of another stack, known by its ARN: the instances may read and write images/ only.
    bucketFromArn(this, 'arn:aws:s3:::phi-stack-example-images', { encryptionKey: imagesKey }).grantReadWrite(this.web, 'images/');
    const w = this.web;
    new TerraformOutput(this, 'vpcId', { value: vpc.vpcId });
    new TerraformOutput(this, 'albArn', { value: w.albArn });
    new TerraformOutput(this, 'albDnsName', { value: w.albDnsName });
    new TerraformOutput(this, 'albZoneId', { value: w.albZoneId });
    new TerraformOutput(this, 'httpsListenerArn', { value: w.httpsListenerArn });
    new TerraformOutput(this, 'httpListenerArn', { value: w.httpListenerArn });
    new TerraformOutput(this, 'targetGroupArn', { value: w.targetGroupArn });
    new TerraformOutput(this, 'autoscalingGroupName', { value: w.autoscalingGroupName });
    new TerraformOutput(this, 'albSecurityGroupId', { value: w.albSecurityGroupId });
    new TerraformOutput(this, 'appSecurityGroupId', { value: w.appSecurityGroupId });
    new TerraformOutput(this, 'launchTemplateId', { value: w.launchTemplateId });
    new TerraformOutput(this, 'instanceRoleName', { value: w.instanceRoleName });
    new TerraformOutput(this, 'accessLogsBucketName', { value: w.accessLogsBucketName });
    new TerraformOutput(this, 'kmsKeyArn', { value: w.kmsKey.arn });
    new TerraformOutput(this, 'webAclArn', { value: webAcl.arn });
    new TerraformOutput(this, 'certificateArn', { value: certificateArn });
  }
}
