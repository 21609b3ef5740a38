import { COMPLIANT, defineRule, nonCompliant } from '../../rule';
import { isTrue } from '../../synthesized';

export const CloudTrailMultiRegion = defineRule({
  id: 'PHI-CT-3',
  name: 'CloudTrailMultiRegion',
  level: 'error',
  description: 'CloudTrail trails are multi-region, so that API activity in a region the stack does not use (a favourite of intruders) is recorded too.',
  control: '§164.312(b)',
  anchors: { cdkNag: '-', checkov: 'CKV_AWS_67' },
  resourceTypes: ['aws_cloudtrail'],
  check(t) {
    return isTrue(t.config.is_multi_region_trail) ? COMPLIANT : nonCompliant('is_multi_region_trail is not true', 'set is_multi_region_trail = true (and include_global_service_events = true)');
  },
});
