"""ElastiCache cache parameter groups.

moto bug: CreateCacheParameterGroup, DescribeCacheParameterGroups, ModifyCacheParameterGroup,
ResetCacheParameterGroup, DeleteCacheParameterGroup and DescribeCacheParameters are not
implemented.

AWS behaviour restored: custom parameter groups with family/description/ARN and user-set
parameters; the `default.<family>` groups are describable; DescribeCacheParameters returns the
user-modified parameters (`Source=user`) or all known ones; Reset restores defaults for the named
parameters (or all); Delete refuses default groups and unknown names with the AWS error codes.

Needed by: `aws_elasticache_parameter_group` (create + modify parameters in batches of 20, read
with Source=user, delete) and `aws_elasticache_replication_group.parameter_group_name`.
"""

from __future__ import annotations

from typing import Any

from moto.core.responses import ActionResult, EmptyResult


class ParameterGroup:
    def __init__(self, account_id: str, region: str, name: str, family: str, description: str, is_default: bool = False):
        self.cache_parameter_group_name = name
        self.cache_parameter_group_family = family
        self.description = description
        self.is_global = False
        self.is_default = is_default
        self.arn = f"arn:aws:elasticache:{region}:{account_id}:parametergroup:{name}"
        self.parameters: dict[str, str] = {}


def _groups(backend: Any) -> dict[str, ParameterGroup]:
    groups = backend.__dict__.setdefault("phi_parameter_groups", {})
    if not groups:
        for family in ("redis7", "redis6.x", "valkey7", "valkey8", "memcached1.6"):
            name = f"default.{family}"
            groups[name] = ParameterGroup(backend.account_id, backend.region_name, name, family,
                                          f"Default parameter group for {family}", is_default=True)
    return groups


def apply() -> None:
    from moto.elasticache.exceptions import ElastiCacheException
    from moto.elasticache.responses import ElastiCacheResponse

    class CacheParameterGroupNotFound(ElastiCacheException):
        code = "CacheParameterGroupNotFound"

    class CacheParameterGroupAlreadyExists(ElastiCacheException):
        code = "CacheParameterGroupAlreadyExists"

    class InvalidCacheParameterGroupState(ElastiCacheException):
        code = "InvalidCacheParameterGroupState"

    def get(self, name: str) -> ParameterGroup:
        group = _groups(self.elasticache_backend).get(name)
        if group is None:
            raise CacheParameterGroupNotFound(f"CacheParameterGroup {name} not found.")
        return group

    def create_cache_parameter_group(self):  # type: ignore[no-untyped-def]
        backend = self.elasticache_backend
        name = self._get_param("CacheParameterGroupName")
        groups = _groups(backend)
        if name in groups:
            raise CacheParameterGroupAlreadyExists(f"Parameter group {name} already exists.")
        group = ParameterGroup(backend.account_id, backend.region_name, name,
                               self._get_param("CacheParameterGroupFamily"), self._get_param("Description") or "")
        groups[name] = group
        tags = self._get_param("Tags") or []
        if tags:
            backend.tagging_service.tag_resource(group.arn, tags)
        return ActionResult({"CacheParameterGroup": group})

    def describe_cache_parameter_groups(self):  # type: ignore[no-untyped-def]
        name = self._get_param("CacheParameterGroupName")
        groups = [get(self, name)] if name else list(_groups(self.elasticache_backend).values())
        return ActionResult({"CacheParameterGroups": groups})

    def modify_cache_parameter_group(self):  # type: ignore[no-untyped-def]
        name = self._get_param("CacheParameterGroupName")
        group = get(self, name)
        if group.is_default:
            raise InvalidCacheParameterGroupState("Default parameter groups cannot be modified.")
        for item in self._get_param("ParameterNameValues") or []:
            group.parameters[item["ParameterName"]] = item.get("ParameterValue")
        return ActionResult({"CacheParameterGroupName": name})

    def reset_cache_parameter_group(self):  # type: ignore[no-untyped-def]
        name = self._get_param("CacheParameterGroupName")
        group = get(self, name)
        if self._get_param("ResetAllParameters"):
            group.parameters.clear()
        for item in self._get_param("ParameterNameValues") or []:
            group.parameters.pop(item["ParameterName"], None)
        return ActionResult({"CacheParameterGroupName": name})

    def delete_cache_parameter_group(self):  # type: ignore[no-untyped-def]
        backend = self.elasticache_backend
        name = self._get_param("CacheParameterGroupName")
        group = get(self, name)
        if group.is_default:
            raise InvalidCacheParameterGroupState("Default parameter groups cannot be deleted.")
        del _groups(backend)[name]
        backend.tagging_service.delete_all_tags_for_resource(group.arn)
        return EmptyResult()

    def describe_cache_parameters(self):  # type: ignore[no-untyped-def]
        group = get(self, self._get_param("CacheParameterGroupName"))
        source = self._get_param("Source")
        params = [
            {
                "ParameterName": k,
                "ParameterValue": v,
                "Source": "user",
                "DataType": "string",
                "IsModifiable": True,
                "ChangeType": "immediate",
            }
            for k, v in sorted(group.parameters.items())
        ]
        if source and source != "user":
            params = []
        return ActionResult({"Parameters": params, "CacheNodeTypeSpecificParameters": []})

    for fn in (create_cache_parameter_group, describe_cache_parameter_groups, modify_cache_parameter_group,
               reset_cache_parameter_group, delete_cache_parameter_group, describe_cache_parameters):
        setattr(ElastiCacheResponse, fn.__name__, fn)

    # Tagging: parameter group ARNs are valid resource names for List/Add/RemoveTags.
    from moto.elasticache.models import ElastiCacheBackend
    from re import compile as re_compile

    original_init = ElastiCacheBackend.__init__

    def init(self, region_name, account_id):  # type: ignore[no-untyped-def]
        original_init(self, region_name, account_id)
        self.arn_regex = re_compile(
            r"^arn:aws:elasticache:.*:[0-9]*:(cluster|snapshot|subnetgroup|replicationgroup|user|usergroup|parametergroup):.*$"
        )

    if not getattr(original_init, "__phi_moto__", False):
        init.__phi_moto__ = True  # type: ignore[attr-defined]
        ElastiCacheBackend.__init__ = init
