// The alarm topic and its policy: TLS only, and only the three services may publish, each confined.
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { Construct } from 'constructs';
import { RegionalAlarmsContext } from './context';
import { PUBLISHING_SERVICES } from './encryption-key';

/** The SNS topic `<name>-alarms`, encrypted with `keyArn`. */
export function createTopic(scope: Construct, ctx: RegionalAlarmsContext, keyArn: string): SnsTopic {
  return new SnsTopic(scope, 'topic', { name: `${ctx.name}-alarms`, kmsMasterKeyId: keyArn, tags: ctx.tags });
}

export interface TopicPolicyDeps {
  readonly topic: SnsTopic;
  /** ARNs of the DB instances whose events the subscription sends. */
  readonly dbInstanceArns: string[];
  /** ARN of the EventBridge rule that forwards ElastiCache events. */
  readonly ruleArn: string;
}

/**
 * The topic's policy: deny every request without TLS; allow Publish to CloudWatch (alarms of this
 * account named `<name>-*`), RDS (events of these DB instances) and EventBridge (this rule), each
 * with aws:SourceAccount and aws:SourceArn (CloudWatch, RDS and EventBridge guides, confused deputy).
 */
export function createTopicPolicy(scope: Construct, ctx: RegionalAlarmsContext, deps: TopicPolicyDeps): SnsTopicPolicy {
  const account = { test: 'StringEquals', variable: 'aws:SourceAccount', values: [ctx.accountId] };
  const allow = (sid: string, service: string, test: string, sourceArns: string[]) => ({
    sid,
    effect: 'Allow',
    principals: [{ type: 'Service', identifiers: [service] }],
    actions: ['sns:Publish'],
    resources: [deps.topic.arn],
    condition: [account, { test, variable: 'aws:SourceArn', values: sourceArns }],
  });
  const document = new DataAwsIamPolicyDocument(scope, 'topic-policy-document', {
    statement: [
      {
        sid: 'DenyInsecureTransport',
        effect: 'Deny',
        principals: [{ type: '*', identifiers: ['*'] }],
        actions: ['sns:Publish', 'sns:Subscribe', 'sns:Receive'],
        resources: [deps.topic.arn],
        condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
      },
      allow('CloudWatchAlarms', PUBLISHING_SERVICES.cloudwatch, 'ArnLike', [`arn:${ctx.partition}:cloudwatch:${ctx.region}:${ctx.accountId}:alarm:${ctx.name}-*`]),
      allow('RdsEventSubscription', PUBLISHING_SERVICES.rds, 'ArnEquals', deps.dbInstanceArns),
      allow('EventBridgeRule', PUBLISHING_SERVICES.eventbridge, 'ArnEquals', [deps.ruleArn]),
    ],
  });
  return new SnsTopicPolicy(scope, 'topic-policy', { arn: deps.topic.arn, policy: document.json });
}
