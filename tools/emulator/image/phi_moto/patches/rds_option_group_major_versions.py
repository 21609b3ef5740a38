"""CreateOptionGroup accepts every major version that moto's own option data knows.

moto bug: `RDSBackend.create_option_group` checks `MajorEngineVersion` against a hard-coded list
("verified against the AWS Console on 14 Dec 2022") that stops at MySQL 8.0, so an option group
for MySQL 8.4 answers `InvalidParameterCombination: Cannot find major version 8.4 for mysql`,
although moto's bundled option data (`resources/option_group_options/mysql.json.gz`, the source
of DescribeOptionGroupOptions) lists `MARIADB_AUDIT_PLUGIN` for 8.4.

AWS behaviour restored: an option group can be created for any major version that
DescribeOptionGroupOptions reports for the engine (MySQL 8.4 included); unknown versions still
fail with `InvalidParameterCombination`, and every other check (duplicate name, blank
description, unknown engine) is moto's own.

Needed by: `aws_db_option_group` with `major_engine_version = "8.4"` (rds-mysql-ha's default
MySQL 8.4 LTS option group with the MariaDB audit plugin).
"""

from __future__ import annotations

from typing import Any

from ._util import wrap


def _known_major_versions(engine: str) -> set[str]:
    from moto.rds.models import RDSBackend

    try:
        return {o["MajorEngineVersion"] for o in RDSBackend.describe_option_group_options(engine)}
    except Exception:  # unknown engine: moto's own check answers
        return set()


def apply() -> None:
    from moto.rds.exceptions import RDSClientError
    from moto.rds.models import OptionGroup, RDSBackend

    @wrap(RDSBackend, "create_option_group")
    def create(original, self, option_group_kwargs: dict[str, Any]):  # type: ignore[no-untyped-def]
        try:
            return original(self, option_group_kwargs)
        except RDSClientError as e:
            # The version check is the last one before the group is stored, so the name, the
            # description and the engine have passed moto's checks when it fails.
            message = str(e)
            version = option_group_kwargs.get("major_engine_version")
            engine = option_group_kwargs.get("engine_name")
            if "Cannot find major version" not in message or version not in _known_major_versions(engine):
                raise
            option_group = OptionGroup(self, **option_group_kwargs)
            self.option_groups[option_group_kwargs["option_group_name"]] = option_group
            return option_group
