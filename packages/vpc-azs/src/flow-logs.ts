// Flow logs of ALL traffic of the VPC, to a log group encrypted with the flow log key, delivered
// through a role that only flow logs of this account may assume.
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { IKmsKey, OPT_OUTS, optOutTag } from '@phi-stack/constructs-core';
import { Construct } from 'constructs';
import { VpcAzsContext } from './context';
import { flowLogGroupName } from './flow-log-key';

/** The flow log of the VPC and its log group. */
export interface FlowLogs {
  readonly flowLogGroup: CloudwatchLogGroup;
  readonly flowLog: FlowLog;
}

/** The flow log group, role and flow log of the VpcAzs at `scope`. */
export function createFlowLogs(scope: Construct, ctx: VpcAzsContext, deps: { vpc: Vpc; kmsKey: IKmsKey }): FlowLogs {
  const { props, tags } = ctx;
  const { name, retention } = ctx.settings;
  const { vpc, kmsKey } = deps;
  const logGroupName = flowLogGroupName(name);
  const flowLogGroup = new CloudwatchLogGroup(scope, 'flow-log-group', {
    name: logGroupName,
    retentionInDays: retention,
    kmsKeyId: kmsKey.arn,
    tags: tags(
      `${name}-flow-logs`,
      retention < 365 ? optOutTag(OPT_OUTS.flowLogRetention, props.flowLogRetentionReason!) : {},
    ),
  });

  const assume = new DataAwsIamPolicyDocument(scope, 'flow-log-assume', {
    statement: [
      {
        effect: 'Allow',
        principals: [{ type: 'Service', identifiers: ['vpc-flow-logs.amazonaws.com'] }],
        actions: ['sts:AssumeRole'],
        // Only flow logs of this account may assume the role (confused-deputy guard).
        condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [ctx.accountId] }],
      },
    ],
  });
  const role = new IamRole(scope, 'flow-log-role', {
    name: `${name}-vpc-flow-logs`,
    assumeRolePolicy: assume.json,
    tags: tags(`${name}-vpc-flow-logs`),
  });
  const write = new DataAwsIamPolicyDocument(scope, 'flow-log-write', {
    statement: [
      {
        effect: 'Allow',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
        resources: [flowLogGroup.arn, `${flowLogGroup.arn}:*`],
      },
      { effect: 'Allow', actions: ['logs:DescribeLogGroups'], resources: ['*'] },
    ],
  });
  new IamRolePolicy(scope, 'flow-log-policy', { name: 'write-flow-logs', role: role.id, policy: write.json });

  const flowLog = new FlowLog(scope, 'flow-log', {
    vpcId: vpc.id,
    trafficType: 'ALL',
    logDestinationType: 'cloud-watch-logs',
    logDestination: flowLogGroup.arn,
    iamRoleArn: role.arn,
    maxAggregationInterval: 60,
    tags: tags(`${name}-flow-log`),
  });
  return { flowLogGroup, flowLog };
}
