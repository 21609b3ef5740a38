"""S3 PutBucketLogging accepts target bucket policies with any valid `Principal` form.

moto bug: `FakeBucket._log_permissions_enabled_policy` reads every statement of the target
bucket's policy with `stmt.get("Principal", {}).get("Service")`, so a statement with
`"Principal": "*"` (a plain string, as in the usual deny-insecure-transport statement) raises
AttributeError and PutBucketLogging answers HTTP 500. Single-statement policies (`Statement` as an
object), a `Service` list and an `Action`/`Resource` list are not understood either.

AWS behaviour restored: the target bucket admits log delivery when one `Allow` statement grants
`s3:PutObject` (or `s3:*`) to the service principal `logging.s3.amazonaws.com` (alone or in a
list) on the bucket, `bucket/*` or `bucket/<target prefix>*`; other statements of any shape are
ignored.

Needed by: `aws_s3_bucket_logging` when the log bucket's `aws_s3_bucket_policy` also has a
`"Principal": "*"` statement.
"""

from __future__ import annotations

import json
from typing import Any


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def apply() -> None:
    from moto.s3.models import LOGGING_SERVICE_PRINCIPAL, FakeBucket

    def _log_permissions_enabled_policy(target_bucket: FakeBucket, target_prefix: str | None) -> bool:
        if not target_bucket.policy:
            return False
        policy = json.loads(target_bucket.policy.decode())
        arn = f"arn:{target_bucket.partition}:s3:::{target_bucket.name}"
        resources = {arn, f"{arn}/*", f"{arn}/{target_prefix or ''}*"}
        for stmt in _as_list(policy.get("Statement")):
            principal = stmt.get("Principal")
            if not isinstance(principal, dict):
                continue
            if LOGGING_SERVICE_PRINCIPAL not in _as_list(principal.get("Service")):
                continue
            if stmt.get("Effect") != "Allow":
                continue
            if not {"s3:PutObject", "s3:*"} & set(_as_list(stmt.get("Action"))):
                continue
            if not resources & set(_as_list(stmt.get("Resource"))):
                continue
            return True
        return False

    FakeBucket._log_permissions_enabled_policy = staticmethod(_log_permissions_enabled_policy)  # type: ignore[method-assign]
