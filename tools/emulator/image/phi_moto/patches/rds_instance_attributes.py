"""RDS read replicas get their own state.

moto bug: `RDSBackend.create_db_instance_read_replica` builds the replica with `copy.copy(primary)`,
so the replica shares the source's mutable attributes (tag list, security group ids, CloudWatch
log exports, associated roles) and even its Secrets Manager `MasterUserSecret`: changing one
instance changes the other, and a replica reports the source's managed master password.

AWS behaviour restored: a replica starts as an independent copy of its source; it has no
`MasterUserSecret` of its own (AWS manages the master password on the source only) and its
`ReadReplicaSourceDBInstanceIdentifier` points at the source. Storage autoscaling
(`MaxAllocatedStorage`) is inherited from the source unless the request sets it: the
CreateDBInstanceReadReplica reference says "All other attributes (including DB security groups and
DB parameter groups) are inherited from the source DB instance or cluster, except as specified".
Provider 5.100.0 does not send `max_allocated_storage` with CreateDBInstanceReadReplica; it compares
the configured value with the created replica's and, on a difference, modifies the replica and waits
for `available` a second time (60 s, then three polls 10 s apart). An earlier version of this patch
dropped the inherited value, so every replica that configured the source's maximum (as
rds-mysql-ha's do) paid that second wait, 160 s per replica instead of 80 s.

moto also stores `SourceDBInstanceIdentifier` verbatim, so a replica created from the source's ARN
reports that ARN as `ReadReplicaSourceDBInstanceIdentifier`. AWS reports the plain identifier when
source and replica share a region (the ARN only for cross-region replicas), and the source lists
the replica's identifier in `ReadReplicaDBInstanceIdentifiers`.

Needed by: `aws_db_instance` with `replicate_source_db` next to a source using
`manage_master_user_password`, `enabled_cloudwatch_logs_exports`, `max_allocated_storage` and tags
(a replica that leaves `max_allocated_storage` unset while its source autoscales reads back the
source's maximum and plans `<max> -> null`, as it would in AWS: set it on the replica). Provider 5.100.0
turns a same-region identifier read back for an ARN-configured `replicate_source_db` into
`arn:<partition>:rds:<region>:<account>:db:<id>` from its own account id, so the configured ARN
round-trips; with `skip_requesting_account_id = true` that account id is empty and the ARN form
would diff forever (configure `replicate_source_db` as the identifier there).
"""

from __future__ import annotations

import copy

from ._util import wrap


def apply() -> None:
    from moto.rds.models import RDSBackend

    @wrap(RDSBackend, "create_db_instance_read_replica")
    def create_replica(original, self, db_kwargs):  # type: ignore[no-untyped-def]
        source = self.find_db_from_id(db_kwargs["source_db_instance_identifier"])
        saved = {k: v for k, v in vars(source).items() if isinstance(v, (list, dict, set))}
        # The shallow copy inside moto picks up these private containers; the source gets its
        # originals back afterwards (except `replicas`, which just received the new replica).
        for k, v in saved.items():
            setattr(source, k, copy.copy(v))
        try:
            replica = original(self, db_kwargs)
        finally:
            for k, v in saved.items():
                if k != "replicas":
                    setattr(source, k, v)
        source_id = db_kwargs["source_db_instance_identifier"]
        if self.arn_regex.match(source_id) and source_id.split(":")[3] == self.region_name:
            # same-region source given by ARN: AWS reports (and links) the plain identifier
            replica.source_db_instance_identifier = source.db_instance_identifier
        if getattr(replica, "master_user_secret", None) is not None and replica is not source:
            del replica.master_user_secret
            replica.manage_master_user_password = False
        return replica
