// What the primary and the replicas share: the settings every instance gets (same key, TLS-only
// parameters, monitoring, logs) and the opt-out tags of the checks the props turned off.
import { DbOptionGroup } from '@cdktf/provider-aws/lib/db-option-group';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { OPT_OUTS, optOutTag } from '@phi-stack/constructs-core';
import { RdsMysqlHaContext } from './context';
import { RDS_MYSQL_LOG_EXPORTS } from './props';

/** The resources every instance names. */
export interface InstanceSettingsDeps {
  readonly keyArn: string;
  readonly subnetGroup: DbSubnetGroup;
  readonly securityGroup: SecurityGroup;
  readonly parameterGroup: DbParameterGroup;
  readonly optionGroup: DbOptionGroup;
  readonly monitoringRole: IamRole;
}

/** The shared instance settings and opt-out tags of the RdsMysqlHa (creates no resource). */
export function sharedInstanceSettings(ctx: RdsMysqlHaContext, deps: InstanceSettingsDeps) {
  const { props, settings } = ctx;
  const { keyArn, subnetGroup, securityGroup, parameterGroup, optionGroup, monitoringRole } = deps;
  const optOutTags: Record<string, string> = {};
  if (!settings.multiAz) Object.assign(optOutTags, optOutTag(OPT_OUTS.multiAz, props.multiAzDisabledReason!));
  const deletionTags: Record<string, string> = {};
  if (!settings.deletionProtection) Object.assign(deletionTags, optOutTag(OPT_OUTS.deletionProtection, props.deletionProtectionDisabledReason!));
  const snapshotTags: Record<string, string> = {};
  if (settings.skipFinalSnapshot) Object.assign(snapshotTags, optOutTag(OPT_OUTS.finalSnapshot, props.skipFinalSnapshotReason!));

  // Settings the primary and the replicas share: same key, TLS-only parameters, monitoring, logs.
  const common = {
    engine: 'mysql',
    engineVersion: settings.engineVersion,
    autoMinorVersionUpgrade: true,
    allowMajorVersionUpgrade: props.allowMajorVersionUpgrade === true ? true : undefined,
    storageType: 'gp3',
    storageEncrypted: true,
    kmsKeyId: keyArn,
    port: settings.port,
    dbSubnetGroupName: subnetGroup.name,
    vpcSecurityGroupIds: [securityGroup.id],
    parameterGroupName: parameterGroup.name,
    optionGroupName: optionGroup.name,
    publiclyAccessible: false,
    iamDatabaseAuthenticationEnabled: true,
    caCertIdentifier: 'rds-ca-rsa2048-g1',
    copyTagsToSnapshot: true,
    deletionProtection: settings.deletionProtection,
    monitoringInterval: settings.monitoringIntervalSeconds,
    monitoringRoleArn: monitoringRole.arn,
    performanceInsightsEnabled: true,
    performanceInsightsKmsKeyId: keyArn,
    performanceInsightsRetentionPeriod: settings.performanceInsightsRetentionDays,
    enabledCloudwatchLogsExports: [...RDS_MYSQL_LOG_EXPORTS],
    maintenanceWindow: settings.maintenanceWindow,
  };
  return { common, optOutTags, deletionTags, snapshotTags };
}

/** The settings the primary and the replicas share. */
export type InstanceSettings = ReturnType<typeof sharedInstanceSettings>;
