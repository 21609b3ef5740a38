"""ElastiCache RBAC rules that AWS enforces and moto does not.

moto bugs:
- CreateUser accepts an `iam` user whose user name differs from its user id. AWS does not: the
  "Authenticating with IAM" limitations of the ElastiCache guide require the user id and the user
  name of an IAM-enabled user to be identical (the IAM auth token names the user, and the
  `elasticache:Connect` policy the user id).
- A user created with `AuthenticationMode.Type = no-password-required` reports that type back; AWS
  reports `no-password` (as for `NoPasswordRequired = true`) and the user counts as password-less.
- CreateUserGroup accepts a Redis user group without a user named `default`; AWS fails with
  `DefaultUserRequired` (every Redis OSS user group needs one, usually a switched-off replacement).
- CreateReplicationGroup accepts `UserGroupIds` together with `AuthToken`; AWS answers
  `InvalidParameterCombination` (a group authenticates with RBAC or with the AUTH token, not both).

Needed by: redis-phi (RBAC with IAM authentication), so that a stack breaking these rules fails on
the emulator as it would in an account.
"""

from __future__ import annotations

from ._util import wrap


def apply() -> None:
    from moto.elasticache.exceptions import ElastiCacheException, InvalidParameterCombinationException, InvalidParameterValueException
    from moto.elasticache.responses import ElastiCacheResponse

    class DefaultUserRequired(ElastiCacheException):
        code = "DefaultUserRequired"

    @wrap(ElastiCacheResponse, "create_user")
    def create_user(original, self):  # type: ignore[no-untyped-def]
        params = self._get_params()
        mode = (params.get("AuthenticationMode") or {}).get("Type")
        if mode == "iam" and params.get("UserId") != params.get("UserName"):
            raise InvalidParameterValueException(
                f"UserId {params.get('UserId')} and UserName {params.get('UserName')} must be identical for a user with IAM authentication."
            )
        result = original(self)
        if mode == "no-password-required":
            user = self.elasticache_backend.users.get(params.get("UserId"))
            if user is not None:
                user.no_password_required = True
        return result

    @wrap(ElastiCacheResponse, "create_user_group")
    def create_user_group(original, self):  # type: ignore[no-untyped-def]
        engine = (self._get_param("Engine") or "redis").lower()
        ids = self._get_param("UserIds") or []
        users = self.elasticache_backend.users
        if engine == "redis" and not any(getattr(users.get(uid), "name", None) == "default" for uid in ids):
            raise DefaultUserRequired("A user group must contain a user with the user name default.")
        return original(self)

    @wrap(ElastiCacheResponse, "create_replication_group")
    def create_replication_group(original, self):  # type: ignore[no-untyped-def]
        if self._get_param("UserGroupIds") and self._get_param("AuthToken"):
            raise InvalidParameterCombinationException("AuthToken and UserGroupIds cannot be specified together: use RBAC or the AUTH token.")
        return original(self)
