import { CMK_FIX } from '../../kms';
import { COMPLIANT, defineRule, nonCompliant } from '../../rule';
import { topicKeyProblem } from './util';

export const SnsTopicCmk = defineRule({
  id: 'PHI-SNS-1',
  name: 'SnsTopicCmk',
  level: 'error',
  description: 'SNS topics are encrypted with a customer-managed KMS key (not aws/sns, not unencrypted), so that who reads the messages is governed by a key policy.',
  control: '§164.312(a)(2)(iv)',
  anchors: { cdkNag: 'SNSEncryptedKMS', checkov: 'CKV_AWS_26' },
  resourceTypes: ['aws_sns_topic'],
  check(topic, context) {
    const problem = topicKeyProblem(topic, context);
    return problem ? nonCompliant(problem, `set kms_master_key_id to ${CMK_FIX}, whose policy admits the services that publish`) : COMPLIANT;
  },
});
