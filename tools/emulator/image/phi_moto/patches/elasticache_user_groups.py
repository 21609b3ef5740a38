"""ElastiCache RBAC user groups (and ModifyUser).

moto bug: CreateUserGroup, DescribeUserGroups, ModifyUserGroup, DeleteUserGroup and ModifyUser are
not implemented; DeleteUser leaves the user listed until it is described once more.

AWS behaviour restored: user groups with engine, member user ids (the group's users carry the
group id in `UserGroupIds`), status "active", ARN, tags; add/remove users; delete removes the
group (UserGroupNotFound afterwards). ModifyUser updates access string / passwords /
authentication mode.

Needed by: `aws_elasticache_user_group`, `aws_elasticache_user_group_association`,
`aws_elasticache_user` updates and `aws_elasticache_replication_group.user_group_ids`.
"""

from __future__ import annotations

from typing import Any

from moto.core.responses import ActionResult


class UserGroup:
    def __init__(self, account_id: str, region: str, group_id: str, engine: str, user_ids: list[str]):
        self.user_group_id = group_id
        self.engine = engine
        self.user_ids = list(user_ids)
        self.status = "active"
        self.minimum_engine_version = "6.0"
        self.replication_groups: list[str] = []
        self.serverless_caches: list[str] = []
        self.arn = f"arn:aws:elasticache:{region}:{account_id}:usergroup:{group_id}"


def _groups(backend: Any) -> dict[str, UserGroup]:
    return backend.__dict__.setdefault("phi_user_groups", {})


def apply() -> None:
    from moto.elasticache.exceptions import ElastiCacheException, UserNotFound
    from moto.elasticache.responses import ElastiCacheResponse

    class UserGroupNotFound(ElastiCacheException):
        code = "UserGroupNotFound"

    class UserGroupAlreadyExists(ElastiCacheException):
        code = "UserGroupAlreadyExists"

    def _users(self, ids: list[str]) -> None:
        for uid in ids:
            if uid not in self.elasticache_backend.users:
                raise UserNotFound(uid)

    def _link(self, group: UserGroup, ids: list[str], add: bool) -> None:
        for uid in ids:
            user = self.elasticache_backend.users.get(uid)
            if user is None:
                continue
            if add and group.user_group_id not in user.user_group_ids:
                user.user_group_ids.append(group.user_group_id)
            if not add and group.user_group_id in user.user_group_ids:
                user.user_group_ids.remove(group.user_group_id)

    def _get(self, gid: str) -> UserGroup:
        group = _groups(self.elasticache_backend).get(gid)
        if group is None:
            raise UserGroupNotFound(f"User group {gid} not found.")
        return group

    def create_user_group(self):  # type: ignore[no-untyped-def]
        backend = self.elasticache_backend
        gid = self._get_param("UserGroupId")
        if gid in _groups(backend):
            raise UserGroupAlreadyExists(f"User group {gid} already exists.")
        ids = self._get_param("UserIds") or []
        _users(self, ids)
        group = UserGroup(backend.account_id, backend.region_name, gid, (self._get_param("Engine") or "redis").lower(), ids)
        _groups(backend)[gid] = group
        _link(self, group, ids, True)
        tags = self._get_param("Tags") or []
        if tags:
            backend.tagging_service.tag_resource(group.arn, tags)
        return ActionResult(group)

    def describe_user_groups(self):  # type: ignore[no-untyped-def]
        gid = self._get_param("UserGroupId")
        groups = [_get(self, gid)] if gid else list(_groups(self.elasticache_backend).values())
        for g in groups:
            g.replication_groups = [rg_id for rg_id, rg in self.elasticache_backend.replication_groups.items()
                                    if g.user_group_id in (rg.user_group_ids or [])]
        return ActionResult({"UserGroups": groups})

    def modify_user_group(self):  # type: ignore[no-untyped-def]
        group = _get(self, self._get_param("UserGroupId"))
        add = self._get_param("UserIdsToAdd") or []
        remove = self._get_param("UserIdsToRemove") or []
        _users(self, add)
        group.user_ids = [u for u in group.user_ids if u not in remove] + [u for u in add if u not in group.user_ids]
        _link(self, group, add, True)
        _link(self, group, remove, False)
        return ActionResult(group)

    def delete_user_group(self):  # type: ignore[no-untyped-def]
        backend = self.elasticache_backend
        group = _get(self, self._get_param("UserGroupId"))
        _link(self, group, group.user_ids, False)
        del _groups(backend)[group.user_group_id]
        backend.tagging_service.delete_all_tags_for_resource(group.arn)
        group.status = "deleting"
        return ActionResult(group)

    def modify_user(self):  # type: ignore[no-untyped-def]
        backend = self.elasticache_backend
        uid = self._get_param("UserId")
        user = backend.users.get(uid)
        if user is None:
            raise UserNotFound(uid)
        if self._get_param("AccessString") is not None:
            user.access_string = self._get_param("AccessString")
        passwords = self._get_param("Passwords") or []
        mode = self._get_param("AuthenticationMode") or {}
        if mode.get("Type"):
            user.authentication_type = mode["Type"]
            passwords = passwords or mode.get("Passwords") or []
            user.no_password_required = mode["Type"] == "no-password-required"
        if passwords:
            user.passwords = passwords
            user.no_password_required = False
            user.authentication_type = "password"
        if self._get_param("NoPasswordRequired") is not None:
            user.no_password_required = bool(self._get_param("NoPasswordRequired"))
        return ActionResult(user)

    for fn in (create_user_group, describe_user_groups, modify_user_group, delete_user_group, modify_user):
        setattr(ElastiCacheResponse, fn.__name__, fn)
