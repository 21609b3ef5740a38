"""elasticache_* patches."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError


def _subnet_group(ec, subnet_ids, name="cache-subnets"):
    ec.create_cache_subnet_group(CacheSubnetGroupName=name, CacheSubnetGroupDescription="d", SubnetIds=subnet_ids)


def _rg(ec, **extra):
    args = dict(
        ReplicationGroupId="phi-redis", ReplicationGroupDescription="phi", Engine="redis", EngineVersion="7.1",
        CacheNodeType="cache.t4g.small", NumCacheClusters=2, AutomaticFailoverEnabled=True, MultiAZEnabled=True,
        CacheSubnetGroupName="cache-subnets", SecurityGroupIds=["sg-123"], AtRestEncryptionEnabled=True,
        TransitEncryptionEnabled=True, AuthToken="a" * 32, KmsKeyId="arn:aws:kms:us-east-1:123456789012:key/k",
        SnapshotRetentionLimit=7, CacheParameterGroupName="phi-redis7",
        LogDeliveryConfigurations=[{
            "LogType": "slow-log", "DestinationType": "cloudwatch-logs", "LogFormat": "json",
            "DestinationDetails": {"CloudWatchLogsDetails": {"LogGroup": "/phi/redis/slow"}},
        }],
    )
    args.update(extra)
    return ec.create_replication_group(**args)["ReplicationGroup"]


def test_replication_group_creates_member_clusters_across_subnet_group_azs(client, subnets):
    ec = client("elasticache")
    _subnet_group(ec, subnets[1])
    rg = _rg(ec)
    assert rg["MemberClusters"] == ["phi-redis-001", "phi-redis-002"]
    members = rg["NodeGroups"][0]["NodeGroupMembers"]
    assert [m["CurrentRole"] for m in members] == ["primary", "replica"]
    assert [m["PreferredAvailabilityZone"] for m in members] == ["us-east-1a", "us-east-1b"]
    clusters = {c["CacheClusterId"]: c for c in ec.describe_cache_clusters(ShowCacheNodeInfo=True)["CacheClusters"]}
    assert set(clusters) == {"phi-redis-001", "phi-redis-002"}
    c = clusters["phi-redis-001"]
    assert c["ReplicationGroupId"] == "phi-redis"
    assert c["CacheParameterGroup"]["CacheParameterGroupName"] == "phi-redis7"
    assert c["SecurityGroups"] == [{"SecurityGroupId": "sg-123", "Status": "active"}]
    assert c["CacheSubnetGroupName"] == "cache-subnets"
    assert c["AtRestEncryptionEnabled"] and c["TransitEncryptionEnabled"] and c["AuthTokenEnabled"]
    assert c["CacheNodes"][0]["Endpoint"]["Port"] == 6379
    assert clusters["phi-redis-002"]["PreferredAvailabilityZone"] == "us-east-1b"


def test_replication_group_honours_preferred_azs_and_cluster_mode(client, subnets):
    ec = client("elasticache")
    _subnet_group(ec, subnets[1])
    rg = _rg(ec, NumCacheClusters=3, PreferredCacheClusterAZs=["us-east-1b", "us-east-1a", "us-east-1b"])
    assert [m["PreferredAvailabilityZone"] for m in rg["NodeGroups"][0]["NodeGroupMembers"]] == ["us-east-1b", "us-east-1a", "us-east-1b"]
    cm = ec.create_replication_group(
        ReplicationGroupId="phi-cm", ReplicationGroupDescription="cm", Engine="redis", CacheNodeType="cache.t4g.small",
        NumNodeGroups=2, ReplicasPerNodeGroup=1, ClusterMode="enabled", CacheSubnetGroupName="cache-subnets",
    )["ReplicationGroup"]
    assert cm["MemberClusters"] == ["phi-cm-0001-001", "phi-cm-0001-002", "phi-cm-0002-001", "phi-cm-0002-002"]
    ids = {c["CacheClusterId"] for c in ec.describe_cache_clusters()["CacheClusters"]}
    assert set(cm["MemberClusters"]) <= ids


def test_delete_replication_group_removes_group_and_members(client, subnets):
    ec = client("elasticache")
    _subnet_group(ec, subnets[1])
    _rg(ec)
    assert ec.delete_replication_group(ReplicationGroupId="phi-redis")["ReplicationGroup"]["Status"] == "deleting"
    with pytest.raises(ClientError) as e:
        ec.describe_replication_groups(ReplicationGroupId="phi-redis")
    assert e.value.response["Error"]["Code"] == "ReplicationGroupNotFoundFault"
    assert ec.describe_cache_clusters()["CacheClusters"] == []
    ec.delete_cache_subnet_group(CacheSubnetGroupName="cache-subnets")
    with pytest.raises(ClientError):
        ec.describe_cache_subnet_groups(CacheSubnetGroupName="cache-subnets")


def test_modify_replication_group_and_replica_counts(client, subnets):
    ec = client("elasticache")
    _subnet_group(ec, subnets[1])
    _rg(ec)
    rg = ec.modify_replication_group(
        ReplicationGroupId="phi-redis", ApplyImmediately=True, ReplicationGroupDescription="changed",
        SnapshotRetentionLimit=3, SecurityGroupIds=["sg-456"], MultiAZEnabled=False,
        AuthToken="b" * 32, AuthTokenUpdateStrategy="ROTATE",
        LogDeliveryConfigurations=[{"LogType": "slow-log", "Enabled": False},
                                   {"LogType": "engine-log", "DestinationType": "cloudwatch-logs", "LogFormat": "text",
                                    "DestinationDetails": {"CloudWatchLogsDetails": {"LogGroup": "/phi/redis/engine"}}}],
    )["ReplicationGroup"]
    assert rg["Description"] == "changed" and rg["SnapshotRetentionLimit"] == 3 and rg["MultiAZ"] == "disabled"
    assert [c["LogType"] for c in rg["LogDeliveryConfigurations"]] == ["engine-log"]
    c = ec.describe_cache_clusters(CacheClusterId="phi-redis-002")["CacheClusters"][0]
    assert c["SecurityGroups"][0]["SecurityGroupId"] == "sg-456"
    rg = ec.increase_replica_count(ReplicationGroupId="phi-redis", NewReplicaCount=2, ApplyImmediately=True)["ReplicationGroup"]
    assert rg["MemberClusters"] == ["phi-redis-001", "phi-redis-002", "phi-redis-003"]
    rg = ec.decrease_replica_count(ReplicationGroupId="phi-redis", NewReplicaCount=1, ApplyImmediately=True)["ReplicationGroup"]
    assert rg["MemberClusters"] == ["phi-redis-001", "phi-redis-002"]
    assert len(ec.describe_cache_clusters()["CacheClusters"]) == 2


def test_cache_subnet_group_in_use_and_modify(client, subnets):
    ec = client("elasticache")
    _subnet_group(ec, subnets[1])
    ec.modify_cache_subnet_group(CacheSubnetGroupName="cache-subnets", CacheSubnetGroupDescription="new", SubnetIds=subnets[1][:1])
    g = ec.describe_cache_subnet_groups(CacheSubnetGroupName="cache-subnets")["CacheSubnetGroups"][0]
    assert g["CacheSubnetGroupDescription"] == "new" and len(g["Subnets"]) == 1
    _rg(ec)
    with pytest.raises(ClientError) as e:
        ec.delete_cache_subnet_group(CacheSubnetGroupName="cache-subnets")
    assert e.value.response["Error"]["Code"] == "CacheSubnetGroupInUse"


def test_parameter_groups(client):
    ec = client("elasticache")
    pg = ec.create_cache_parameter_group(CacheParameterGroupName="phi-redis7", CacheParameterGroupFamily="redis7",
                                         Description="phi", Tags=[{"Key": "a", "Value": "b"}])["CacheParameterGroup"]
    assert pg["ARN"].endswith(":parametergroup:phi-redis7")
    ec.modify_cache_parameter_group(CacheParameterGroupName="phi-redis7", ParameterNameValues=[
        {"ParameterName": "maxmemory-policy", "ParameterValue": "volatile-lru"},
        {"ParameterName": "timeout", "ParameterValue": "300"}])
    params = ec.describe_cache_parameters(CacheParameterGroupName="phi-redis7", Source="user")["Parameters"]
    assert {p["ParameterName"]: p["ParameterValue"] for p in params} == {"maxmemory-policy": "volatile-lru", "timeout": "300"}
    ec.reset_cache_parameter_group(CacheParameterGroupName="phi-redis7", ParameterNameValues=[{"ParameterName": "timeout"}])
    assert len(ec.describe_cache_parameters(CacheParameterGroupName="phi-redis7", Source="user")["Parameters"]) == 1
    assert ec.list_tags_for_resource(ResourceName=pg["ARN"])["TagList"] == [{"Key": "a", "Value": "b"}]
    names = [g["CacheParameterGroupName"] for g in ec.describe_cache_parameter_groups()["CacheParameterGroups"]]
    assert "phi-redis7" in names and "default.redis7" in names
    with pytest.raises(ClientError) as e:
        ec.delete_cache_parameter_group(CacheParameterGroupName="default.redis7")
    assert e.value.response["Error"]["Code"] == "InvalidCacheParameterGroupState"
    ec.delete_cache_parameter_group(CacheParameterGroupName="phi-redis7")
    with pytest.raises(ClientError) as e:
        ec.describe_cache_parameter_groups(CacheParameterGroupName="phi-redis7")
    assert e.value.response["Error"]["Code"] == "CacheParameterGroupNotFound"


def test_user_groups(client):
    ec = client("elasticache")
    ec.create_user(UserId="phi-app", UserName="app", Engine="redis", AccessString="on ~* +@all", Passwords=["p" * 20])
    g = ec.create_user_group(UserGroupId="phi-users", Engine="redis", UserIds=["default", "phi-app"])
    assert g["Status"] == "active" and g["ARN"].endswith(":usergroup:phi-users")
    assert ec.describe_users(UserId="phi-app")["Users"][0]["UserGroupIds"] == ["phi-users"]
    ec.modify_user(UserId="phi-app", AccessString="on ~app:* +@read")
    assert ec.describe_users(UserId="phi-app")["Users"][0]["AccessString"] == "on ~app:* +@read"
    g = ec.modify_user_group(UserGroupId="phi-users", UserIdsToRemove=["phi-app"])
    assert g["UserIds"] == ["default"]
    ec.delete_user_group(UserGroupId="phi-users")
    with pytest.raises(ClientError) as e:
        ec.describe_user_groups(UserGroupId="phi-users")
    assert e.value.response["Error"]["Code"] == "UserGroupNotFound"


def test_non_cluster_mode_group_reports_stable_reader_endpoint(client, subnets):
    ec = client("elasticache")
    _subnet_group(ec, subnets[1])
    ng = _rg(ec, Port=6380)["NodeGroups"][0]
    primary, reader = ng["PrimaryEndpoint"], ng["ReaderEndpoint"]
    assert primary["Address"].startswith("master.phi-redis.") and reader["Address"].startswith("replica.phi-redis.")
    assert primary["Address"].split(".", 1)[1] == reader["Address"].split(".", 1)[1]
    assert primary["Port"] == reader["Port"] == 6380
    for _ in range(2):
        again = ec.describe_replication_groups(ReplicationGroupId="phi-redis")["ReplicationGroups"][0]["NodeGroups"][0]
        assert again["ReaderEndpoint"] == reader and again["PrimaryEndpoint"] == primary
    ec.increase_replica_count(ReplicationGroupId="phi-redis", NewReplicaCount=2, ApplyImmediately=True)
    rg = ec.modify_replication_group(ReplicationGroupId="phi-redis", ApplyImmediately=True,
                                     ReplicationGroupDescription="changed")["ReplicationGroup"]
    assert rg["NodeGroups"][0]["ReaderEndpoint"] == reader
    cm = ec.create_replication_group(
        ReplicationGroupId="phi-cm", ReplicationGroupDescription="cm", Engine="redis", CacheNodeType="cache.t4g.small",
        NumNodeGroups=2, ReplicasPerNodeGroup=1, ClusterMode="enabled", CacheSubnetGroupName="cache-subnets",
    )["ReplicationGroup"]
    assert all("ReaderEndpoint" not in g for g in cm["NodeGroups"]) and "ConfigurationEndpoint" in cm



def test_rbac_rules_of_iam_users_default_users_and_auth_tokens(client):
    ec = client("elasticache")
    with pytest.raises(ClientError) as e:
        ec.create_user(UserId="phi-app", UserName="app", Engine="redis", AccessString="on ~* +@all", AuthenticationMode={"Type": "iam"})
    assert e.value.response["Error"]["Code"] == "InvalidParameterValue"
    iam = ec.create_user(UserId="phi-app", UserName="phi-app", Engine="redis", AccessString="on ~* +@all", AuthenticationMode={"Type": "iam"})
    assert iam["Authentication"]["Type"] == "iam"
    off = ec.create_user(UserId="phi-default", UserName="default", Engine="redis", AccessString="off ~* -@all",
                         AuthenticationMode={"Type": "no-password-required"})
    assert off["UserName"] == "default"
    assert ec.describe_users(UserId="phi-default")["Users"][0]["Authentication"]["Type"] == "no-password"
    with pytest.raises(ClientError) as e:
        ec.create_user_group(UserGroupId="no-default", Engine="redis", UserIds=["phi-app"])
    assert e.value.response["Error"]["Code"] == "DefaultUserRequired"
    ec.create_user_group(UserGroupId="phi-users", Engine="redis", UserIds=["phi-default", "phi-app"])
    with pytest.raises(ClientError) as e:
        ec.create_replication_group(ReplicationGroupId="both", ReplicationGroupDescription="x", Engine="redis", CacheNodeType="cache.t4g.medium",
                                    TransitEncryptionEnabled=True, AuthToken="a" * 32, UserGroupIds=["phi-users"])
    assert e.value.response["Error"]["Code"] == "InvalidParameterCombination"
