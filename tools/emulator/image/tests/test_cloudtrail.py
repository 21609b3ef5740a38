"""cloudtrail_by_arn and cloudtrail_describe_trail_name_list."""

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


def test_describe_trails_by_name_or_arn_returns_only_those_trails(client, aws):
    import boto3

    east = boto3.client("cloudtrail", region_name="us-east-1")
    west = boto3.client("cloudtrail", region_name="eu-west-1")
    boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="phi-trail-east")
    boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="phi-trail-west")
    east_arn = east.create_trail(Name="east-audit", S3BucketName="phi-trail-east", IsMultiRegionTrail=True)["TrailARN"]
    west_arn = west.create_trail(Name="west-audit", S3BucketName="phi-trail-west", IsMultiRegionTrail=True)["TrailARN"]
    # without a list: the Region's own trail plus the other Region's multi-region shadow
    assert sorted(t["TrailARN"] for t in west.describe_trails()["trailList"]) == sorted([east_arn, west_arn])
    # by ARN: exactly that trail, also from another Region (a multi-region trail's shadow)
    assert [t["TrailARN"] for t in west.describe_trails(trailNameList=[west_arn])["trailList"]] == [west_arn]
    assert [t["TrailARN"] for t in west.describe_trails(trailNameList=[east_arn])["trailList"]] == [east_arn]
    # by name: only trails of the current Region
    assert [t["TrailARN"] for t in west.describe_trails(trailNameList=["west-audit"])["trailList"]] == [west_arn]
    assert west.describe_trails(trailNameList=["east-audit"])["trailList"] == []
