// The log groups of the exported MySQL logs, encrypted with the key: RDS would create them
// unencrypted and kept forever, so each instance's groups are created just before the instance.
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { Construct } from 'constructs';
import { RdsMysqlHaContext } from './context';
import { RDS_MYSQL_LOG_EXPORTS } from './props';

/** The log groups of the database's instances. */
export interface InstanceLogGroups {
  /** Every log group created so far, keyed `<instance identifier>/<log>`. */
  readonly logGroups: Record<string, CloudwatchLogGroup>;
  /** Creates the log groups of the instance `identifier`, with construct ids `<idPrefix>-log-<log>`. */
  readonly logGroupsOf: (identifier: string, idPrefix: string) => CloudwatchLogGroup[];
}

/** The log groups of the RdsMysqlHa at `scope`, encrypted with `keyArn`; none exist until `logGroupsOf` is called. */
export function instanceLogGroups(scope: Construct, ctx: RdsMysqlHaContext, deps: { keyArn: string }): InstanceLogGroups {
  const { settings, tags } = ctx;
  const { keyArn } = deps;
  // RDS would create these groups unencrypted and kept forever; created first, they are ours.
  const logGroups: Record<string, CloudwatchLogGroup> = {};
  const logGroupsOf = (identifier: string, idPrefix: string): CloudwatchLogGroup[] =>
    RDS_MYSQL_LOG_EXPORTS.map((log) => {
      const group = new CloudwatchLogGroup(scope, `${idPrefix}-log-${log}`, {
        name: `/aws/rds/instance/${identifier}/${log}`,
        kmsKeyId: keyArn,
        retentionInDays: settings.logRetentionDays,
        tags,
      });
      logGroups[`${identifier}/${log}`] = group;
      return group;
    });
  return { logGroups, logGroupsOf };
}
