"""DescribeOptionGroups without an option group name lists option groups.

moto bug: `RDSBackend.describe_option_groups` indexes `option_group_kwargs["option_group_name"]`,
which is absent when the request carries no `OptionGroupName`, so the call answers HTTP 500
(KeyError). With only `EngineName`/`MajorEngineVersion` and no match it would also raise
`OptionGroupNotFoundFault`.

AWS behaviour restored: without `OptionGroupName` every option group is listed, filtered by
`EngineName` and `MajorEngineVersion` when given; an empty result is an empty list. With a name,
unknown groups still raise `OptionGroupNotFoundFault`.

Needed by: `aws_db_option_group` with provider 5.100.0 (an unnamed DescribeOptionGroups surfaced
as HTTP 500 against the rds-mysql-ha stack) and any client paging through all option groups.
"""

from __future__ import annotations

from ._util import wrap


def apply() -> None:
    from moto.rds.exceptions import OptionGroupNotFoundFaultError
    from moto.rds.models import RDSBackend

    @wrap(RDSBackend, "describe_option_groups")
    def describe(original, self, option_group_kwargs):  # type: ignore[no-untyped-def]
        kwargs = dict(option_group_kwargs or {})
        if kwargs.get("option_group_name"):
            return original(self, kwargs)
        kwargs["option_group_name"] = None
        try:
            return original(self, kwargs)
        except OptionGroupNotFoundFaultError:
            return []
