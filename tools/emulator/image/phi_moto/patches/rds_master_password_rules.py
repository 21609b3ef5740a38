"""RDS refuses master passwords that MySQL on RDS does not accept.

moto bug: a master password (CreateDBInstance, ModifyDBInstance) is only checked for a minimum of
8 characters. AWS (CreateDBInstance API reference, MasterUserPassword) also requires printable
ASCII characters other than '/', '"', '@' and space, and for MySQL and MariaDB at most 41
characters. A password the stack or its rotation function draws with other rules would apply on
moto and fail in a real account.

AWS behaviour restored: `InvalidParameterValue` for a forbidden character, and for more than 41
characters on the mysql and mariadb engines (moto's own blank and short-password checks remain).

Needed by: rds-mysql-ha's master password (`password_wo`) and its rotation function
(ModifyDBInstance MasterUserPassword).
"""

from __future__ import annotations

FORBIDDEN = set('/"@ ')
MAX_LENGTH = {"mysql": 41, "mariadb": 41}


def problem(engine: str, password: str) -> str | None:
    if any(ord(c) < 33 or ord(c) > 126 or c in FORBIDDEN for c in password):
        return (
            "The parameter MasterUserPassword is not a valid password. Only printable ASCII "
            "characters besides '/', '@', '\"', ' ' may be used."
        )
    limit = MAX_LENGTH.get(engine)
    if limit is not None and len(password) > limit:
        return f"The parameter MasterUserPassword is not a valid password because it is longer than {limit} characters."
    return None


def apply() -> None:
    from moto.rds.exceptions import InvalidParameterValue
    from moto.rds.models import DBInstance

    prop = DBInstance.__dict__["master_user_password"]
    if getattr(prop.fset, "__phi_moto__", False):
        return
    original_setter = prop.fset

    def setter(self, val):  # type: ignore[no-untyped-def]
        if val:
            found = problem(str(getattr(self, "engine", "") or ""), str(val))
            if found:
                raise InvalidParameterValue(found)
        original_setter(self, val)

    setter.__phi_moto__ = True  # type: ignore[attr-defined]
    DBInstance.master_user_password = property(prop.fget, setter)
