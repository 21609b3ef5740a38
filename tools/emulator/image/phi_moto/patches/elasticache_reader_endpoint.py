"""ElastiCache replication groups report their reader endpoint.

moto bug: for cluster-mode-disabled replication groups `ReplicationGroup.__init__` computes a
`replica.<group>.<suffix>` reader address but stores it only as `reader_endpoint_address`, a key
the response serializer does not map, so `DescribeReplicationGroups` (and Create/Modify) return
`NodeGroups[].PrimaryEndpoint` without `NodeGroups[].ReaderEndpoint`.

AWS behaviour restored: every node group of a cluster-mode-disabled group carries
`ReaderEndpoint {Address, Port}` next to `PrimaryEndpoint` (`replica.<group>.<suffix>` beside
`master.<group>.<suffix>`, the group's port). The address is fixed at creation, so it is identical
on every describe and survives modifications and replica count changes.

Needed by: `aws_elasticache_replication_group` (`reader_endpoint_address` is read from
`NodeGroups[0].ReaderEndpoint.Address`; without it the attribute stays null).
"""

from __future__ import annotations

from typing import Any

from ._util import wrap


def add_reader_endpoints(rg: Any) -> None:
    if getattr(rg, "cluster_mode", None) == "enabled":
        return
    for node_group in rg.node_groups:
        address = node_group.get("reader_endpoint_address")
        if address and not node_group.get("reader_endpoint"):
            node_group["reader_endpoint"] = {"address": address, "port": rg.port}


def apply() -> None:
    from moto.elasticache.models import ReplicationGroup

    @wrap(ReplicationGroup, "__init__")
    def init(original, self, *args, **kwargs):  # type: ignore[no-untyped-def]
        original(self, *args, **kwargs)
        add_reader_endpoints(self)
