// The MySQL configuration of the database: the parameter group (TLS only, slow and general logs,
// `parameters`) and the option group with the MariaDB audit plugin, both named by major version.
import { DbOptionGroup } from '@cdktf/provider-aws/lib/db-option-group';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import { Construct } from 'constructs';
import { RdsMysqlHaContext } from './context';
import { mysqlParameterGroupFamily } from './props';

/** The parameter and option groups of the database. */
export interface EngineGroups {
  readonly parameterGroup: DbParameterGroup;
  readonly optionGroup: DbOptionGroup;
}

/** The parameter group and the audit option group of the RdsMysqlHa at `scope`. */
export function createEngineGroups(scope: Construct, ctx: RdsMysqlHaContext): EngineGroups {
  const { props, settings, name, tags } = ctx;
  const parameters: Record<string, string> = {
    ...(props.parameters ?? {}),
    // Off by default on RDS for MySQL 8.4 and lower, so always set. MySQL on RDS instances stores
    // this boolean as 1 (aurora clusters show ON); 1 round-trips.
    require_secure_transport: '1',
    local_infile: props.parameters?.local_infile ?? '0',
    log_output: 'FILE',
    slow_query_log: '1',
    long_query_time: String(settings.slowQueryThresholdSeconds),
    general_log: props.generalLogEnabled ? '1' : '0',
  };
  // Names carry the major version (`-mysql84`) and the groups are created before the old ones
  // are destroyed: a major version upgrade needs groups of the new family, and RDS refuses to
  // delete a group that an instance still uses.
  const versionSuffix = `mysql${settings.majorVersion.replace('.', '')}`;
  const parameterGroup = new DbParameterGroup(scope, 'parameter-group', {
    name: `${name}-${versionSuffix}`,
    family: mysqlParameterGroupFamily(settings.majorVersion),
    description: `phi-stack ${name}: TLS-only MySQL ${settings.majorVersion} with slow and audit logging`,
    parameter: Object.keys(parameters)
      .sort()
      .map((key) => ({ name: key, value: parameters[key] })),
    tags,
    lifecycle: { createBeforeDestroy: true },
  });
  const optionGroup = new DbOptionGroup(scope, 'option-group', {
    name: `${name}-${versionSuffix}-audit`,
    engineName: 'mysql',
    majorEngineVersion: settings.majorVersion,
    optionGroupDescription: `phi-stack ${name}: MariaDB audit plugin`,
    option: [
      {
        optionName: 'MARIADB_AUDIT_PLUGIN',
        optionSettings: [
          { name: 'SERVER_AUDIT_EVENTS', value: settings.auditEvents.join(',') },
          // The RDS service account's own housekeeping would drown the trail.
          { name: 'SERVER_AUDIT_EXCL_USERS', value: 'rdsadmin' },
        ],
      },
    ],
    tags,
    lifecycle: { createBeforeDestroy: true },
  });
  return { parameterGroup, optionGroup };
}
