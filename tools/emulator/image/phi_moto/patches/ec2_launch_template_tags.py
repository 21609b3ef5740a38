"""EC2 launch template versions keep only their own TagSpecifications (and decoded UserData).

moto bug: `CreateLaunchTemplate` appends the request-level `TagSpecifications` (ResourceType
`launch-template`, the tags of the template itself) to the version's
`LaunchTemplateData.TagSpecifications`. `CreateLaunchTemplateVersion` stores `UserData` as the
raw request string instead of the `Base64EncodedString` every other code path expects (running
an instance from such a version fails).

AWS behaviour restored: request-level tag specifications only tag the launch template;
`LaunchTemplateData.TagSpecifications` holds exactly the `LaunchTemplateData.TagSpecification`
entries of the request. UserData of every version is stored the same way.

Needed by: `aws_launch_template` with `tags` (else `tag_specifications` gains a
`launch-template` block on read and every plan shows a diff) and `user_data` updates.
"""

from __future__ import annotations

from moto.core.responses import ActionResult

from ._util import wrap


def apply() -> None:
    from moto.ec2.responses.launch_templates import LaunchTemplates
    from moto.ec2.utils import parse_user_data

    def create_launch_template(self):  # type: ignore[no-untyped-def]
        name = self._get_param("LaunchTemplateName")
        version_description = self._get_param("VersionDescription")
        tag_spec = self._parse_tag_specification()
        data = self._get_param("LaunchTemplateData", {})
        data["UserData"] = parse_user_data(self._get_param("LaunchTemplateData.UserData"))
        self.error_on_dryrun()

        template = self.ec2_backend.create_launch_template(name, version_description, data, tag_spec)
        version = template.default_version()
        return ActionResult(
            {
                "LaunchTemplate": {
                    "CreateTime": version.create_time,
                    "CreatedBy": f"arn:{self.partition}:iam::{self.current_account}:root",
                    "DefaultVersionNumber": template.default_version_number,
                    "LatestVersionNumber": version.number,
                    "LaunchTemplateId": template.id,
                    "LaunchTemplateName": template.name,
                    "Tags": template.tags,
                }
            }
        )

    LaunchTemplates.create_launch_template = create_launch_template

    @wrap(LaunchTemplates, "create_launch_template_version")
    def create_version(original, self):  # type: ignore[no-untyped-def]
        get_param = self._get_param

        def _get_param(name, if_none=None):  # type: ignore[no-untyped-def]
            value = get_param(name, if_none)
            if name == "LaunchTemplateData" and isinstance(value, dict) and isinstance(value.get("UserData"), str):
                value["UserData"] = parse_user_data(value["UserData"])
            return value

        self._get_param = _get_param
        try:
            return original(self)
        finally:
            del self._get_param
