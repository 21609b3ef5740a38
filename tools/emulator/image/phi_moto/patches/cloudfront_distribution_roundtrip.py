"""CloudFront distributions are described as they were configured.

moto bug (Create/Get/UpdateDistribution, GetDistributionConfig):
- `Origin` drops `OriginAccessControlId`;
- every cache behavior gets a `ForwardedValues` block, also when it uses a `CachePolicyId`
  (a behavior has either one or the other);
- `ViewerCertificate` always reports `CloudFrontDefaultCertificate=true` and
  `CertificateSource=cloudfront`, also for an `ACMCertificateArn` or `IAMCertificateId`.

AWS behaviour restored: `OriginAccessControlId` returned as sent; `ForwardedValues` omitted for
behaviors with a cache policy that were sent without it; with an ACM (IAM) certificate
`CloudFrontDefaultCertificate=false`, `CertificateSource=acm` (`iam`) and `Certificate` = the ARN (id).

Needed by: `aws_cloudfront_distribution` (`origin.origin_access_control_id`,
`default_cache_behavior`/`ordered_cache_behavior` with `cache_policy_id`,
`viewer_certificate.acm_certificate_arn`; each otherwise shows a change on every plan).
"""

from __future__ import annotations

from typing import Any

from ._util import wrap


def apply() -> None:
    from moto.cloudfront.models import DefaultCacheBehaviour, Origin, ViewerCertificate

    @wrap(Origin, "__init__")
    def origin_init(original, self, origin: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
        original(self, origin)
        self.origin_access_control_id = origin.get("OriginAccessControlId") or ""

    @wrap(DefaultCacheBehaviour, "__init__")
    def behaviour_init(original, self, config: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
        sent_forwarded_values = "ForwardedValues" in config
        original(self, config)
        if config.get("CachePolicyId") and not sent_forwarded_values:
            self.forwarded_values = None

    @wrap(ViewerCertificate, "__init__")
    def certificate_init(original, self, config: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
        original(self, config)
        for key, source in (("ACMCertificateArn", "acm"), ("IAMCertificateId", "iam")):
            if config.get(key):
                self.cloud_front_default_certificate = bool(config.get("CloudFrontDefaultCertificate", False))
                self.certificate_source = source
                self.certificate = config[key]
                break
