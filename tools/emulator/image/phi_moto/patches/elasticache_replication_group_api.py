"""ElastiCache ModifyReplicationGroup (and replica count changes).

moto bug: `ModifyReplicationGroup`, `IncreaseReplicaCount` and `DecreaseReplicaCount` are not
implemented (the server answers "not yet implemented"/500).

AWS behaviour restored: ModifyReplicationGroup applies description, automatic failover, Multi-AZ,
node type, engine/engine version, parameter group, security groups, maintenance and snapshot
windows, snapshot retention, notification topic, transit encryption, log delivery configurations
(a request without destination removes that log type), auth token (SET/ROTATE enable, DELETE
disables) and user group add/remove, then propagates the settings to the member cache clusters.
Increase/DecreaseReplicaCount add/remove `<rg>-00N` replicas (cluster mode disabled).

Needed by: `aws_elasticache_replication_group` updates (any in-place change, auth token rotation,
`num_cache_clusters` changes, `user_group_ids`, `log_delivery_configuration`).
"""

from __future__ import annotations

import copy
from typing import Any

from moto.core.responses import ActionResult

from .elasticache_replication_group_members import sync_member_clusters

_SIMPLE = {
    "ReplicationGroupDescription": "description",
    "CacheNodeType": "cache_node_type",
    "Engine": "engine",
    "EngineVersion": "engine_version",
    "CacheParameterGroupName": "cache_parameter_group_name",
    "PreferredMaintenanceWindow": "preferred_maintenance_window",
    "SnapshotWindow": "snapshot_window",
    "SnapshotRetentionLimit": "snapshot_retention_limit",
    "NotificationTopicArn": "notification_topic_arn",
    "TransitEncryptionEnabled": "transit_encryption_enabled",
    "TransitEncryptionMode": "transit_encryption_mode",
    "AutoMinorVersionUpgrade": "auto_minor_version_upgrade",
    "SecurityGroupIds": "security_group_ids",
    "CacheSecurityGroupNames": "cache_security_group_names",
    "IpDiscovery": "ip_discovery",
    "ClusterMode": "cluster_mode",
    "SnapshottingClusterId": "snapshotting_cluster_id",
}


def modify_replication_group(backend: Any, params: dict[str, Any]) -> Any:
    from moto.elasticache.exceptions import ReplicationGroupNotFound
    from moto.core.utils import utcnow

    rg_id = params.get("ReplicationGroupId")
    rg = backend.replication_groups.get(rg_id)
    if rg is None:
        raise ReplicationGroupNotFound(rg_id)
    for key, attr in _SIMPLE.items():
        if params.get(key) is not None:
            setattr(rg, attr, params[key])
    if params.get("AutomaticFailoverEnabled") is not None:
        rg.automatic_failover = "enabled" if params["AutomaticFailoverEnabled"] else "disabled"
    if params.get("MultiAZEnabled") is not None:
        rg.multi_az = "enabled" if params["MultiAZEnabled"] else "disabled"
    if rg.snapshot_retention_limit and not rg.snapshotting_cluster_id and rg.member_clusters:
        rg.snapshotting_cluster_id = rg.member_clusters[-1]
    if params.get("LogDeliveryConfigurations") is not None:
        current = {c.get("LogType"): c for c in rg.log_delivery_configurations}
        for req in params["LogDeliveryConfigurations"]:
            if req.get("DestinationType") or req.get("DestinationDetails"):
                entry = copy.copy(req)
                entry.pop("Enabled", None)
                entry["status"] = "active"
                entry["message"] = "Log delivery configuration is active."
                current[req.get("LogType")] = entry
            else:
                current.pop(req.get("LogType"), None)
        rg.log_delivery_configurations = list(current.values())
    strategy = params.get("AuthTokenUpdateStrategy")
    if params.get("AuthToken") or strategy:
        rg.auth_token_enabled = strategy != "DELETE"
        rg.auth_token_last_modified_date = utcnow() if rg.auth_token_enabled else None
    if params.get("UserGroupIdsToAdd") or params.get("UserGroupIdsToRemove"):
        ids = [g for g in rg.user_group_ids if g not in (params.get("UserGroupIdsToRemove") or [])]
        ids += [g for g in params.get("UserGroupIdsToAdd") or [] if g not in ids]
        rg.user_group_ids = ids
    sync_member_clusters(backend, rg)
    return rg


def _resize(backend: Any, rg_id: str, replicas: int) -> Any:
    from moto.elasticache.exceptions import ReplicationGroupNotFound

    rg = backend.replication_groups.get(rg_id)
    if rg is None:
        raise ReplicationGroupNotFound(rg_id)
    if rg.cluster_mode == "enabled":
        for ng in rg.node_groups:
            members = ng["node_group_members"]
            while len(members) - 1 > replicas:
                members.pop()
            while len(members) - 1 < replicas:
                m = copy.deepcopy(members[-1])
                m["cache_cluster_id"] = f"{rg_id}-{ng['node_group_id']}-{len(members) + 1:03d}"
                members.append(m)
    else:
        ng = rg.node_groups[0]
        members = ng["node_group_members"]
        while len(members) - 1 > replicas:
            members.pop()
        while len(members) - 1 < replicas:
            m = copy.deepcopy(members[-1])
            m["cache_cluster_id"] = f"{rg_id}-{len(members) + 1:03d}"
            m["current_role"] = "replica"
            if m.get("read_endpoint"):
                domain = m["read_endpoint"]["address"].split(".", 1)[1]
                m["read_endpoint"]["address"] = f"{m['cache_cluster_id']}.{domain}"
            members.append(m)
    rg.member_clusters = [m["cache_cluster_id"] for ng in rg.node_groups for m in ng["node_group_members"]]
    sync_member_clusters(backend, rg)
    return rg


def apply() -> None:
    from moto.elasticache.responses import ElastiCacheResponse

    def modify(self):  # type: ignore[no-untyped-def]
        rg = modify_replication_group(self.elasticache_backend, self._get_params())
        return ActionResult({"ReplicationGroup": rg})

    def increase(self):  # type: ignore[no-untyped-def]
        p = self._get_params()
        return ActionResult({"ReplicationGroup": _resize(self.elasticache_backend, p["ReplicationGroupId"], int(p.get("NewReplicaCount") or 0))})

    def decrease(self):  # type: ignore[no-untyped-def]
        p = self._get_params()
        return ActionResult({"ReplicationGroup": _resize(self.elasticache_backend, p["ReplicationGroupId"], int(p.get("NewReplicaCount") or 0))})

    ElastiCacheResponse.modify_replication_group = modify
    ElastiCacheResponse.increase_replica_count = increase
    ElastiCacheResponse.decrease_replica_count = decrease
