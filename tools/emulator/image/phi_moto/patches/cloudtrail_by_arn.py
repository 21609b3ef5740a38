"""CloudTrail StartLogging/StopLogging/DeleteTrail/UpdateTrail accept a trail ARN.

moto bug: `CloudTrailBackend.start_logging`, `stop_logging` and `delete_trail` look the trail up
with `self.trails[name]`, i.e. by name only; a trail ARN raises KeyError (HTTP 500) or, for
DeleteTrail, silently deletes nothing.

AWS behaviour restored: every trail action accepts either the trail name or its ARN
(TrailNotFoundException when neither matches).

Needed by: `aws_cloudtrail` (provider 5.x uses the trail ARN as the id: `enable_logging = true`
calls StartLogging/StopLogging by ARN and destroy calls DeleteTrail by ARN).
"""

from __future__ import annotations

from ._util import wrap


def apply() -> None:
    from moto.cloudtrail.models import CloudTrailBackend

    def _name(backend: CloudTrailBackend, name_or_arn: str) -> str:
        return backend.get_trail(name_or_arn).trail_name

    for method in ("start_logging", "stop_logging"):

        @wrap(CloudTrailBackend, method)
        def by_name_or_arn(original, self, name):  # type: ignore[no-untyped-def]
            return original(self, _name(self, name))

    @wrap(CloudTrailBackend, "delete_trail")
    def delete(original, self, name):  # type: ignore[no-untyped-def]
        trail = self.get_trail(name)
        self.tagging_service.delete_all_tags_for_resource(trail.arn)
        return original(self, trail.trail_name)
