"""Unique DbiResourceId per RDS DB instance.

moto bug: `moto.rds.models.DBInstance.__init__` hard-codes
`dbi_resource_id = "db-M5ENSHXFPU6XHZ4G4ZEI5QIO2U"`, and read replicas are shallow copies of their
source, so every instance in an account shares one DbiResourceId.

AWS behaviour restored: each DB instance (including each read replica) gets its own immutable,
region-unique `DbiResourceId` ("db-" + 26 upper-case base32 characters).

Needed by: `aws_db_instance` (provider >= 5.0 stores DbiResourceId as the resource id and reads the
instance back with the `dbi-resource-id` filter); a second instance or any read replica
(`replicate_source_db`) otherwise reads as "multiple RDS DB Instances matched".
"""

from __future__ import annotations

import base64
import os

from ._util import wrap


def new_dbi_resource_id() -> str:
    return "db-" + base64.b32encode(os.urandom(20)).decode()[:26]


def apply() -> None:
    from moto.rds.models import DBInstance, RDSBackend

    @wrap(DBInstance, "__init__")
    def init(original, self, *args, **kwargs):  # type: ignore[no-untyped-def]
        original(self, *args, **kwargs)
        self.dbi_resource_id = new_dbi_resource_id()

    @wrap(RDSBackend, "create_db_instance_read_replica")
    def create_replica(original, self, db_kwargs):  # type: ignore[no-untyped-def]
        replica = original(self, db_kwargs)
        replica.dbi_resource_id = new_dbi_resource_id()
        return replica
