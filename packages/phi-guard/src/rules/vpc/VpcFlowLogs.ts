import { COMPLIANT, defineRule, nonCompliant } from '../../rule';
import { refersTo } from '../../synthesized';

export const VpcFlowLogs = defineRule({
  id: 'PHI-VPC-1',
  name: 'VpcFlowLogs',
  level: 'error',
  description: 'Every VPC has a flow log, so that network access to PHI systems is recorded.',
  control: '§164.312(b)',
  anchors: { cdkNag: 'VPCFlowLogsEnabled', checkov: 'CKV2_AWS_11' },
  resourceTypes: ['aws_vpc'],
  check(vpc, context) {
    const logged = context.byType('aws_flow_log', 'resource').some((f) => refersTo(f.config.vpc_id, vpc.address));
    return logged ? COMPLIANT : nonCompliant('no aws_flow_log references the VPC', 'add an aws_flow_log with vpc_id = the VPC id, traffic_type = "ALL", to an encrypted log group');
  },
});
