"""CloudFront response headers policies.

moto bug: CreateResponseHeadersPolicy, GetResponseHeadersPolicy, GetResponseHeadersPolicyConfig,
UpdateResponseHeadersPolicy, DeleteResponseHeadersPolicy and ListResponseHeadersPolicies are not
routed at all (every `/2020-05-31/response-headers-policy` request answers HTTP 404).

AWS behaviour restored: custom policies with a UUID id, ETag (new one on every update),
LastModifiedTime and the config as sent; names are unique (ResponseHeadersPolicyAlreadyExists);
Get/Update/Delete of an unknown id raise NoSuchResponseHeadersPolicy; List honours `Type`
(only `custom` policies exist in the emulator).

Needed by: `aws_cloudfront_response_headers_policy` (and the distribution's
`response_headers_policy_id`).
"""

from __future__ import annotations

from typing import Any

from moto.core.responses import ActionResult, EmptyResult

BASE = "{0}/2020-05-31/response-headers-policy"


class ResponseHeadersPolicy:
    def __init__(self, config: dict[str, Any]):
        from moto.cloudfront.models import random_id
        from moto.moto_api._internal import mock_random

        self.id = str(mock_random.uuid4())
        self.location = f"https://cloudfront.amazonaws.com/2020-05-31/response-headers-policy/{self.id}"
        self.update(config)
        self.etag = random_id(length=14)

    def update(self, config: dict[str, Any]) -> None:
        from moto.cloudfront.models import random_id
        from moto.core.utils import utcnow

        self.response_headers_policy_config = config
        self.name = config.get("Name")
        self.last_modified_time = utcnow()
        self.etag = random_id(length=14)


def _policies(backend: Any) -> dict[str, ResponseHeadersPolicy]:
    return backend.__dict__.setdefault("phi_response_headers_policies", {})


def apply() -> None:
    from moto.cloudfront import urls
    from moto.cloudfront.exceptions import CloudFrontException
    from moto.cloudfront.responses import CloudFrontResponse

    class NoSuchResponseHeadersPolicy(CloudFrontException):
        code = "NoSuchResponseHeadersPolicy"
        message = "The response headers policy does not exist."

    class ResponseHeadersPolicyAlreadyExists(CloudFrontException):
        code = "ResponseHeadersPolicyAlreadyExists"
        message = "A response headers policy with this name already exists."

    urls.url_paths.update(
        {
            BASE + "$": CloudFrontResponse.dispatch,
            BASE + "/(?P<policy_id>[^/]+)$": CloudFrontResponse.dispatch,
            BASE + "/(?P<policy_id>[^/]+)/config$": CloudFrontResponse.dispatch,
        }
    )

    def _get(self: CloudFrontResponse) -> ResponseHeadersPolicy:
        policy = _policies(self.backend).get(self._get_param("Id"))
        if policy is None:
            raise NoSuchResponseHeadersPolicy()
        return policy

    def _unique_name(self: CloudFrontResponse, name: str, own_id: str | None = None) -> None:
        if any(p.name == name and p.id != own_id for p in _policies(self.backend).values()):
            raise ResponseHeadersPolicyAlreadyExists()

    def create_response_headers_policy(self):  # type: ignore[no-untyped-def]
        config = self._get_param("ResponseHeadersPolicyConfig", {})
        _unique_name(self, config.get("Name"))
        policy = ResponseHeadersPolicy(config)
        _policies(self.backend)[policy.id] = policy
        return ActionResult({"ResponseHeadersPolicy": policy, "Location": policy.location, "ETag": policy.etag})

    def get_response_headers_policy(self):  # type: ignore[no-untyped-def]
        policy = _get(self)
        return ActionResult({"ResponseHeadersPolicy": policy, "ETag": policy.etag})

    def get_response_headers_policy_config(self):  # type: ignore[no-untyped-def]
        policy = _get(self)
        return ActionResult({"ResponseHeadersPolicyConfig": policy.response_headers_policy_config, "ETag": policy.etag})

    def update_response_headers_policy(self):  # type: ignore[no-untyped-def]
        policy = _get(self)
        config = self._get_param("ResponseHeadersPolicyConfig", {})
        _unique_name(self, config.get("Name"), policy.id)
        policy.update(config)
        return ActionResult({"ResponseHeadersPolicy": policy, "ETag": policy.etag})

    def delete_response_headers_policy(self):  # type: ignore[no-untyped-def]
        del _policies(self.backend)[_get(self).id]
        return EmptyResult()

    def list_response_headers_policies(self):  # type: ignore[no-untyped-def]
        kind = self._get_param("Type")
        policies = [] if kind == "managed" else list(_policies(self.backend).values())
        items = [{"Type": "custom", "ResponseHeadersPolicy": p} for p in policies]
        return ActionResult(
            {"ResponseHeadersPolicyList": {"MaxItems": 100, "Quantity": len(items), "Items": items or None}}
        )

    for fn in (
        create_response_headers_policy,
        get_response_headers_policy,
        get_response_headers_policy_config,
        update_response_headers_policy,
        delete_response_headers_policy,
        list_response_headers_policies,
    ):
        setattr(CloudFrontResponse, fn.__name__, fn)
