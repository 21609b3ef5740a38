"""RDS Enhanced Monitoring and Performance Insights settings round-trip.

moto bug: `DBInstance` drops MonitoringInterval, MonitoringRoleArn, EnablePerformanceInsights,
PerformanceInsightsKMSKeyId and PerformanceInsightsRetentionPeriod on create/modify/replica
create; DescribeDBInstances reports monitoring_interval 0 and Performance Insights disabled.

AWS behaviour restored: the settings are stored and described (`PerformanceInsightsEnabled`,
`EnhancedMonitoringResourceArn` when the interval is > 0, retention 7 days by default when
Performance Insights is enabled).

Needed by: `aws_db_instance` `monitoring_interval` + `monitoring_role_arn`,
`performance_insights_enabled` / `_kms_key_id` / `_retention_period`; without it every plan after
apply shows an in-place update.
"""

from __future__ import annotations

from ._util import wrap


def apply() -> None:
    from moto.rds.models import DBInstance

    DBInstance.monitoring_interval = 0
    DBInstance.monitoring_role_arn = None
    DBInstance.enable_performance_insights = False
    DBInstance.performance_insights_kms_key_id = None
    DBInstance._phi_pi_retention = None

    def pi_enabled(self):  # type: ignore[no-untyped-def]
        return bool(self.enable_performance_insights)

    def pi_retention(self):  # type: ignore[no-untyped-def]
        if self._phi_pi_retention is not None:
            return self._phi_pi_retention
        return 7 if self.enable_performance_insights else None

    def set_pi_retention(self, value):  # type: ignore[no-untyped-def]
        self._phi_pi_retention = int(value) if value is not None else None

    def em_arn(self):  # type: ignore[no-untyped-def]
        if not self.monitoring_interval:
            return None
        return f"arn:aws:logs:{self.region}:{self.account_id}:log-group:RDSOSMetrics:log-stream:{self.dbi_resource_id}"

    DBInstance.performance_insights_enabled = property(pi_enabled)
    DBInstance.performance_insights_retention_period = property(pi_retention, set_pi_retention)
    DBInstance.enhanced_monitoring_resource_arn = property(em_arn)

    keys = ("monitoring_interval", "monitoring_role_arn", "enable_performance_insights",
            "performance_insights_kms_key_id", "performance_insights_retention_period")

    @wrap(DBInstance, "__init__")
    def init(original, self, *args, **kwargs):  # type: ignore[no-untyped-def]
        original(self, *args, **kwargs)
        for key in keys:
            if kwargs.get(key) is not None:
                setattr(self, key, kwargs[key])
        self.monitoring_interval = int(self.monitoring_interval or 0)
