"""s3_logging_policy_principal."""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError


def _logging_policy(bucket: str, statement_shape: str) -> dict:
    arn = f"arn:aws:s3:::{bucket}"
    deny = {
        "Sid": "DenyInsecureTransport",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": [arn, f"{arn}/*"],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }
    allow = {
        "Sid": "AllowS3ServerAccessLogs",
        "Effect": "Allow",
        "Principal": {"Service": "logging.s3.amazonaws.com"},
        "Action": "s3:PutObject",
        "Resource": f"{arn}/access/*",
    }
    if statement_shape == "lists":
        deny["Principal"] = {"AWS": ["*"]}
        allow = dict(allow, Principal={"Service": ["logging.s3.amazonaws.com"]}, Action=["s3:PutObject"], Resource=[f"{arn}/*"])
    return {"Version": "2012-10-17", "Statement": [deny, allow]}


@pytest.mark.parametrize("statement_shape", ["string-principal", "lists"])
def test_bucket_logging_with_a_wildcard_principal_in_the_target_policy(client, statement_shape):
    s3 = client("s3")
    s3.create_bucket(Bucket="phi-images")
    s3.create_bucket(Bucket="phi-logs")
    s3.put_bucket_policy(Bucket="phi-logs", Policy=json.dumps(_logging_policy("phi-logs", statement_shape)))

    s3.put_bucket_logging(
        Bucket="phi-images",
        BucketLoggingStatus={"LoggingEnabled": {"TargetBucket": "phi-logs", "TargetPrefix": "access/"}},
    )
    enabled = s3.get_bucket_logging(Bucket="phi-images")["LoggingEnabled"]
    assert (enabled["TargetBucket"], enabled["TargetPrefix"]) == ("phi-logs", "access/")


def test_bucket_logging_without_a_log_delivery_grant_is_refused(client):
    s3 = client("s3")
    s3.create_bucket(Bucket="phi-images")
    s3.create_bucket(Bucket="phi-logs")
    policy = _logging_policy("phi-logs", "string-principal")
    policy["Statement"] = policy["Statement"][:1]
    s3.put_bucket_policy(Bucket="phi-logs", Policy=json.dumps(policy))

    with pytest.raises(ClientError) as exc:
        s3.put_bucket_logging(
            Bucket="phi-images",
            BucketLoggingStatus={"LoggingEnabled": {"TargetBucket": "phi-logs", "TargetPrefix": "access/"}},
        )
    assert exc.value.response["Error"]["Code"] == "InvalidTargetBucketForLogging"
