"""rds_dbi_resource_id, rds_default_ca_certificate, rds_instance_attributes, rds_monitoring_insights, rds_parameter_source, rds_option_groups_list and rds_option_group_major_versions."""

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


def test_replica_of_a_source_with_a_managed_master_password_is_refused(client):
    import botocore.exceptions
    import pytest

    rds = client("rds")
    _primary(rds, ManageMasterUserPassword=True)
    with pytest.raises(botocore.exceptions.ClientError) as err:
        rds.create_db_instance_read_replica(DBInstanceIdentifier="replica-1", SourceDBInstanceIdentifier="primary")
    assert err.value.response["Error"]["Code"] == "InvalidParameterCombination"
    assert "managed by RDS in AWS Secrets Manager" in err.value.response["Error"]["Message"]
    arn = rds.describe_db_instances(DBInstanceIdentifier="primary")["DBInstances"][0]["DBInstanceArn"]
    with pytest.raises(botocore.exceptions.ClientError):
        rds.create_db_instance_read_replica(DBInstanceIdentifier="replica-1", SourceDBInstanceIdentifier=arn)
    assert [d["DBInstanceIdentifier"] for d in rds.describe_db_instances()["DBInstances"]] == ["primary"]
    # a source with a password of its own replicates
    _primary(rds, "own", MasterUserPassword="password1234")
    assert rds.create_db_instance_read_replica(DBInstanceIdentifier="r-own", SourceDBInstanceIdentifier="own")["DBInstance"]["DBInstanceIdentifier"] == "r-own"


def test_replica_does_not_share_state_with_source(client):
    rds = client("rds")
    _primary(rds, MasterUserPassword="password1234", EnableCloudwatchLogsExports=["error", "audit"],
             Tags=[{"Key": "team", "Value": "phi"}])
    rds.create_db_instance_read_replica(DBInstanceIdentifier="replica-1", SourceDBInstanceIdentifier="primary")
    rds.modify_db_instance(DBInstanceIdentifier="replica-1", ApplyImmediately=True,
                           CloudwatchLogsExportConfiguration={"DisableLogTypes": ["audit"]})
    src = rds.describe_db_instances(DBInstanceIdentifier="primary")["DBInstances"][0]
    rep = rds.describe_db_instances(DBInstanceIdentifier="replica-1")["DBInstances"][0]
    assert src["EnabledCloudwatchLogsExports"] == ["error", "audit"]
    assert rep["EnabledCloudwatchLogsExports"] == ["error"]
    assert "MasterUserSecret" not in rep
    # deleting the replica detaches it from the source
    rds.delete_db_instance(DBInstanceIdentifier="replica-1", SkipFinalSnapshot=True)
    src = rds.describe_db_instances(DBInstanceIdentifier="primary")["DBInstances"][0]
    assert src["ReadReplicaDBInstanceIdentifiers"] == []


def test_replica_inherits_storage_autoscaling_unless_it_sets_its_own(client):
    rds = client("rds")
    _primary(rds, MasterUserPassword="password1234", MaxAllocatedStorage=100)
    rds.create_db_instance_read_replica(DBInstanceIdentifier="replica-1", SourceDBInstanceIdentifier="primary")
    rds.create_db_instance_read_replica(DBInstanceIdentifier="replica-2", SourceDBInstanceIdentifier="primary",
                                        MaxAllocatedStorage=200)
    get = lambda i: rds.describe_db_instances(DBInstanceIdentifier=i)["DBInstances"][0]  # noqa: E731
    assert get("primary")["MaxAllocatedStorage"] == 100
    assert get("replica-1")["MaxAllocatedStorage"] == 100  # inherited, as every unspecified attribute
    assert get("replica-2")["MaxAllocatedStorage"] == 200


def test_monitoring_and_performance_insights_round_trip(client):
    rds = client("rds")
    role = "arn:aws:iam::123456789012:role/rds-monitoring"
    key = "arn:aws:kms:us-east-1:123456789012:key/pi"
    d = _primary(rds, MasterUserPassword="password1234", MonitoringInterval=60, MonitoringRoleArn=role,
                 EnablePerformanceInsights=True, PerformanceInsightsKMSKeyId=key, PerformanceInsightsRetentionPeriod=7)
    assert (d["MonitoringInterval"], d["MonitoringRoleArn"]) == (60, role)
    assert d["EnhancedMonitoringResourceArn"].endswith(d["DbiResourceId"])
    assert (d["PerformanceInsightsEnabled"], d["PerformanceInsightsKMSKeyId"], d["PerformanceInsightsRetentionPeriod"]) == (True, key, 7)
    r = rds.create_db_instance_read_replica(DBInstanceIdentifier="replica-1", SourceDBInstanceIdentifier="primary",
                                            MonitoringInterval=30, MonitoringRoleArn=role, EnablePerformanceInsights=True,
                                            PerformanceInsightsKMSKeyId=key)["DBInstance"]
    assert (r["MonitoringInterval"], r["PerformanceInsightsEnabled"]) == (30, True)
    d = rds.modify_db_instance(DBInstanceIdentifier="primary", ApplyImmediately=True, MonitoringInterval=0,
                               EnablePerformanceInsights=False)["DBInstance"]
    assert d["MonitoringInterval"] == 0 and d["PerformanceInsightsEnabled"] is False


def test_parameter_group_parameters_report_user_source(client):
    rds = client("rds")
    rds.create_db_parameter_group(DBParameterGroupName="pg", DBParameterGroupFamily="mysql8.0", Description="d")
    rds.modify_db_parameter_group(DBParameterGroupName="pg", Parameters=[
        {"ParameterName": "require_secure_transport", "ParameterValue": "ON", "ApplyMethod": "immediate"}])
    params = rds.describe_db_parameters(DBParameterGroupName="pg", Source="user")["Parameters"]
    assert [(p["ParameterName"], p["ParameterValue"], p["Source"]) for p in params] == [("require_secure_transport", "ON", "user")]
    assert rds.describe_db_parameters(DBParameterGroupName="pg", Source="system")["Parameters"] == []


def test_replica_created_from_source_arn_reports_source_identifier(client):
    rds = client("rds")
    p = _primary(rds, MasterUserPassword="password1234")
    r = rds.create_db_instance_read_replica(DBInstanceIdentifier="replica-1",
                                            SourceDBInstanceIdentifier=p["DBInstanceArn"])["DBInstance"]
    assert r["ReadReplicaSourceDBInstanceIdentifier"] == "primary"
    rep = rds.describe_db_instances(DBInstanceIdentifier="replica-1")["DBInstances"][0]
    assert rep["ReadReplicaSourceDBInstanceIdentifier"] == "primary"
    src = rds.describe_db_instances(DBInstanceIdentifier="primary")["DBInstances"][0]
    assert src["ReadReplicaDBInstanceIdentifiers"] == ["replica-1"]
    rds.delete_db_instance(DBInstanceIdentifier="replica-1", SkipFinalSnapshot=True)
    src = rds.describe_db_instances(DBInstanceIdentifier="primary")["DBInstances"][0]
    assert src["ReadReplicaDBInstanceIdentifiers"] == []


def test_describe_option_groups_without_name_lists_and_filters(client):
    import pytest
    from botocore.exceptions import ClientError

    rds = client("rds")
    assert rds.describe_option_groups()["OptionGroupsList"] == []
    rds.create_option_group(OptionGroupName="audit-80", EngineName="mysql", MajorEngineVersion="8.0",
                            OptionGroupDescription="d")
    rds.create_option_group(OptionGroupName="audit-57", EngineName="mysql", MajorEngineVersion="5.7",
                            OptionGroupDescription="d")
    names = lambda **kw: sorted(g["OptionGroupName"] for g in rds.describe_option_groups(**kw)["OptionGroupsList"])  # noqa: E731
    assert names() == ["audit-57", "audit-80"]
    assert names(EngineName="mysql", MajorEngineVersion="8.0") == ["audit-80"]
    assert names(EngineName="postgres") == []
    assert names(OptionGroupName="audit-80") == ["audit-80"]
    with pytest.raises(ClientError) as e:
        rds.describe_option_groups(OptionGroupName="missing")
    assert e.value.response["Error"]["Code"] == "OptionGroupNotFoundFault"


def test_new_instances_get_the_region_default_ca_and_replicas_their_source_ca(client):
    rds = client("rds")
    assert _primary(rds, MasterUserPassword="password1234")["CACertificateIdentifier"] == "rds-ca-rsa2048-g1"
    pinned = _primary(rds, "pinned", MasterUserPassword="password1234", CACertificateIdentifier="rds-ca-ecc384-g1")
    assert pinned["CACertificateIdentifier"] == "rds-ca-ecc384-g1"
    replica = rds.create_db_instance_read_replica(DBInstanceIdentifier="replica-1", SourceDBInstanceIdentifier="pinned")["DBInstance"]
    assert replica["CACertificateIdentifier"] == "rds-ca-ecc384-g1"
    described = rds.describe_db_instances(DBInstanceIdentifier="primary")["DBInstances"][0]
    assert described["CACertificateIdentifier"] == "rds-ca-rsa2048-g1"


def test_mysql_84_option_and_parameter_groups_and_instance(client):
    import pytest
    from botocore.exceptions import ClientError

    rds = client("rds")
    rds.create_db_parameter_group(DBParameterGroupName="db-mysql84", DBParameterGroupFamily="mysql8.4", Description="8.4")
    rds.modify_db_parameter_group(DBParameterGroupName="db-mysql84", Parameters=[
        {"ParameterName": "require_secure_transport", "ParameterValue": "1", "ApplyMethod": "immediate"}])
    created = rds.create_option_group(OptionGroupName="db-mysql84-audit", EngineName="mysql", MajorEngineVersion="8.4",
                                      OptionGroupDescription="audit")["OptionGroup"]
    assert (created["OptionGroupName"], created["MajorEngineVersion"]) == ("db-mysql84-audit", "8.4")
    rds.modify_option_group(OptionGroupName="db-mysql84-audit", ApplyImmediately=True, OptionsToInclude=[
        {"OptionName": "MARIADB_AUDIT_PLUGIN", "OptionSettings": [{"Name": "SERVER_AUDIT_EVENTS", "Value": "CONNECT"}]}])
    listed = rds.describe_option_groups(EngineName="mysql", MajorEngineVersion="8.4")["OptionGroupsList"]
    assert [g["OptionGroupName"] for g in listed] == ["db-mysql84-audit"]
    assert listed[0]["Options"][0]["OptionName"] == "MARIADB_AUDIT_PLUGIN"
    db = rds.create_db_instance(DBInstanceIdentifier="db84", DBInstanceClass="db.t4g.medium", Engine="mysql", EngineVersion="8.4",
                                AllocatedStorage=20, MasterUsername="admin", MasterUserPassword="password1234",
                                DBParameterGroupName="db-mysql84", OptionGroupName="db-mysql84-audit")["DBInstance"]
    assert db["EngineVersion"] == "8.4"
    assert db["OptionGroupMemberships"][0]["OptionGroupName"] == "db-mysql84-audit"
    assert db["DBParameterGroups"][0]["DBParameterGroupName"] == "db-mysql84"
    # Still refused: a major version moto's option data does not know, and a duplicate name.
    with pytest.raises(ClientError) as e:
        rds.create_option_group(OptionGroupName="db-mysql99", EngineName="mysql", MajorEngineVersion="9.9", OptionGroupDescription="x")
    assert e.value.response["Error"]["Code"] == "InvalidParameterCombination"
    with pytest.raises(ClientError) as e:
        rds.create_option_group(OptionGroupName="db-mysql84-audit", EngineName="mysql", MajorEngineVersion="8.4", OptionGroupDescription="x")
    assert e.value.response["Error"]["Code"] == "OptionGroupAlreadyExistsFault"


def test_master_passwords_follow_the_rules_of_mysql_on_rds(client):
    import botocore.exceptions
    import pytest

    rds = client("rds")
    for bad in ("with space1", "slash/abcdef", 'quote"abcdef', "at@abcdefgh", "x" * 42):
        with pytest.raises(botocore.exceptions.ClientError) as err:
            _primary(rds, "bad", MasterUserPassword=bad)
        assert err.value.response["Error"]["Code"] == "InvalidParameterValue", bad
    assert [d["DBInstanceIdentifier"] for d in rds.describe_db_instances()["DBInstances"]] == []
    _primary(rds, MasterUserPassword="A1" * 20 + "b")  # 41 letters and digits
    with pytest.raises(botocore.exceptions.ClientError) as err:
        rds.modify_db_instance(DBInstanceIdentifier="primary", MasterUserPassword="new password", ApplyImmediately=True)
    assert "printable ASCII" in err.value.response["Error"]["Message"]
    rds.modify_db_instance(DBInstanceIdentifier="primary", MasterUserPassword="B2" * 20, ApplyImmediately=True)
