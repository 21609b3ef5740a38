"""RDS refuses read replicas of a source whose master password RDS manages in Secrets Manager.

moto bug: `CreateDBInstanceReadReplica` copies any source, including one created with
`ManageMasterUserPassword=true`. AWS does not: "Limitations for Secrets Manager integration with
Amazon RDS" (RDS User Guide) lists "Creating a read replica when the source DB or DB cluster
manages credentials with Secrets Manager. This applies to all DB engines except RDS for SQL
Server." among the features that do not support a managed master password, so a stack that plans
both applies on moto and fails in a real account.

AWS behaviour restored: the call fails with `InvalidParameterCombination` when the source (by
identifier or ARN) manages its master password and its engine is not SQL Server.

Needed by: rds-mysql-ha's integration suite, so that the combination fails on the emulator too.
"""

from __future__ import annotations

from ._util import wrap

MESSAGE = (
    "Cannot create a read replica of DB instance {source}: its master user password is managed by "
    "RDS in AWS Secrets Manager, which read replicas do not support. Set the master password "
    "yourself (MasterUserPassword) or turn off ManageMasterUserPassword on the source first."
)


def apply() -> None:
    from moto.rds.exceptions import InvalidParameterCombination
    from moto.rds.models import RDSBackend

    @wrap(RDSBackend, "create_db_instance_read_replica")
    def create_replica(original, self, db_kwargs):  # type: ignore[no-untyped-def]
        source_id = db_kwargs.get("source_db_instance_identifier")
        source = self.find_db_from_id(source_id)
        engine = str(getattr(source, "engine", "") or "")
        if getattr(source, "manage_master_user_password", False) and not engine.startswith("sqlserver"):
            raise InvalidParameterCombination(MESSAGE.format(source=source.db_instance_identifier))
        return original(self, db_kwargs)
