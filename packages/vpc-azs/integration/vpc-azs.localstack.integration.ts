// The vpc-azs example on LocalStack 4.14.0 (community edition, our image phi-stack/localstack:4.14.0
// built by tools/emulator/localstack-image/build.sh; LocalStack Pro when LOCALSTACK_AUTH_TOKEN is set):
// the same checks as vpc-azs.integration.ts, which runs it on moto. EC2, CloudWatch Logs, IAM, KMS
// and STS are all in LocalStack's free edition.
import { App } from 'cdktf';
import { describeEmulatorStack, useLocalstackFlavor } from '@phi-stack/emulator';
import { VpcAzsExample } from '../examples/three-az-vpc';
import { REGION, vpcAzsChecks } from './vpc-azs.checks';

useLocalstackFlavor();

describeEmulatorStack(
  'vpc-azs example on LocalStack',
  {
    region: REGION,
    build: (app: App) => {
      new VpcAzsExample(app, 'vpc-azs-example', { region: REGION });
    },
    knownDrift: [
      {
        address: 'aws_vpc_endpoint.vpc_s3-endpoint_*',
        attribute: 'policy',
        reason:
          'LocalStack 4.14.0 drops the top-level "Version" of every endpoint policy in DescribeVpcEndpoints ' +
          '(localstack/services/ec2/provider.py describe_vpc_endpoints, commented "AWS parity"), so the provider sees the ' +
          'policy it applied, minus "Version": "2012-10-17", and plans to re-add it; the statements do round-trip (checked in vpc-azs.checks.ts). moto keeps it.',
      },
    ],
  },
  (ctx) => vpcAzsChecks(ctx, { endpointPolicyKeepsVersion: false }),
);
