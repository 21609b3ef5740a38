"""EC2 flow logs to a CloudWatch log group ARN report LogGroupName and deliver successfully.

moto bug: `CreateFlowLogs` with `LogDestinationType=cloud-watch-logs` and the log group given as
`LogDestination` (an ARN) keeps `LogGroupName = None`: DescribeFlowLogs returns no
`LogGroupName`, and the log-group existence check runs against `None`, so the flow log reports
`DeliverLogsStatus = FAILED`.

AWS behaviour restored: the log group name is parsed from the ARN
(`arn:<partition>:logs:<region>:<account>:log-group:<name>[:*]`) and returned as
`LogGroupName`; a cloud-watch-logs flow log with a `DeliverLogsPermissionArn` delivers
(`SUCCESS`; with the role's permissions AWS creates a missing log group itself).

Needed by: `aws_flow_log` with `log_destination = aws_cloudwatch_log_group.x.arn` (else
`log_group_name` reads as empty and the flow log looks broken).
"""

from __future__ import annotations

from ._util import wrap


def _log_group_name(arn: str) -> str | None:
    parts = arn.split(":", 6)
    if len(parts) < 7 or parts[2] != "logs" or parts[5] != "log-group":
        return None
    name = parts[6]
    return name[:-2] if name.endswith(":*") else name


def apply() -> None:
    from moto.ec2.models.flow_logs import FlowLogsBackend

    @wrap(FlowLogsBackend, "create_flow_logs")
    def create(original, self, **kwargs):  # type: ignore[no-untyped-def]
        cloud_watch = kwargs.get("log_destination_type") in (None, "cloud-watch-logs")
        if cloud_watch and not kwargs.get("log_group_name") and kwargs.get("log_destination"):
            kwargs["log_group_name"] = _log_group_name(kwargs["log_destination"])
        flow_logs, unsuccessful = original(self, **kwargs)
        if cloud_watch and kwargs.get("deliver_logs_permission_arn"):
            for flow_log in flow_logs:
                flow_log.deliver_logs_status = "SUCCESS"
                flow_log.deliver_logs_error_message = None
        return flow_logs, unsuccessful
