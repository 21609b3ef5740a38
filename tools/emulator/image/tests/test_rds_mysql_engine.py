"""rds_mysql_engine and phi_moto.mysql_engine, without MariaDB: the parsing, my.cnf and SQL, and the
wiring into moto's RDS API with a stand-in engine manager. The real servers are exercised by
tools/emulator/integration/mysql-engine.integration.ts."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from botocore.exceptions import ClientError

from phi_moto import mysql_engine as me
from phi_moto.patches import rds_mysql_engine


def test_port_range_and_map_parse_and_explain_mistakes():
    assert me.parse_port_range("15000-15002") == [15000, 15001, 15002]
    assert me.parse_port_range("15000") == [15000]
    assert me.parse_port_map("15000:41234, 15001:41235") == {15000: 41234, 15001: 41235}
    assert me.parse_port_map("") == {}
    for bad in ("", "a-b", "15002-15000", "80-90"):
        with pytest.raises(me.EngineError, match="PHI_MOTO_ENGINE_PORTS"):
            me.parse_port_range(bad)
    with pytest.raises(me.EngineError, match="<container port>:<host port>"):
        me.parse_port_map("15000")
    s = me.Settings.from_env({"PHI_MOTO_ENGINE_PORTS": "15000-15001", "PHI_MOTO_ENGINE_PORT_MAP": "15000:40000"})
    assert (s.host_port(15000), s.host_port(15001), s.address, str(s.root)) == (40000, 15001, "127.0.0.1", "/var/lib/phi-engines")


def test_enabled_engines_is_off_unless_named():
    assert me.enabled_engines({}) == set()
    assert me.enabled_engines({"PHI_MOTO_ENGINES": "redis, MySQL"}) == {"redis", "mysql"}


def test_apply_without_the_flag_changes_nothing(monkeypatch):
    monkeypatch.setattr(rds_mysql_engine, "install", lambda engines: pytest.fail("installed without PHI_MOTO_ENGINES"))
    rds_mysql_engine.apply({"PHI_MOTO_ENGINES": "redis"})
    assert rds_mysql_engine.manager is None


def test_my_cnf_sets_tls_transport_and_read_only():
    cnf = me.my_cnf(Path("/e/15001"), Path("/e/pki"), 15001, require_secure_transport=True, read_only=True)
    for line in ("port=15001", "server_id=15001", "datadir=/e/15001/data", "ssl_ca=/e/pki/ca.pem", "require_secure_transport=ON",
                 "read_only=ON", "gtid_strict_mode=ON", "log_bin=/e/15001/data/binlog"):
        assert line in cnf.splitlines()
    cnf = me.my_cnf(Path("/e/1"), Path("/e/pki"), 15000, require_secure_transport=False, read_only=False)
    assert "require_secure_transport=OFF" in cnf and "read_only=OFF" in cnf


def test_master_user_has_no_super_or_read_only_admin_and_strings_are_quoted():
    sql = me.primary_users_sql("admin", "pa'ss\\word", "r")
    assert "CREATE USER 'admin'@'%' IDENTIFIED BY 'pa\\'ss\\\\word';" in sql
    assert "REVOKE SUPER, READ_ONLY ADMIN ON *.* FROM 'admin'@'%';" in sql
    assert "GRANT REPLICATION SLAVE ON *.* TO 'phi_repl'@'%';" in sql
    assert me.alter_password_sql("admin", "New-1") == "ALTER USER 'admin'@'%' IDENTIFIED BY 'New-1';\n"
    rep = me.replica_sql(15000, "r", Path("/e/pki"))
    assert "MASTER_PORT=15000" in rep and "MASTER_SSL=1" in rep and "MASTER_SSL_VERIFY_SERVER_CERT=1" in rep
    assert "MASTER_USE_GTID=slave_pos" in rep and rep.endswith("START SLAVE;\n")


@dataclass
class FakeInstance:
    port: int
    host_port: int


class FakeEngines:
    """Records what the patch asks of the engine manager."""

    def __init__(self):
        self.settings = me.Settings(ports=[15000, 15001], port_map={15000: 41000, 15001: 41001})
        self.calls: list[tuple] = []
        self.next = 15000

    def start(self, master_user, password, *, require_secure_transport, source_port=None):
        if self.next > 15001:
            raise me.EngineError("all 2 engine ports (15000-15001) are in use")
        port, self.next = self.next, self.next + 1
        self.calls.append(("start", port, master_user, password, require_secure_transport, source_port))
        return FakeInstance(port, self.settings.host_port(port))

    def alter_password(self, port, user, password):
        self.calls.append(("alter", port, user, password))

    def set_require_secure_transport(self, port, on):
        self.calls.append(("rst", port, on))

    def stop(self, port):
        self.calls.append(("stop", port))


@pytest.fixture
def engines():
    fake = FakeEngines()
    rds_mysql_engine.install(fake)
    yield fake
    rds_mysql_engine.manager = None


def _create(rds, name="db", **extra):
    return rds.create_db_instance(DBInstanceIdentifier=name, DBInstanceClass="db.t3.micro", Engine="mysql", EngineVersion="8.0.40",
                                  AllocatedStorage=20, MasterUsername="admin", **extra)["DBInstance"]


def test_instances_start_servers_and_report_their_host_ports(client, engines):
    rds = client("rds")
    rds.create_db_parameter_group(DBParameterGroupName="tls", DBParameterGroupFamily="mysql8.0", Description="tls")
    rds.modify_db_parameter_group(DBParameterGroupName="tls", Parameters=[
        {"ParameterName": "require_secure_transport", "ParameterValue": "1", "ApplyMethod": "immediate"}])
    p = _create(rds, MasterUserPassword="Master-Pw-1", DBParameterGroupName="tls")
    assert p["Endpoint"] == {"Address": "127.0.0.1", "Port": 41000}
    r = rds.create_db_instance_read_replica(DBInstanceIdentifier="db-replica", SourceDBInstanceIdentifier="db")["DBInstance"]
    assert r["Endpoint"] == {"Address": "127.0.0.1", "Port": 41001}
    assert engines.calls == [("start", 15000, "admin", "Master-Pw-1", True, None), ("start", 15001, "admin", "", True, 15000)]
    described = {d["DBInstanceIdentifier"]: d["Endpoint"]["Port"] for d in rds.describe_db_instances()["DBInstances"]}
    assert described == {"db": 41000, "db-replica": 41001}

    rds.modify_db_instance(DBInstanceIdentifier="db", MasterUserPassword="Master-Pw-2", ApplyImmediately=True)
    rds.modify_db_instance(DBInstanceIdentifier="db-replica", MasterUserPassword="Master-Pw-3", ApplyImmediately=True)
    assert engines.calls[2:] == [("alter", 15000, "admin", "Master-Pw-2")]  # a replica gets the change by replication

    rds.delete_db_instance(DBInstanceIdentifier="db-replica", SkipFinalSnapshot=True)
    rds.delete_db_instance(DBInstanceIdentifier="db", SkipFinalSnapshot=True)
    assert engines.calls[3:] == [("stop", 15001), ("stop", 15000)]


def test_without_a_parameter_group_transport_security_is_off_and_other_engines_are_untouched(client, engines):
    rds = client("rds")
    _create(rds, MasterUserPassword="Master-Pw-1")
    pg = rds.create_db_instance(DBInstanceIdentifier="pg", DBInstanceClass="db.t3.micro", Engine="postgres", AllocatedStorage=20,
                                MasterUsername="admin", MasterUserPassword="Master-Pw-1")["DBInstance"]
    assert engines.calls == [("start", 15000, "admin", "Master-Pw-1", False, None)]
    assert pg["Endpoint"]["Address"].endswith(".rds.amazonaws.com")


def test_a_missing_master_password_or_a_full_port_range_fails_in_clear_words(client, engines):
    rds = client("rds")
    with pytest.raises(ClientError, match="the stack must pass MasterUserPassword"):
        _create(rds)
    with pytest.raises(ClientError, match="the stack must pass MasterUserPassword"):
        _create(rds, ManageMasterUserPassword=True)
    _create(rds, "a", MasterUserPassword="Master-Pw-1")
    _create(rds, "b", MasterUserPassword="Master-Pw-1")
    with pytest.raises(ClientError, match="engine ports .* are in use"):
        _create(rds, "c", MasterUserPassword="Master-Pw-1")
    assert sorted(d["DBInstanceIdentifier"] for d in rds.describe_db_instances()["DBInstances"]) == ["a", "b"]
