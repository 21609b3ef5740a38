"""CreateNatGateway is idempotent per ClientToken, as in AWS.

moto bug: CreateNatGateway ignores `ClientToken`. When a response is lost and the SDK sends the
same request again (seen in CI with four suites and a teardown on two cores), moto creates a second
NAT gateway for the same Elastic IP and fails it with `Resource.AlreadyAssociated`, because the
first one holds the address: the apply fails although the first call succeeded.

AWS behaviour restored (EC2 API reference, "Ensuring idempotency"): a repeated CreateNatGateway
with the same client token returns the NAT gateway the first request created, and creates nothing;
the same token with other parameters fails with `IdempotentParameterMismatch`.

Needed by: `aws_nat_gateway` (the provider sends `ClientToken=terraform-<timestamp>`).
"""

from __future__ import annotations

from ._util import wrap


def apply() -> None:
    from moto.core.responses import ActionResult
    from moto.ec2.exceptions import EC2ClientError
    from moto.ec2.responses.nat_gateways import NatGateways

    @wrap(NatGateways, "create_nat_gateway")
    def create(original, self):  # type: ignore[no-untyped-def]
        token = self._get_param("ClientToken")
        if not token:
            return original(self)
        backend = self.ec2_backend
        seen = backend.__dict__.setdefault("_phi_nat_gateway_tokens", {})
        request = (self._get_param("SubnetId"), self._get_param("AllocationId"), self._get_param("ConnectivityType") or "public")
        if token in seen:
            nat_gateway_id, first = seen[token]
            if first != request:
                raise EC2ClientError(
                    "IdempotentParameterMismatch",
                    f"The client token {token} was already used with other parameters of CreateNatGateway.",
                )
            existing = backend.nat_gateways.get(nat_gateway_id)
            if existing is not None:
                return ActionResult({"NatGateway": existing, "ClientToken": token})
        before = set(backend.nat_gateways)
        result = original(self)
        created = [gateway_id for gateway_id in backend.nat_gateways if gateway_id not in before]
        if len(created) == 1:
            seen[token] = (created[0], request)
        return result
