"""Security group rules that reference a security group or prefix list report their Description.

moto bug: `SecurityGroupRule.description` only looks at the CIDR range, so DescribeSecurityGroupRules
(and the rules returned by AuthorizeSecurityGroupIngress/Egress) drop the `Description` of rules
whose source is another security group (`ReferencedGroupInfo`) or a prefix list; the description
is stored with the group pair but never returned. AuthorizeSecurityGroupIngress/Egress with
several `IpPermissions` only return the rules of the last permission.

AWS behaviour restored: every rule returns the description it was created (or updated) with,
whatever its source; Authorize* returns every rule it created.

Needed by: `aws_vpc_security_group_ingress_rule` / `aws_vpc_security_group_egress_rule` with
`referenced_security_group_id` or `prefix_list_id` and `description` (else
`description = null -> "..."` on every plan).
"""

from __future__ import annotations

from moto.core.responses import ActionResult

from ._util import wrap


def apply() -> None:
    from moto.ec2.models.security_groups import SecurityGroupRule
    from moto.ec2.responses.security_groups import SecurityGroups

    @wrap(SecurityGroupRule, "__init__")
    def init(original, self, *args, **kwargs):  # type: ignore[no-untyped-def]
        original(self, *args, **kwargs)
        prefix_list = kwargs.get("prefix_list_id") if "prefix_list_id" in kwargs else (args[7] if len(args) > 7 else None)
        self.prefix_list_description = (prefix_list or {}).get("Description")

    def description(self):  # type: ignore[no-untyped-def]
        return (
            self.ip_range.get("Description")
            or self.source_group.get("Description")
            or getattr(self, "prefix_list_description", None)
        )

    SecurityGroupRule.description = property(description)

    def authorize(direction: str):  # type: ignore[no-untyped-def]
        def action(self):  # type: ignore[no-untyped-def]
            self.error_on_dryrun()
            backend_call = getattr(self.ec2_backend, f"authorize_security_group_{direction}")
            rules: list = []
            for kwargs in self._process_rules_from_querystring():
                created, _ = backend_call(**kwargs)
                rules.extend(created)
            return ActionResult({"Return": True, "SecurityGroupRules": rules})

        return action

    SecurityGroups.authorize_security_group_ingress = authorize("ingress")
    SecurityGroups.authorize_security_group_egress = authorize("egress")
