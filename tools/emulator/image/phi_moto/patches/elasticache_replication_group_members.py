"""ElastiCache replication groups own real member cache clusters.

moto bug: `CreateReplicationGroup` only lists member ids inside NodeGroups; no CacheCluster objects
exist, so `DescribeCacheClusters` for a member fails. For cluster-mode-disabled groups moto also
ignores `NumCacheClusters` (always one member unless ReplicasPerNodeGroup is sent) and pins members
to us-east-1a/us-east-1b whatever the subnet group. `DeleteReplicationGroup` and
`DeleteCacheCluster` only flip the status to "deleting" and never remove the resource.

AWS behaviour restored:
* cluster mode disabled: `NumCacheClusters` (or ReplicasPerNodeGroup + 1) members, `<rg>-001` primary
  and `<rg>-00N` replicas; cluster mode enabled: `<rg>-<ng>-00N` per node group;
* members are spread over `PreferredCacheClusterAZs`, else round-robin over the availability
  zones of the cache subnet group;
* every member is a describable cache cluster carrying the group's node type, engine, version,
  parameter group, subnet group, security groups, encryption flags, auth-token flag and windows;
  `CacheParameterGroup`, `SecurityGroups` and `CacheNodes` are returned in AWS shape;
* deleting a group removes it and its members; deleting a cache cluster removes it.

Needed by: `aws_elasticache_replication_group` (its read describes member cluster `MemberClusters[0]`
with ShowCacheNodeInfo to set engine_version_actual, parameter_group_name, security_group_ids,
subnet_group_name, at_rest/transit encryption; its delete waits until the group is gone) and
`aws_elasticache_cluster`.
"""

from __future__ import annotations

from typing import Any

from ._util import wrap

DEFAULT_PARAMETER_GROUPS = {"redis": "default.redis7", "valkey": "default.valkey8", "memcached": "default.memcached1.6"}


def _subnet_group_azs(backend: Any, name: str | None) -> list[str]:
    group = backend.cache_subnet_groups.get(name or "")
    if not group:
        return []
    azs: list[str] = []
    for subnet in group.subnets:
        az = subnet.get("subnet_availability_zone") or subnet.get("Subnet_availability_zone")
        if isinstance(az, dict):
            az = az.get("Name")
        if az and az not in azs:
            azs.append(az)
    return azs


def _fixed_members_disabled(original, self, member_clusters, replication_group_id, replication_group_domain,
                            node_group, preferred_cache_cluster_azs, num_cache_clusters,
                            replicas_per_node_group):  # type: ignore[no-untyped-def]
    # moto overwrites NumCacheClusters with ReplicasPerNodeGroup + 1 (or 1); honour it instead.
    count = replicas_per_node_group + 1 if replicas_per_node_group else (num_cache_clusters or 1)
    original(self, member_clusters, replication_group_id, replication_group_domain, node_group,
             preferred_cache_cluster_azs, 1, count - 1)


def _add_cluster_shape(CacheCluster: type) -> None:
    CacheCluster.at_rest_encryption_enabled = False
    CacheCluster.transit_encryption_mode = None
    CacheCluster.replication_group_log_delivery_enabled = False
    CacheCluster.security_group_ids = []

    def cache_parameter_group(self):  # type: ignore[no-untyped-def]
        name = self.cache_parameter_group_name or DEFAULT_PARAMETER_GROUPS.get(self.engine, "default.redis7")
        return {"CacheParameterGroupName": name, "ParameterApplyStatus": "in-sync", "CacheNodeIdsToReboot": []}

    def security_groups(self):  # type: ignore[no-untyped-def]
        return [{"SecurityGroupId": sg, "Status": "active"} for sg in (self.security_group_ids or [])]

    def cache_nodes(self):  # type: ignore[no-untyped-def]
        address = getattr(self, "phi_endpoint_address", None) or (
            f"{self.cache_cluster_id}.phi0001.0001.use1.cache.amazonaws.com"
        )
        return [
            {
                "CacheNodeId": f"{i + 1:04d}",
                "CacheNodeStatus": "available",
                "CacheNodeCreateTime": self.cache_cluster_create_time,
                "Endpoint": {"Address": address, "Port": self.port},
                "ParameterGroupStatus": "in-sync",
                "CustomerAvailabilityZone": self.preferred_availability_zone,
            }
            for i in range(getattr(self, "num_cache_nodes", None) or 1)
        ]

    CacheCluster.cache_parameter_group = property(cache_parameter_group)
    CacheCluster.security_groups = property(security_groups)
    CacheCluster.cache_nodes = property(cache_nodes)


def member_cluster_kwargs(rg: Any) -> dict[str, Any]:
    """Arguments for moto's CacheCluster constructor shared by all members of `rg`."""
    return dict(
        cache_node_type=rg.cache_node_type,
        replication_group_id=rg.replication_group_id,
        az_mode="single-az",
        num_cache_nodes=1,
        engine=rg.engine,
        engine_version=rg.engine_version,
        cache_parameter_group_name=rg.cache_parameter_group_name,
        cache_subnet_group_name=rg.cache_subnet_group_name,
        transit_encryption_enabled=rg.transit_encryption_enabled,
        network_type=rg.network_type,
        ip_discovery=rg.ip_discovery,
        snapshot_name=rg.snapshot_name,
        preferred_maintenance_window=rg.preferred_maintenance_window,
        port=rg.port,
        notification_topic_arn=rg.notification_topic_arn,
        auto_minor_version_upgrade=rg.auto_minor_version_upgrade,
        snapshot_retention_limit=rg.snapshot_retention_limit,
        snapshot_window=rg.snapshot_window,
        auth_token="set" if rg.auth_token_enabled else None,
        outpost_mode=None,
        preferred_outpost_arn=None,
        preferred_availability_zones=None,
        cache_security_group_names=rg.cache_security_group_names,
        security_group_ids=rg.security_group_ids,
        tags=None,
        snapshot_arns=rg.snapshot_arns,
        preferred_outpost_arns=None,
        log_delivery_configurations=[],
        cache_node_ids_to_remove=[],
        cache_node_ids_to_reboot=[],
    )


def sync_member_clusters(backend: Any, rg: Any) -> None:
    """Create/refresh the CacheCluster objects behind every node group member of `rg`."""
    from moto.elasticache.models import CacheCluster

    wanted: set[str] = set()
    for node_group in rg.node_groups:
        for member in node_group["node_group_members"]:
            cid = member["cache_cluster_id"]
            wanted.add(cid)
            cluster = backend.cache_clusters.get(cid)
            if cluster is None:
                cluster = CacheCluster(
                    account_id=backend.account_id,
                    region_name=backend.region_name,
                    cache_cluster_id=cid,
                    preferred_availability_zone=member.get("preferred_availability_zone"),
                    **member_cluster_kwargs(rg),
                )
                cluster.replication_group_id = rg.replication_group_id  # moto sets it for redis only
                backend.cache_clusters[cid] = cluster
            else:
                for key, value in member_cluster_kwargs(rg).items():
                    if key in ("auth_token", "tags", "log_delivery_configurations", "az_mode",
                               "num_cache_nodes", "preferred_availability_zones", "outpost_mode",
                               "preferred_outpost_arn", "preferred_outpost_arns",
                               "cache_node_ids_to_remove", "cache_node_ids_to_reboot"):
                        continue
                    setattr(cluster, key, value)
                cluster.preferred_availability_zone = member.get("preferred_availability_zone")
            cluster.auth_token_enabled = bool(rg.auth_token_enabled)
            cluster.at_rest_encryption_enabled = bool(rg.at_rest_encryption_enabled)
            cluster.transit_encryption_mode = rg.transit_encryption_mode or (
                "required" if rg.transit_encryption_enabled else None
            )
            cluster.replication_group_log_delivery_enabled = bool(rg.log_delivery_configurations)
            if member.get("read_endpoint"):
                cluster.phi_endpoint_address = member["read_endpoint"]["address"]
    for cid in [c for c, cl in backend.cache_clusters.items()
                if getattr(cl, "replication_group_id", None) == rg.replication_group_id and c not in wanted]:
        del backend.cache_clusters[cid]


def apply() -> None:
    from moto.elasticache.models import CacheCluster, ElastiCacheBackend, ReplicationGroup

    _add_cluster_shape(CacheCluster)
    wrap(ReplicationGroup, "_set_node_members_clusters_disabled")(_fixed_members_disabled)

    @wrap(ElastiCacheBackend, "create_replication_group")
    def create(original, self, **kwargs):  # type: ignore[no-untyped-def]
        explicit_azs = bool(kwargs.get("preferred_cache_cluster_azs")) or any(
            c.get("PrimaryAvailabilityZone") or c.get("ReplicaAvailabilityZones")
            for c in kwargs.get("node_group_configuration") or []
        )
        rg = original(self, **kwargs)
        if rg.transit_encryption_enabled and not rg.transit_encryption_mode:
            rg.transit_encryption_mode = "required"
        azs = _subnet_group_azs(self, rg.cache_subnet_group_name)
        if azs and not explicit_azs:
            for ng_index, node_group in enumerate(rg.node_groups):
                for m_index, member in enumerate(node_group["node_group_members"]):
                    member["preferred_availability_zone"] = azs[(ng_index + m_index) % len(azs)]
        sync_member_clusters(self, rg)
        return rg

    @wrap(ElastiCacheBackend, "delete_replication_group")
    def delete(original, self, replication_group_id, retain_primary_cluster):  # type: ignore[no-untyped-def]
        rg = original(self, replication_group_id, retain_primary_cluster)
        for cid in [c for c, cl in self.cache_clusters.items()
                    if getattr(cl, "replication_group_id", None) == replication_group_id]:
            if retain_primary_cluster and self.cache_clusters[cid].cache_cluster_id == f"{replication_group_id}-001":
                self.cache_clusters[cid].replication_group_id = None
                continue
            del self.cache_clusters[cid]
        self.replication_groups.pop(replication_group_id, None)
        self.tagging_service.delete_all_tags_for_resource(rg.arn)
        return rg

    @wrap(ElastiCacheBackend, "delete_cache_cluster")
    def delete_cluster(original, self, cache_cluster_id):  # type: ignore[no-untyped-def]
        cluster = original(self, cache_cluster_id)
        self.cache_clusters.pop(cache_cluster_id, None)
        return cluster

