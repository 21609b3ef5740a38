import { defineRule, fromProblems } from '../../rule';
import { referenceOf, stringList } from '../../synthesized';
import { topicKeyProblem } from '../sns/util';

export const AlarmNotifiesEncryptedTopic = defineRule({
  id: 'PHI-MON-1',
  name: 'AlarmNotifiesEncryptedTopic',
  level: 'error',
  description: 'Every CloudWatch alarm of a PHI stack notifies an SNS topic of the stack encrypted with a customer-managed key: an alarm nobody hears detects nothing, and its message names PHI systems.',
  control: '§164.308(a)(1)(ii)(D), §164.312(b)',
  anchors: { cdkNag: 'CloudWatchAlarmAction', checkov: '-' },
  resourceTypes: ['aws_cloudwatch_metric_alarm', 'aws_cloudwatch_composite_alarm'],
  check(alarm, context) {
    const actions = stringList(alarm.config.alarm_actions);
    const topics = actions.map(referenceOf).filter((a): a is string => a !== undefined && a.startsWith('aws_sns_topic.'));
    const problems: string[] = [];
    if (topics.length === 0) problems.push(`alarm_actions names no aws_sns_topic of the stack (got ${actions.length === 0 ? 'none' : actions.join(', ')})`);
    for (const address of new Set(topics)) {
      const topic = context.byAddress(address);
      const problem = topic ? topicKeyProblem(topic, context) : `${address} is not in the stack`;
      if (problem) problems.push(`${address}: ${problem}`);
    }
    return fromProblems(problems, 'add the .arn of an aws_sns_topic whose kms_master_key_id is a customer-managed key to alarm_actions (and ok_actions)');
  },
});
