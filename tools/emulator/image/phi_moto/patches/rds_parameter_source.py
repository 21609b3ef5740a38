"""RDS DB parameter values report their Source.

moto bug: parameters set with ModifyDBParameterGroup are described without `Source`, and
DescribeDBParameters ignores the `Source` filter.

AWS behaviour restored: modified parameters carry `Source = "user"` (plus `IsModifiable`);
`DescribeDBParameters(Source=...)` only returns parameters from that source.

Needed by: `aws_db_parameter_group` (the provider keeps only parameters whose Source is "user"
or that are in the configuration and have a Source; without one, `require_secure_transport`
and every other parameter shows up as a perpetual diff).
"""

from __future__ import annotations

from moto.core.responses import ActionResult

from ._util import wrap


def apply() -> None:
    from moto.rds.exceptions import DBParameterGroupNotFoundError
    from moto.rds.models import DBParameterGroup
    from moto.rds.responses import RDSResponse

    @wrap(DBParameterGroup, "update_parameters")
    def update(original, self, new_parameters):  # type: ignore[no-untyped-def]
        new_parameters = list(new_parameters)
        original(self, new_parameters)
        for p in new_parameters:
            param = self.parameters[p["ParameterName"]]
            param.setdefault("Source", "user")
            param.setdefault("IsModifiable", True)

    def describe_db_parameters(self):  # type: ignore[no-untyped-def]
        name = self.params.get("DBParameterGroupName")
        groups = self.backend.describe_db_parameter_groups({"db_parameter_group_name": name})
        if not groups:
            raise DBParameterGroupNotFoundError(name)
        source = self.params.get("Source")
        params = [p for p in groups[0].parameters.values() if not source or p.get("Source", "user") == source]
        return ActionResult({"Parameters": params})

    RDSResponse.describe_db_parameters = describe_db_parameters
