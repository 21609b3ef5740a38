"""CloudFront key groups can be updated and deleted; public keys and key groups keep `Comment`.

moto bug: DeleteKeyGroup, UpdateKeyGroup and GetKeyGroupConfig are not implemented (and
`key-group/{id}/config` is not routed); UpdatePublicKey and GetPublicKeyConfig are not routed
either. CreatePublicKey and CreateKeyGroup drop `Comment`, so GetPublicKey/GetKeyGroup never
return it. GetKeyGroup/GetPublicKey of an unknown id fail with HTTP 500 (KeyError).

AWS behaviour restored: comments are stored and returned; UpdateKeyGroup replaces name, items and
comment; UpdatePublicKey changes the comment (the only mutable field); DeleteKeyGroup removes the
group; every call on an unknown id raises NoSuchResource (key groups) or NoSuchPublicKey (public
keys), which the provider treats as "gone". Each update issues a new ETag.

Needed by: `aws_cloudfront_public_key` and `aws_cloudfront_key_group` (`comment` round trip,
in-place updates, destroy).
"""

from __future__ import annotations

from moto.core.responses import ActionResult, EmptyResult

from ._util import wrap

BASE = "{0}/2020-05-31"


def apply() -> None:
    from moto.cloudfront import urls
    from moto.cloudfront.exceptions import CloudFrontException
    from moto.cloudfront.models import CloudFrontBackend, KeyGroup, PublicKey, random_id
    from moto.cloudfront.responses import CloudFrontResponse
    from moto.core.utils import utcnow

    class NoSuchResource(CloudFrontException):
        code = "NoSuchResource"
        message = "The specified key group does not exist."

    class NoSuchPublicKey(CloudFrontException):
        code = "NoSuchPublicKey"
        message = "The specified public key does not exist."

    urls.url_paths.update(
        {
            BASE + "/key-group/(?P<key_name>[^/]+)/config$": CloudFrontResponse.dispatch,
            BASE + "/public-key/(?P<key_name>[^/]+)/config$": CloudFrontResponse.dispatch,
        }
    )

    @wrap(KeyGroup, "__init__")
    def key_group_init(original, self, *args, **kwargs):  # type: ignore[no-untyped-def]
        original(self, *args, **kwargs)
        self.comment = ""
        self.last_modified_time = utcnow()

    KeyGroup.key_group_config = property(  # type: ignore[assignment,method-assign]
        lambda self: {"Name": self.name, "Items": self.items, "Comment": self.comment or None}
    )

    @wrap(CloudFrontBackend, "get_key_group")
    def get_key_group(original, self, group_id):  # type: ignore[no-untyped-def]
        if group_id not in self.key_groups:
            raise NoSuchResource()
        return original(self, group_id)

    @wrap(CloudFrontBackend, "get_public_key")
    def get_public_key(original, self, key_id):  # type: ignore[no-untyped-def]
        if key_id not in self.public_keys:
            raise NoSuchPublicKey()
        return original(self, key_id)

    def create_public_key(self):  # type: ignore[no-untyped-def]
        config = self._get_param("PublicKeyConfig")
        key: PublicKey = self.backend.create_public_key(
            caller_ref=config["CallerReference"], name=config["Name"], encoded_key=config["EncodedKey"]
        )
        key.comment = config.get("Comment") or ""
        return ActionResult({"PublicKey": key, "Location": key.location, "ETag": key.etag})

    def get_public_key_config(self):  # type: ignore[no-untyped-def]
        key = self.backend.get_public_key(self._get_param("Id"))
        return ActionResult({"PublicKeyConfig": key.public_key_config, "ETag": key.etag})

    def update_public_key(self):  # type: ignore[no-untyped-def]
        key = self.backend.get_public_key(self._get_param("Id"))
        key.comment = self._get_param("PublicKeyConfig", {}).get("Comment") or ""
        key.etag = random_id(length=14)
        return ActionResult({"PublicKey": key, "ETag": key.etag})

    def create_key_group(self):  # type: ignore[no-untyped-def]
        group: KeyGroup = self.backend.create_key_group(
            name=self._get_param("KeyGroupConfig.Name"), items=self._get_param("KeyGroupConfig.Items", [])
        )
        group.comment = self._get_param("KeyGroupConfig.Comment") or ""
        return ActionResult({"KeyGroup": group, "Location": group.location, "ETag": group.etag})

    def get_key_group_config(self):  # type: ignore[no-untyped-def]
        group = self.backend.get_key_group(self._get_param("Id"))
        return ActionResult({"KeyGroupConfig": group.key_group_config, "ETag": group.etag})

    def update_key_group(self):  # type: ignore[no-untyped-def]
        group = self.backend.get_key_group(self._get_param("Id"))
        group.name = self._get_param("KeyGroupConfig.Name")
        group.items = self._get_param("KeyGroupConfig.Items", [])
        group.comment = self._get_param("KeyGroupConfig.Comment") or ""
        group.last_modified_time = utcnow()
        group.etag = random_id(length=14)
        return ActionResult({"KeyGroup": group, "ETag": group.etag})

    def delete_key_group(self):  # type: ignore[no-untyped-def]
        del self.backend.key_groups[self.backend.get_key_group(self._get_param("Id")).id]
        return EmptyResult()

    for fn in (
        create_public_key,
        get_public_key_config,
        update_public_key,
        create_key_group,
        get_key_group_config,
        update_key_group,
        delete_key_group,
    ):
        setattr(CloudFrontResponse, fn.__name__, fn)
