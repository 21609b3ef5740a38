"""rds_dbi_resource_id and rds_instance_attributes."""

from __future__ import annotations


def _primary(rds, name="primary", **extra):
    return rds.create_db_instance(
        DBInstanceIdentifier=name, DBInstanceClass="db.t3.micro", Engine="mysql", EngineVersion="8.0.40",
        AllocatedStorage=20, MasterUsername="admin", BackupRetentionPeriod=7, **extra,
    )["DBInstance"]


def test_each_instance_and_replica_has_its_own_dbi_resource_id(client):
    rds = client("rds")
    p = _primary(rds)
    q = _primary(rds, "other", MasterUserPassword="password1234")
    r1 = rds.create_db_instance_read_replica(DBInstanceIdentifier="replica-1", SourceDBInstanceIdentifier="primary")["DBInstance"]
    r2 = rds.create_db_instance_read_replica(DBInstanceIdentifier="replica-2", SourceDBInstanceIdentifier="primary")["DBInstance"]
    ids = {d["DbiResourceId"] for d in (p, q, r1, r2)}
    assert len(ids) == 4 and all(i.startswith("db-") and len(i) == 29 for i in ids)
    for d in (p, q, r1, r2):
        found = rds.describe_db_instances(Filters=[{"Name": "dbi-resource-id", "Values": [d["DbiResourceId"]]}])["DBInstances"]
        assert [x["DBInstanceIdentifier"] for x in found] == [d["DBInstanceIdentifier"]]
    src = rds.describe_db_instances(DBInstanceIdentifier="primary")["DBInstances"][0]
    assert sorted(src["ReadReplicaDBInstanceIdentifiers"]) == ["replica-1", "replica-2"]
    rep = rds.describe_db_instances(DBInstanceIdentifier="replica-1")["DBInstances"][0]
    assert rep["ReadReplicaSourceDBInstanceIdentifier"] == "primary"


def test_replica_does_not_share_state_with_source(client):
    rds = client("rds")
    _primary(rds, ManageMasterUserPassword=True, EnableCloudwatchLogsExports=["error", "audit"],
             Tags=[{"Key": "team", "Value": "phi"}])
    rds.create_db_instance_read_replica(DBInstanceIdentifier="replica-1", SourceDBInstanceIdentifier="primary")
    rds.modify_db_instance(DBInstanceIdentifier="replica-1", ApplyImmediately=True,
                           CloudwatchLogsExportConfiguration={"DisableLogTypes": ["audit"]})
    src = rds.describe_db_instances(DBInstanceIdentifier="primary")["DBInstances"][0]
    rep = rds.describe_db_instances(DBInstanceIdentifier="replica-1")["DBInstances"][0]
    assert src["EnabledCloudwatchLogsExports"] == ["error", "audit"]
    assert rep["EnabledCloudwatchLogsExports"] == ["error"]
    assert "MasterUserSecret" in src and "MasterUserSecret" not in rep
    # deleting the replica detaches it from the source
    rds.delete_db_instance(DBInstanceIdentifier="replica-1", SkipFinalSnapshot=True)
    src = rds.describe_db_instances(DBInstanceIdentifier="primary")["DBInstances"][0]
    assert src["ReadReplicaDBInstanceIdentifiers"] == []
