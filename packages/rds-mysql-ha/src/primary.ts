// The primary instance: Multi-AZ, the master user with its write-only password, backups and the
// final snapshot, created after its log groups and the monitoring policy.
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import { RdsMysqlHaContext } from './context';
import { InstanceSettings } from './instance-settings';
import { InstanceLogGroups } from './log-groups';

/** What the primary reads from the other families. */
export interface PrimaryDeps {
  readonly shared: InstanceSettings;
  readonly passwordRef: string;
  readonly monitoringPolicy: IamRolePolicyAttachment;
  readonly logs: InstanceLogGroups;
}

/** The primary instance of the RdsMysqlHa at `scope`, with its log groups. */
export function createPrimary(scope: Construct, ctx: RdsMysqlHaContext, deps: PrimaryDeps): DbInstance {
  const { props, settings, name, tags } = ctx;
  const { common, optOutTags, deletionTags, snapshotTags } = deps.shared;
  const { passwordRef, monitoringPolicy } = deps;
  const { logGroupsOf } = deps.logs;
  const primary = new DbInstance(scope, 'primary', {
    ...common,
    identifier: name,
    instanceClass: settings.instanceClass,
    allocatedStorage: settings.allocatedStorageGiB,
    maxAllocatedStorage: settings.maxAllocatedStorageGiB,
    multiAz: settings.multiAz,
    username: settings.masterUsername,
    dbName: props.databaseName,
    // Write-only: sent to RDS when the version changes, never stored in plan or state.
    passwordWo: passwordRef,
    passwordWoVersion: settings.masterPasswordVersion,
    backupRetentionPeriod: settings.backupRetentionDays,
    backupWindow: settings.backupWindow,
    skipFinalSnapshot: settings.skipFinalSnapshot,
    finalSnapshotIdentifier: settings.skipFinalSnapshot ? undefined : `${name}-final`,
    deleteAutomatedBackups: false,
    dependsOn: [monitoringPolicy, ...logGroupsOf(name, 'primary')],
    tags: { ...tags, ...optOutTags, ...deletionTags, ...snapshotTags, Name: name, 'phi-stack:role': 'primary' },
  });
  return primary;
}
