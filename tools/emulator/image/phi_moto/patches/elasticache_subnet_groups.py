"""ElastiCache DeleteCacheSubnetGroup / ModifyCacheSubnetGroup.

moto bug: neither action is implemented, so `terraform destroy` of a cache subnet group fails and
any subnet change cannot be applied.

AWS behaviour restored: DeleteCacheSubnetGroup removes the group (CacheSubnetGroupNotFoundFault
when missing, CacheSubnetGroupInUse while a cache cluster still uses it); ModifyCacheSubnetGroup
updates description and subnets.

Needed by: `aws_elasticache_subnet_group` (delete, update of `subnet_ids`/`description`).
"""

from __future__ import annotations

from moto.core.responses import ActionResult, EmptyResult


def apply() -> None:
    from moto.elasticache.exceptions import CacheSubnetGroupNotFound, ElastiCacheException
    from moto.elasticache.models import CacheSubnetGroup
    from moto.elasticache.responses import ElastiCacheResponse

    class CacheSubnetGroupInUse(ElastiCacheException):
        code = "CacheSubnetGroupInUse"

    def delete_cache_subnet_group(self):  # type: ignore[no-untyped-def]
        backend = self.elasticache_backend
        name = self._get_param("CacheSubnetGroupName")
        if name not in backend.cache_subnet_groups:
            raise CacheSubnetGroupNotFound(name)
        if any(getattr(c, "cache_subnet_group_name", None) == name for c in backend.cache_clusters.values()):
            raise CacheSubnetGroupInUse(f"Cache subnet group {name} is currently in use by a cache cluster.")
        group = backend.cache_subnet_groups.pop(name)
        backend.tagging_service.delete_all_tags_for_resource(group.arn)
        return EmptyResult()

    def modify_cache_subnet_group(self):  # type: ignore[no-untyped-def]
        backend = self.elasticache_backend
        name = self._get_param("CacheSubnetGroupName")
        if name not in backend.cache_subnet_groups:
            raise CacheSubnetGroupNotFound(name)
        old = backend.cache_subnet_groups[name]
        description = self._get_param("CacheSubnetGroupDescription") or old.cache_subnet_group_description
        subnet_ids = self._get_param("SubnetIds") or old.subnet_ids
        new = CacheSubnetGroup(backend.account_id, backend.region_name, name, description, subnet_ids, old.tags)
        backend.cache_subnet_groups[name] = new
        return ActionResult({"CacheSubnetGroup": new})

    ElastiCacheResponse.delete_cache_subnet_group = delete_cache_subnet_group
    ElastiCacheResponse.modify_cache_subnet_group = modify_cache_subnet_group
