"""DescribeTrails honours `trailNameList`.

moto bug: `CloudTrailResponse.describe_trails` ignores `trailNameList` and returns every trail the
Region can see, shadow trails of other Regions' multi-region trails included. With two regional
stacks in one emulator, each with a multi-region trail, looking up one trail by ARN returned two.

AWS behaviour restored (DescribeTrails reference): with a non-empty `trailNameList`, a trail
name matches only a trail of the current Region and account, a trail ARN matches that trail in any
Region (how a multi-region trail's shadow is described elsewhere), and nothing else is returned;
an empty list keeps moto's behaviour (the Region's trails, shadow trails per
`includeShadowTrails`).

Needed by: `aws_cloudtrail` with `is_multi_region_trail = true` next to another Region's
multi-region trail (provider 5.100.0 reads the trail with DescribeTrails by ARN and fails with
"too many results: wanted 1, got 2"), i.e. `npm start` applying both regional stacks to one emulator.
"""

from __future__ import annotations

import json

from ._util import wrap


def apply() -> None:
    from moto.cloudtrail.responses import CloudTrailResponse

    @wrap(CloudTrailResponse, "describe_trails")
    def describe_trails(original, self):  # type: ignore[no-untyped-def]
        names = self._get_param("trailNameList") or []
        if not names:
            return original(self)
        backend = self.cloudtrail_backend
        visible = backend.describe_trails(include_shadow_trails=True)
        wanted = []
        for trail in visible:
            by_arn = trail.arn in names
            by_name = trail.trail_name in names and trail.region_name == backend.region_name
            if (by_arn or by_name) and trail not in wanted:
                wanted.append(trail)
        return json.dumps({"trailList": [t.description(include_region=True) for t in wanted]})
