"""cloudfront_response_headers_policies, cloudfront_key_groups, cloudfront_distribution_roundtrip."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

PUBLIC_KEY = """-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo
4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u
+qKhbwKfBstIs+bMY2Zkp18gnTxKLxoS2tFczGkPLPgizskuemMghRniWaoLcyeh
kd3qqGElvW/VDL5AaWTg0nLVkjRo9z+40RQzuVaE8AkAFmxZzow3x+VJYKdjykkJ
0iT9wCS0DRTXu269V264Vf/3jvredZiKRkgwlL9xNAwxXFg0x/XFw005UWVRIkdg
cKWTjpBP2dPwVZ4WWC+9aGVd+Gyn1o0CLelf4rEjGoXbAAEgAqeGUxrcIlbjXfbc
mwIDAQAB
-----END PUBLIC KEY-----
"""

RHP_CONFIG = {
    "Name": "phi-security-headers",
    "Comment": "HSTS, nosniff, frame deny",
    "SecurityHeadersConfig": {
        "StrictTransportSecurity": {
            "Override": True,
            "IncludeSubdomains": True,
            "Preload": True,
            "AccessControlMaxAgeSec": 63072000,
        },
        "ContentTypeOptions": {"Override": True},
        "FrameOptions": {"Override": True, "FrameOption": "DENY"},
        "ReferrerPolicy": {"Override": True, "ReferrerPolicy": "no-referrer"},
    },
}


def _code(exc: pytest.ExceptionInfo[ClientError]) -> tuple[str, int]:
    return exc.value.response["Error"]["Code"], exc.value.response["ResponseMetadata"]["HTTPStatusCode"]


def test_response_headers_policy_lifecycle(client):
    cf = client("cloudfront")
    created = cf.create_response_headers_policy(ResponseHeadersPolicyConfig=RHP_CONFIG)
    policy_id = created["ResponseHeadersPolicy"]["Id"]
    assert created["Location"].endswith(f"/response-headers-policy/{policy_id}")

    got = cf.get_response_headers_policy(Id=policy_id)
    assert got["ResponseHeadersPolicy"]["ResponseHeadersPolicyConfig"] == RHP_CONFIG
    assert got["ETag"] == created["ETag"]
    config = cf.get_response_headers_policy_config(Id=policy_id)
    assert config["ResponseHeadersPolicyConfig"] == RHP_CONFIG

    with pytest.raises(ClientError) as exc:
        cf.create_response_headers_policy(ResponseHeadersPolicyConfig=RHP_CONFIG)
    assert _code(exc) == ("ResponseHeadersPolicyAlreadyExists", 409)

    updated_config = {**RHP_CONFIG, "Comment": "updated"}
    updated = cf.update_response_headers_policy(
        Id=policy_id, IfMatch=got["ETag"], ResponseHeadersPolicyConfig=updated_config
    )
    assert updated["ETag"] != got["ETag"]
    assert cf.get_response_headers_policy(Id=policy_id)["ResponseHeadersPolicy"]["ResponseHeadersPolicyConfig"]["Comment"] == "updated"

    listed = cf.list_response_headers_policies(Type="custom")["ResponseHeadersPolicyList"]
    assert [(i["Type"], i["ResponseHeadersPolicy"]["Id"]) for i in listed["Items"]] == [("custom", policy_id)]
    assert cf.list_response_headers_policies(Type="managed")["ResponseHeadersPolicyList"]["Quantity"] == 0

    cf.delete_response_headers_policy(Id=policy_id, IfMatch=updated["ETag"])
    with pytest.raises(ClientError) as exc:
        cf.get_response_headers_policy(Id=policy_id)
    assert _code(exc) == ("NoSuchResponseHeadersPolicy", 404)
    assert cf.list_response_headers_policies()["ResponseHeadersPolicyList"]["Quantity"] == 0


def test_key_groups_and_public_keys_keep_comments_and_update_and_delete(client):
    cf = client("cloudfront")
    key = cf.create_public_key(
        PublicKeyConfig={"CallerReference": "ref-1", "Name": "phi-signer", "EncodedKey": PUBLIC_KEY, "Comment": "signer"}
    )["PublicKey"]
    assert key["PublicKeyConfig"]["Comment"] == "signer"
    assert cf.get_public_key(Id=key["Id"])["PublicKey"]["PublicKeyConfig"]["Comment"] == "signer"
    etag = cf.get_public_key(Id=key["Id"])["ETag"]
    cf.update_public_key(
        Id=key["Id"],
        IfMatch=etag,
        PublicKeyConfig={"CallerReference": "ref-1", "Name": "phi-signer", "EncodedKey": PUBLIC_KEY, "Comment": "rotated"},
    )
    assert cf.get_public_key_config(Id=key["Id"])["PublicKeyConfig"]["Comment"] == "rotated"

    group = cf.create_key_group(KeyGroupConfig={"Name": "phi-signers", "Items": [key["Id"]], "Comment": "signers"})
    group_id = group["KeyGroup"]["Id"]
    assert group["KeyGroup"]["KeyGroupConfig"]["Comment"] == "signers"
    assert cf.get_key_group(Id=group_id)["KeyGroup"]["KeyGroupConfig"] == {
        "Name": "phi-signers",
        "Items": [key["Id"]],
        "Comment": "signers",
    }

    updated = cf.update_key_group(
        Id=group_id, IfMatch=group["ETag"], KeyGroupConfig={"Name": "phi-signers-2", "Items": [key["Id"]], "Comment": "renamed"}
    )
    assert updated["ETag"] != group["ETag"]
    config = cf.get_key_group_config(Id=group_id)["KeyGroupConfig"]
    assert (config["Name"], config["Comment"]) == ("phi-signers-2", "renamed")

    cf.delete_key_group(Id=group_id, IfMatch=updated["ETag"])
    assert cf.list_key_groups()["KeyGroupList"]["Quantity"] == 0
    for call in (cf.get_key_group, cf.get_key_group_config, cf.delete_key_group):
        with pytest.raises(ClientError) as exc:
            call(Id=group_id)
        assert _code(exc) == ("NoSuchResource", 404)
    cf.delete_public_key(Id=key["Id"], IfMatch=etag)
    with pytest.raises(ClientError) as exc:
        cf.get_public_key(Id=key["Id"])
    assert _code(exc) == ("NoSuchPublicKey", 404)


def test_distribution_round_trips_oac_cache_policy_and_acm_certificate(client):
    cf = client("cloudfront")
    oac = cf.create_origin_access_control(
        OriginAccessControlConfig={
            "Name": "phi-oac",
            "SigningProtocol": "sigv4",
            "SigningBehavior": "always",
            "OriginAccessControlOriginType": "s3",
        }
    )["OriginAccessControl"]["Id"]
    certificate = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"
    config = {
        "CallerReference": "phi-dist",
        "Comment": "phi",
        "Enabled": True,
        "Origins": {
            "Quantity": 1,
            "Items": [
                {
                    "Id": "images",
                    "DomainName": "phi-images.s3.us-east-1.amazonaws.com",
                    "OriginAccessControlId": oac,
                    "S3OriginConfig": {"OriginAccessIdentity": ""},
                }
            ],
        },
        "DefaultCacheBehavior": {
            "TargetOriginId": "images",
            "ViewerProtocolPolicy": "https-only",
            "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6",
        },
        "CacheBehaviors": {
            "Quantity": 1,
            "Items": [
                {
                    "PathPattern": "/legacy/*",
                    "TargetOriginId": "images",
                    "ViewerProtocolPolicy": "https-only",
                    "ForwardedValues": {"QueryString": False, "Cookies": {"Forward": "none"}},
                    "MinTTL": 0,
                }
            ],
        },
        "ViewerCertificate": {
            "ACMCertificateArn": certificate,
            "SSLSupportMethod": "sni-only",
            "MinimumProtocolVersion": "TLSv1.2_2021",
        },
    }
    dist_id = cf.create_distribution(DistributionConfig=config)["Distribution"]["Id"]

    for got in (
        cf.get_distribution(Id=dist_id)["Distribution"]["DistributionConfig"],
        cf.get_distribution_config(Id=dist_id)["DistributionConfig"],
    ):
        assert got["Origins"]["Items"][0]["OriginAccessControlId"] == oac
        assert "ForwardedValues" not in got["DefaultCacheBehavior"]
        assert got["DefaultCacheBehavior"]["CachePolicyId"] == "658327ea-f89d-4fab-a63d-7e88639e58f6"
        assert got["CacheBehaviors"]["Items"][0]["ForwardedValues"]["QueryString"] is False
        cert = got["ViewerCertificate"]
        assert cert["CloudFrontDefaultCertificate"] is False
        assert (cert["ACMCertificateArn"], cert["CertificateSource"], cert["Certificate"]) == (certificate, "acm", certificate)

    default = dict(config, CallerReference="phi-default", ViewerCertificate={"CloudFrontDefaultCertificate": True})
    default_id = cf.create_distribution(DistributionConfig=default)["Distribution"]["Id"]
    cert = cf.get_distribution(Id=default_id)["Distribution"]["DistributionConfig"]["ViewerCertificate"]
    assert (cert["CloudFrontDefaultCertificate"], cert["CertificateSource"]) == (True, "cloudfront")
