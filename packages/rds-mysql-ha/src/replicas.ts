// The read replicas: one per `readReplicaCount`, spread over the subnets' Availability Zones, each
// created after its log groups and the monitoring policy.
import { DataAwsSubnet } from '@cdktf/provider-aws/lib/data-aws-subnet';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import { RdsMysqlHaContext } from './context';
import { InstanceSettings } from './instance-settings';
import { InstanceLogGroups } from './log-groups';

/** What the replicas read from the other families. */
export interface ReplicasDeps {
  readonly shared: InstanceSettings;
  readonly primary: DbInstance;
  readonly monitoringPolicy: IamRolePolicyAttachment;
  readonly logs: InstanceLogGroups;
}

/** The read replicas of the RdsMysqlHa at `scope`, in order, with their log groups. */
export function createReplicas(scope: Construct, ctx: RdsMysqlHaContext, deps: ReplicasDeps): DbInstance[] {
  const { props, settings, name, tags } = ctx;
  const { common, deletionTags } = deps.shared;
  const { primary, monitoringPolicy } = deps;
  const { logGroupsOf } = deps.logs;
  // Replicas land in the subnets' AZs in turn; the subnets are looked up so that ids created in the
  // same stack work too.
  const subnetAzs = props.subnetAvailabilityZones ?? props.subnetIds.map((subnetId, i) => new DataAwsSubnet(scope, `subnet-${i}`, { id: subnetId }).availabilityZone);
  const replicas: DbInstance[] = [];
  for (let i = 0; i < settings.readReplicaCount; i++) {
    const identifier = `${name}-replica-${i + 1}`;
    replicas.push(
      new DbInstance(scope, `replica-${i + 1}`, {
        ...common,
        identifier,
        instanceClass: settings.replicaInstanceClass,
        // An ARN, not the identifier: the provider requires one when the replica names a subnet group.
        replicateSourceDb: primary.arn,
        availabilityZone: subnetAzs[(i + 1) % subnetAzs.length],
        maxAllocatedStorage: settings.maxAllocatedStorageGiB,
        // RDS refuses a final snapshot of a read replica; the primary's backups hold the data.
        skipFinalSnapshot: true,
        dependsOn: [monitoringPolicy, ...logGroupsOf(identifier, `replica-${i + 1}`)],
        tags: { ...tags, ...deletionTags, Name: identifier, 'phi-stack:role': 'read-replica' },
      }),
    );
  }
  return replicas;
}
