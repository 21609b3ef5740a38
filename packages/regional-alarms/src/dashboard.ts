// The dashboard `<name>`: one alarm-status widget per alarm group.
import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { Construct } from 'constructs';
import { ALARM_GROUPS, AlarmGroup, AlarmSpec } from './alarm-specs';
import { RegionalAlarmsContext } from './context';

const TITLES: Record<AlarmGroup, string> = { alb: 'Load balancer', web: 'Web tier', database: 'Database', cache: 'Cache' };

/** The dashboard, a 24-column grid of one full-width alarm widget per group. */
export function createDashboard(scope: Construct, ctx: RegionalAlarmsContext, specs: readonly AlarmSpec[], alarms: readonly CloudwatchMetricAlarm[]): CloudwatchDashboard {
  const widgets = ALARM_GROUPS.map((group, i) => ({
    type: 'alarm',
    x: 0,
    y: i * 6,
    width: 24,
    height: 6,
    properties: { title: `${TITLES[group]} (${ctx.name})`, alarms: alarms.filter((_, j) => specs[j].group === group).map((a) => a.arn) },
  }));
  return new CloudwatchDashboard(scope, 'dashboard', { dashboardName: ctx.name, dashboardBody: JSON.stringify({ widgets }) });
}
