"""RDS read replicas get their own state.

moto bug: `RDSBackend.create_db_instance_read_replica` builds the replica with `copy.copy(primary)`,
so the replica shares the source's mutable attributes (tag list, security group ids, CloudWatch
log exports, associated roles) and even its Secrets Manager `MasterUserSecret`: changing one
instance changes the other, and a replica reports the source's managed master password.

AWS behaviour restored: a replica starts as an independent copy of its source; it has no
`MasterUserSecret` of its own (AWS manages the master password on the source only) and its
`ReadReplicaSourceDBInstanceIdentifier` points at the source; storage autoscaling
(`MaxAllocatedStorage`) is only set when requested for the replica.

Needed by: `aws_db_instance` with `replicate_source_db` next to a source using
`manage_master_user_password`, `enabled_cloudwatch_logs_exports`, `max_allocated_storage` and tags
(a replica without `max_allocated_storage` otherwise plans `100 -> null` forever).
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
        if db_kwargs.get("max_allocated_storage") is None:
            # storage autoscaling is a per-instance setting that a replica does not inherit
            replica.max_allocated_storage = replica.allocated_storage
        if getattr(replica, "master_user_secret", None) is not None and replica is not source:
            del replica.master_user_secret
            replica.manage_master_user_password = False
        return replica
