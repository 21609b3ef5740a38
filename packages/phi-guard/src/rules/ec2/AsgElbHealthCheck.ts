import { COMPLIANT, defineRule, NOT_APPLICABLE, nonCompliant } from '../../rule';
import { describeUnknown, isSet, isUnknown, literalString, refersTo } from '../../synthesized';

export const AsgElbHealthCheck = defineRule({
  id: 'PHI-ASG-1',
  name: 'AsgElbHealthCheck',
  level: 'error',
  description: 'Auto Scaling groups behind a load balancer replace instances that fail the load balancer health check.',
  control: '§164.308(a)(7)(ii)(C)',
  anchors: { cdkNag: 'AutoScalingGroupELBHealthCheckRequired', checkov: '-' },
  resourceTypes: ['aws_autoscaling_group'],
  check(asg, context) {
    const attached =
      isSet(asg.config.target_group_arns) ||
      isSet(asg.config.load_balancers) ||
      ['aws_autoscaling_attachment', 'aws_autoscaling_traffic_source_attachment'].some((t) =>
        context.byType(t, 'resource').some((a) => refersTo(a.config.autoscaling_group_name, asg.address)),
      );
    if (!attached) return NOT_APPLICABLE;
    const type = asg.config.health_check_type;
    return literalString(type) === 'ELB'
      ? COMPLIANT
      : nonCompliant(`health_check_type is ${isUnknown(type) ? describeUnknown(type) : String(type ?? 'not set (EC2)')}`, 'set health_check_type = "ELB" with a health_check_grace_period');
  },
});
