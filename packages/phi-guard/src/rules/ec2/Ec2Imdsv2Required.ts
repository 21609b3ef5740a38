import { COMPLIANT, defineRule, nonCompliant } from '../../rule';
import { block, describeUnknown, isUnknown, literalString } from '../../synthesized';

export const Ec2Imdsv2Required = defineRule({
  id: 'PHI-EC2-1',
  name: 'Ec2Imdsv2Required',
  level: 'error',
  description: 'Instances require IMDSv2 session tokens, so that an SSRF in the application cannot read the instance role credentials that reach PHI.',
  control: '§164.312(a)(1)',
  anchors: { cdkNag: 'EC2IMDSv2Enabled', checkov: 'CKV_AWS_79' },
  resourceTypes: ['aws_launch_template', 'aws_instance'],
  check(r) {
    const options = block(r.config.metadata_options);
    if (literalString(options?.http_endpoint) === 'disabled') return COMPLIANT;
    const tokens = options?.http_tokens;
    if (literalString(tokens) === 'required') return COMPLIANT;
    return nonCompliant(
      `metadata_options.http_tokens is ${isUnknown(tokens) ? describeUnknown(tokens) : String(tokens ?? 'not set (optional)')}`,
      'set metadata_options { http_tokens = "required", http_put_response_hop_limit = 1 }',
    );
  },
});
