"""ELBv2 load balancers always report their Scheme and Type.

moto bug: `CreateLoadBalancer` passes the request's `Scheme` through as-is, so a load balancer
created without one (the provider only sends `Scheme=internal` for internal load balancers)
stores `scheme = None` and DescribeLoadBalancers returns no `Scheme`; the same holds for `Type`
when a caller passes an empty value.

AWS behaviour restored: `Scheme` defaults to `internet-facing` and `Type` to `application`;
both are returned by CreateLoadBalancer and DescribeLoadBalancers as created
(`internet-facing`/`internal`, `application`/`network`/`gateway`).

Needed by: `aws_lb` / `aws_alb` (`internal` and `load_balancer_type` are read from Scheme and
Type; without them every plan shows `internal = false -> null` and a replacement).
"""

from __future__ import annotations

from ._util import wrap


def apply() -> None:
    from moto.elbv2.models import FakeLoadBalancer

    @wrap(FakeLoadBalancer, "__init__")
    def init(original, self, *args, **kwargs):  # type: ignore[no-untyped-def]
        original(self, *args, **kwargs)
        self.scheme = self.scheme or "internet-facing"
        self.type = self.type or "application"
