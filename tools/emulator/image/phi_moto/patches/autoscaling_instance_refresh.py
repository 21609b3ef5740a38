"""Auto Scaling instance refreshes: StartInstanceRefresh, DescribeInstanceRefreshes, CancelInstanceRefresh.

moto bug: the three actions are not implemented (NotImplementedError), so any apply that changes
the launch template of a group with an `instance_refresh` block fails: the AWS provider starts a
refresh on every launch template change and cancels one already running first.

AWS behaviour restored: a refresh gets an id and keeps its strategy and preferences (checkpoints,
checkpoint delay, auto rollback, skip matching, min/max healthy percentage) and desired
configuration; DescribeInstanceRefreshes lists a group's refreshes newest first; a second start
while one is active fails with InstanceRefreshInProgress; CancelInstanceRefresh cancels the active
one or fails with ActiveInstanceRefreshNotFound. moto runs no instances to replace, so a refresh
completes at once (Status "Successful", 100% complete) unless it is cancelled first; a test can
still see what the provider asked for.

Needed by: `aws_autoscaling_group.instance_refresh` (launch template updates on the emulator).
"""

from __future__ import annotations

import uuid
from datetime import datetime, timezone
from typing import Any

from moto.core.responses import ActionResult

ACTIVE = ("Pending", "InProgress", "Cancelling", "RollbackInProgress")


def _refreshes(backend: Any) -> dict[str, list[dict[str, Any]]]:
    return backend.__dict__.setdefault("phi_instance_refreshes", {})


def apply() -> None:
    from moto.autoscaling.exceptions import AutoscalingClientError, ValidationError
    from moto.autoscaling.responses import AutoScalingResponse

    class InstanceRefreshInProgress(AutoscalingClientError):
        code = "InstanceRefreshInProgress"

    class ActiveInstanceRefreshNotFound(AutoscalingClientError):
        code = "ActiveInstanceRefreshNotFound"

    def _group(self: AutoScalingResponse, name: str) -> None:
        if name not in self.autoscaling_backend.autoscaling_groups:
            raise ValidationError(f"AutoScalingGroup name not found - AutoScalingGroup {name} not found")

    def start_instance_refresh(self):  # type: ignore[no-untyped-def]
        name = self._get_param("AutoScalingGroupName")
        _group(self, name)
        history = _refreshes(self.autoscaling_backend).setdefault(name, [])
        if any(r["Status"] in ACTIVE for r in history):
            raise InstanceRefreshInProgress(f"An Instance Refresh is already in progress and blocks the execution of this Instance Refresh.")
        now = datetime.now(timezone.utc)
        refresh: dict[str, Any] = {
            "InstanceRefreshId": str(uuid.uuid4()),
            "AutoScalingGroupName": name,
            "Strategy": self._get_param("Strategy") or "Rolling",
            "Status": "Successful",
            "StatusReason": "moto replaces no instances: the refresh completes at once",
            "StartTime": now,
            "EndTime": now,
            "PercentageComplete": 100,
            "InstancesToUpdate": 0,
        }
        preferences = self._get_params().get("Preferences")
        if preferences:
            refresh["Preferences"] = preferences
        desired = self._get_params().get("DesiredConfiguration")
        if desired:
            refresh["DesiredConfiguration"] = desired
        history.insert(0, refresh)
        return ActionResult({"InstanceRefreshId": refresh["InstanceRefreshId"]})

    def describe_instance_refreshes(self):  # type: ignore[no-untyped-def]
        name = self._get_param("AutoScalingGroupName")
        ids = self._get_param("InstanceRefreshIds") or []
        history = _refreshes(self.autoscaling_backend).get(name, [])
        return ActionResult({"InstanceRefreshes": [r for r in history if not ids or r["InstanceRefreshId"] in ids]})

    def cancel_instance_refresh(self):  # type: ignore[no-untyped-def]
        name = self._get_param("AutoScalingGroupName")
        _group(self, name)
        active = [r for r in _refreshes(self.autoscaling_backend).get(name, []) if r["Status"] in ACTIVE]
        if not active:
            raise ActiveInstanceRefreshNotFound("No in progress or pending Instance Refresh found for Auto Scaling group " + name)
        active[0]["Status"] = "Cancelled"
        return ActionResult({"InstanceRefreshId": active[0]["InstanceRefreshId"]})

    for fn in (start_instance_refresh, describe_instance_refreshes, cancel_instance_refresh):
        setattr(AutoScalingResponse, fn.__name__, fn)
