import { defineRule, fromProblems } from '../../rule';
import { isSet } from '../../synthesized';
import { cacheBehaviors } from './util';

export const CloudFrontSignedAccess = defineRule({
  id: 'PHI-CF-6',
  name: 'CloudFrontSignedAccess',
  level: 'error',
  description: 'Every CloudFront cache behavior requires signed URLs or cookies through a trusted key group, because every object served is PHI.',
  control: '§164.312(d)',
  anchors: { cdkNag: '-', checkov: '-' },
  resourceTypes: ['aws_cloudfront_distribution'],
  check(d) {
    const problems = cacheBehaviors(d)
      .filter((b) => !isSet(b.trusted_key_groups))
      .map((b) => `cache behavior ${String(b.path_pattern ?? 'default')} has no trusted_key_groups`);
    return fromProblems(problems, 'set trusted_key_groups = [aws_cloudfront_key_group id] on every cache behavior (trusted_signers uses root keys and is not accepted)');
  },
});
