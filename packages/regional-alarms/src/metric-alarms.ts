// One aws_cloudwatch_metric_alarm per spec, notifying the topic on ALARM and on OK.
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { Construct } from 'constructs';
import { AlarmSpec } from './alarm-specs';
import { RegionalAlarmsContext } from './context';

/** Name of the alarm of `spec`: `<name>-<spec id>`. */
export const alarmName = (name: string, spec: AlarmSpec): string => `${name}-${spec.id}`;

/** The alarms of `specs`, at construct ids `alarm-<spec id>`. */
export function createMetricAlarms(scope: Construct, ctx: RegionalAlarmsContext, specs: readonly AlarmSpec[], topicArn: string): CloudwatchMetricAlarm[] {
  return specs.map(
    (spec) =>
      new CloudwatchMetricAlarm(scope, `alarm-${spec.id}`, {
        alarmName: alarmName(ctx.name, spec),
        alarmDescription: `phi-stack ${ctx.name}: ${spec.description}`,
        namespace: spec.namespace,
        metricName: spec.metricName,
        dimensions: spec.dimensions,
        statistic: spec.statistic,
        period: spec.period,
        evaluationPeriods: spec.evaluationPeriods,
        datapointsToAlarm: spec.datapointsToAlarm,
        comparisonOperator: spec.comparisonOperator,
        threshold: spec.threshold,
        treatMissingData: spec.treatMissingData,
        alarmActions: [topicArn],
        okActions: [topicArn],
        tags: ctx.tags,
      }),
  );
}
