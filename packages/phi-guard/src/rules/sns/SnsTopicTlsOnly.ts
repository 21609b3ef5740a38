import { readPolicy } from '../../policy';
import { COMPLIANT, defineRule, nonCompliant } from '../../rule';
import { referencedAddresses } from '../../synthesized';
import { deniesInsecureTransport } from './util';

export const SnsTopicTlsOnly = defineRule({
  id: 'PHI-SNS-2',
  name: 'SnsTopicTlsOnly',
  level: 'error',
  description: 'SNS topic policies deny requests without TLS (aws:SecureTransport = false), on the topic\'s own policy and on every aws_sns_topic_policy of the topic.',
  control: '§164.312(e)(1)',
  anchors: { cdkNag: 'SNSTopicSSLPublishOnly', checkov: '-' },
  resourceTypes: ['aws_sns_topic'],
  check(topic, context) {
    const fix = 'add a Deny statement for sns:Publish (and Subscribe) on the topic with condition Bool aws:SecureTransport = false';
    const writers = [
      ...(topic.config.policy !== undefined ? [{ where: `the topic's policy`, policy: topic.config.policy }] : []),
      ...context
        .byType('aws_sns_topic_policy', 'resource')
        .filter((p) => referencedAddresses(p.config.arn).includes(topic.address))
        .map((p) => ({ where: p.address, policy: p.config.policy })),
    ];
    if (writers.length === 0) return nonCompliant('no policy is written to the topic (the default policy admits requests without TLS)', fix);
    const problems = writers.flatMap(({ where, policy }) => {
      const doc = readPolicy(policy, context);
      if (doc === 'unknown') return [`${where} is an expression the guard cannot read at synth`];
      if (doc === 'absent' || !deniesInsecureTransport(doc)) return [`${where} does not deny aws:SecureTransport = false`];
      return [];
    });
    return problems.length === 0 ? COMPLIANT : nonCompliant(problems.join('; '), fix);
  },
});
