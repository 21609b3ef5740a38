// The VPC endpoints: the S3 gateway endpoint of the private and data tiers, with a policy that
// admits only this account's buckets, the AWS-owned buckets the instances read and
// `s3EndpointAllowedBucketArns`; and the optional interface endpoints, reachable over HTTPS from
// inside the VPC through their own security group.
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Construct } from 'constructs';
import { VpcAzsContext } from './context';
import { AWS_OWNED_READ_BUCKETS, InterfaceEndpointService } from './props';
import { Subnets } from './subnets';

/** The endpoints of the VPC. */
export interface Endpoints {
  readonly s3Endpoint: VpcEndpoint;
  /** The policy document of the S3 gateway endpoint. */
  readonly s3EndpointPolicy: DataAwsIamPolicyDocument;
  /** Interface endpoint ids by service. */
  readonly interfaceEndpointIds: Partial<Record<InterfaceEndpointService, string>>;
  /** The interface endpoints' security group id (undefined without interface endpoints). */
  readonly endpointSecurityGroupId?: string;
}

/** The S3 gateway endpoint and the interface endpoints of the VpcAzs at `scope`. */
export function createEndpoints(scope: Construct, ctx: VpcAzsContext, deps: { vpc: Vpc; network: Subnets }): Endpoints {
  const { tags } = ctx;
  const { name, endpointServices, extraBucketArns } = ctx.settings;
  const { vpc } = deps;
  const { subnets, routeTables } = deps.network;
  // The S3 gateway endpoint only reaches this account's buckets, plus the AWS-owned buckets the
  // instances need (read-only) and any bucket named in s3EndpointAllowedBucketArns: credentials
  // of another account cannot move data out through it. `aws:ResourceAccount` is the global
  // condition key AWS recommends for resource perimeters (the older `s3:ResourceAccount` is
  // S3-only). An endpoint policy grants nothing by itself; IAM and bucket policies still decide.
  const awsOwnedObjects = AWS_OWNED_READ_BUCKETS.map((bucket) => `arn:${ctx.partition}:s3:::${bucket.replace('<region>', ctx.region)}/*`);
  const s3EndpointPolicy = new DataAwsIamPolicyDocument(scope, 's3-endpoint-policy', {
    statement: [
      {
        sid: 'BucketsOfThisAccount',
        effect: 'Allow',
        principals: [{ type: 'AWS', identifiers: ['*'] }],
        actions: ['s3:*'],
        resources: ['*'],
        condition: [{ test: 'StringEquals', variable: 'aws:ResourceAccount', values: [ctx.accountId] }],
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
  const s3Endpoint = new VpcEndpoint(scope, 's3-endpoint', {
    vpcId: vpc.id,
    serviceName: `com.amazonaws.${ctx.region}.s3`,
    vpcEndpointType: 'Gateway',
    routeTableIds: [...routeTables.private.map((rt) => rt.id), ...routeTables.data.map((rt) => rt.id)],
    policy: s3EndpointPolicy.json,
    tags: tags(`${name}-s3`),
  });

  const interfaceEndpointIds: Partial<Record<InterfaceEndpointService, string>> = {};
  let endpointSecurityGroupId: string | undefined;
  if (endpointServices.length > 0) {
    const endpointSg = new SecurityGroup(scope, 'endpoint-sg', {
      name: `${name}-endpoints`,
      description: 'HTTPS from inside the VPC to the interface endpoints',
      vpcId: vpc.id,
      tags: tags(`${name}-endpoints`),
    });
    new VpcSecurityGroupIngressRule(scope, 'endpoint-sg-https', {
      securityGroupId: endpointSg.id,
      description: 'HTTPS from the VPC',
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      cidrIpv4: vpc.cidrBlock,
    });
    endpointSecurityGroupId = endpointSg.id;
    for (const service of endpointServices) {
      const endpoint = new VpcEndpoint(scope, `${service}-endpoint`, {
        vpcId: vpc.id,
        serviceName: `com.amazonaws.${ctx.region}.${service}`,
        vpcEndpointType: 'Interface',
        privateDnsEnabled: true,
        subnetIds: subnets.private.map((s) => s.id),
        securityGroupIds: [endpointSg.id],
        tags: tags(`${name}-${service}`),
      });
      interfaceEndpointIds[service] = endpoint.id;
    }
  }
  return { s3Endpoint, s3EndpointPolicy, interfaceEndpointIds, endpointSecurityGroupId };
}
