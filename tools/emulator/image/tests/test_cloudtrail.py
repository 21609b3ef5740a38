"""cloudtrail_by_arn."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError


def test_logging_and_delete_by_arn(client):
    client("s3").create_bucket(Bucket="phi-trail-logs")
    ct = client("cloudtrail")
    arn = ct.create_trail(Name="phi-trail", S3BucketName="phi-trail-logs")["TrailARN"]
    ct.start_logging(Name=arn)
    assert ct.get_trail_status(Name=arn)["IsLogging"] is True
    ct.stop_logging(Name=arn)
    assert ct.get_trail_status(Name="phi-trail")["IsLogging"] is False
    ct.start_logging(Name="phi-trail")
    assert ct.get_trail_status(Name=arn)["IsLogging"] is True
    ct.delete_trail(Name=arn)
    assert ct.describe_trails()["trailList"] == []
    with pytest.raises(ClientError) as e:
        ct.start_logging(Name=arn)
    assert e.value.response["Error"]["Code"] == "TrailNotFoundException"
