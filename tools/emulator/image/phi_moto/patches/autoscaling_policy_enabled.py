"""Auto Scaling policies store `Enabled` and omit an empty PredictiveScalingConfiguration.

moto bug: PutScalingPolicy ignores `Enabled`, so DescribePolicies never returns it (read as
`false`), and every policy stores `PredictiveScalingConfiguration = {}`, which is serialized as
an empty structure for SimpleScaling/StepScaling/TargetTrackingScaling policies.

AWS behaviour restored: `Enabled` is stored (default `true`, also when a policy is updated
without it) and returned; `PredictiveScalingConfiguration` is only returned when one was given.

Needed by: `aws_autoscaling_policy` (else `enabled = false -> true` and a
`predictive_scaling_configuration` block on every plan).
"""

from __future__ import annotations

from ._util import wrap


def apply() -> None:
    from moto.autoscaling.models import FakeScalingPolicy
    from moto.autoscaling.responses import AutoScalingResponse

    @wrap(FakeScalingPolicy, "__init__")
    def init(original, self, *args, **kwargs):  # type: ignore[no-untyped-def]
        original(self, *args, **kwargs)
        self.enabled = True
        if not self.predictive_scaling_configuration:
            self.predictive_scaling_configuration = None

    @wrap(AutoScalingResponse, "put_scaling_policy")
    def put(original, self):  # type: ignore[no-untyped-def]
        result = original(self)
        policy = self.autoscaling_backend.policies.get(self._get_param("PolicyName"))
        if policy is not None:
            policy.enabled = self._get_bool_param("Enabled", True)
        return result
