"""RDS instances of engine mysql run a real MariaDB server, when the container asks for it.

Not a moto bug but an extension (issue 12, docs/engines.md): moto only records an RDS instance, so
a stack's database can be planned and applied but never connected to. With `PHI_MOTO_ENGINES`
naming `mysql` (and `PHI_MOTO_ENGINE_PORTS`, see phi_moto/mysql_engine.py), this patch makes

- CreateDBInstance (engine mysql, not in a cluster) start a MariaDB 10.11 with its own datadir on a
  free engine port, TLS with the container's CA, `require_secure_transport` as the instance's
  parameter group sets it (off otherwise), and the master user with `MasterUserPassword` and every
  privilege but SUPER and READ_ONLY ADMIN. Endpoint.Address is `PHI_MOTO_ENGINE_ADDRESS`
  (127.0.0.1) and Endpoint.Port the host port the engine port is published on. Without a
  MasterUserPassword (or with ManageMasterUserPassword) the call fails with InvalidParameterValue;
- CreateDBInstanceReadReplica start a second server replicating from the source over TLS with
  GTID, `read_only` ON;
- ModifyDBInstance with MasterUserPassword run ALTER USER (with DBParameterGroupName, set
  `require_secure_transport` from the new group);
- DeleteDBInstance stop the server and remove its datadir.

Without the flag the patch changes nothing. The CA is at /var/lib/phi-engines/pki/ca.pem in the
container (made when the patch is applied, before moto answers).
"""

from __future__ import annotations

import os
from typing import Any, Mapping

from ._util import wrap

ENGINE = "mysql"
NEEDS_PASSWORD = (
    "The emulator runs a real MySQL-compatible server for this instance and needs its master password: "
    "the stack must pass MasterUserPassword (ManageMasterUserPassword, a password kept by RDS in "
    "Secrets Manager, is not supported by the emulator's engines yet)."
)

manager: Any = None  # phi_moto.mysql_engine.MariaDB (or a stand-in in tests) once installed


def require_secure_transport(backend: Any, group_name: str | None) -> bool:
    group = backend.db_parameter_groups.get(group_name) if group_name else None
    if group is None:
        return False
    from phi_moto.mysql_engine import truthy

    return truthy((group.parameters.get("require_secure_transport") or {}).get("ParameterValue", "0"))


def runs_engine(database: Any) -> bool:
    return getattr(database, "phi_engine_port", None) is not None


def apply(env: Mapping[str, str] | None = None) -> None:
    env = os.environ if env is None else env
    from phi_moto.mysql_engine import MariaDB, Settings, enabled_engines

    if ENGINE not in enabled_engines(env):
        return
    engines = MariaDB(Settings.from_env(env))
    engines.ensure_pki()
    install(engines)


def install(engines: Any) -> None:
    """Wires `engines` (start/stop/alter_password/set_require_secure_transport) into moto's RDS backend.

    The wrappers do nothing while `manager` is None (tests reset it after use)."""
    global manager
    from moto.rds.exceptions import InvalidParameterValue
    from moto.rds.models import DBInstance, RDSBackend

    from phi_moto.mysql_engine import EngineError

    manager = engines
    if getattr(RDSBackend, "__phi_moto_mysql_engine__", False):
        return
    RDSBackend.__phi_moto_mysql_engine__ = True  # type: ignore[attr-defined]
    original_address = DBInstance.__dict__["address"].fget
    if not getattr(original_address, "__phi_moto__", False):

        def address(self):  # type: ignore[no-untyped-def]
            return self.__dict__.get("phi_engine_address") or original_address(self)

        address.__phi_moto__ = True  # type: ignore[attr-defined]
        DBInstance.address = property(address)

    def fail(err: Exception) -> Exception:
        return InvalidParameterValue(f"The emulator could not run the instance's MySQL-compatible server: {err}")

    def attach(database: Any, instance: Any) -> None:
        database.phi_engine_port = instance.port
        database.phi_engine_address = manager.settings.address
        database.port = instance.host_port

    @wrap(RDSBackend, "create_db_instance")
    def create(original, self, db_kwargs):  # type: ignore[no-untyped-def]
        if manager is None or str(db_kwargs.get("engine") or "").lower() != ENGINE or db_kwargs.get("db_cluster_identifier"):
            return original(self, db_kwargs)
        password = db_kwargs.get("master_user_password")
        if not password or db_kwargs.get("manage_master_user_password"):
            raise InvalidParameterValue(NEEDS_PASSWORD)
        database = original(self, db_kwargs)
        try:
            instance = manager.start(
                database.master_username, password,
                require_secure_transport=require_secure_transport(self, db_kwargs.get("db_parameter_group_name")),
            )
        except EngineError as err:
            self.databases.pop(database.db_instance_identifier, None)
            raise fail(err) from err
        attach(database, instance)
        return database

    @wrap(RDSBackend, "create_db_instance_read_replica")
    def create_replica(original, self, db_kwargs):  # type: ignore[no-untyped-def]
        replica = original(self, db_kwargs)
        if manager is None:
            return replica
        source_port = replica.__dict__.pop("phi_engine_port", None)  # copy.copy of the source kept its engine
        replica.__dict__.pop("phi_engine_address", None)
        if source_port is None:
            return replica
        group = db_kwargs.get("db_parameter_group_name") or replica.db_parameter_group_name
        try:
            instance = manager.start(replica.master_username, "", require_secure_transport=require_secure_transport(self, group),
                                     source_port=source_port)
        except EngineError as err:
            self.databases.pop(replica.db_instance_identifier, None)
            source = self.find_db_from_id(db_kwargs["source_db_instance_identifier"])
            source.remove_replica(replica)
            raise fail(err) from err
        attach(replica, instance)
        return replica

    @wrap(RDSBackend, "modify_db_instance")
    def modify(original, self, db_instance_identifier, db_kwargs):  # type: ignore[no-untyped-def]
        password = db_kwargs.get("master_user_password")
        group = db_kwargs.get("db_parameter_group_name")
        database = original(self, db_instance_identifier, db_kwargs)
        if manager is not None and runs_engine(database):
            try:
                if password and not database.is_replica:
                    manager.alter_password(database.phi_engine_port, database.master_username, password)
                if group:
                    manager.set_require_secure_transport(database.phi_engine_port, require_secure_transport(self, group))
            except EngineError as err:
                raise fail(err) from err
        return database

    @wrap(RDSBackend, "delete_db_instance")
    def delete(original, self, db_instance_identifier, *args, **kwargs):  # type: ignore[no-untyped-def]
        database = original(self, db_instance_identifier, *args, **kwargs)
        if manager is not None and runs_engine(database):
            manager.stop(database.phi_engine_port)
        return database
