"""ec2_launch_template_tags, ec2_security_group_rule_description, ec2_flow_log_group_name, ec2_nat_gateway_client_token."""

from __future__ import annotations

import base64


def test_launch_template_tags_stay_on_the_template(client):
    ec2 = client("ec2")
    user_data = base64.b64encode(b"#!/bin/sh\necho v1\n").decode()
    template = ec2.create_launch_template(
        LaunchTemplateName="phi-lt",
        LaunchTemplateData={
            "ImageId": "ami-12c6146b",
            "UserData": user_data,
            "TagSpecifications": [{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "web"}]}],
        },
        TagSpecifications=[{"ResourceType": "launch-template", "Tags": [{"Key": "team", "Value": "phi"}]}],
    )["LaunchTemplate"]
    assert template["Tags"] == [{"Key": "team", "Value": "phi"}]

    data = ec2.describe_launch_template_versions(LaunchTemplateId=template["LaunchTemplateId"])["LaunchTemplateVersions"][0]["LaunchTemplateData"]
    assert data["TagSpecifications"] == [{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "web"}]}]
    assert data["UserData"] == user_data
    described = ec2.describe_launch_templates(LaunchTemplateIds=[template["LaunchTemplateId"]])["LaunchTemplates"][0]
    assert described["Tags"] == [{"Key": "team", "Value": "phi"}]

    user_data_v2 = base64.b64encode(b"#!/bin/sh\necho v2\n").decode()
    version = ec2.create_launch_template_version(
        LaunchTemplateId=template["LaunchTemplateId"], LaunchTemplateData={"ImageId": "ami-12c6146b", "UserData": user_data_v2}
    )["LaunchTemplateVersion"]
    assert version["LaunchTemplateData"]["UserData"] == user_data_v2
    assert "TagSpecifications" not in version["LaunchTemplateData"]
    # an instance launched from the new version carries its UserData
    instance = ec2.run_instances(
        LaunchTemplate={"LaunchTemplateId": template["LaunchTemplateId"], "Version": "2"}, MinCount=1, MaxCount=1
    )["Instances"][0]
    attr = ec2.describe_instance_attribute(InstanceId=instance["InstanceId"], Attribute="userData")
    assert attr["UserData"]["Value"] == user_data_v2


def test_rules_referencing_a_security_group_keep_their_description(client, subnets):
    vpc, _ = subnets
    ec2 = client("ec2")
    alb = ec2.create_security_group(GroupName="alb", Description="alb", VpcId=vpc)["GroupId"]
    web = ec2.create_security_group(GroupName="web", Description="web", VpcId=vpc)["GroupId"]

    ingress = ec2.authorize_security_group_ingress(
        GroupId=web,
        IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "UserIdGroupPairs": [{"GroupId": alb, "Description": "HTTP from ALB"}]},
            {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "10.0.0.0/16", "Description": "SSH from VPC"}]},
        ],
    )["SecurityGroupRules"]
    egress = ec2.authorize_security_group_egress(
        GroupId=alb,
        IpPermissions=[{"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "UserIdGroupPairs": [{"GroupId": web, "Description": "HTTP to web"}]}],
    )["SecurityGroupRules"]
    assert {r["Description"] for r in ingress} == {"HTTP from ALB", "SSH from VPC"}
    assert egress[0]["Description"] == "HTTP to web"

    rules = ec2.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [web, alb]}])["SecurityGroupRules"]
    referencing = {r["GroupId"]: r for r in rules if "ReferencedGroupInfo" in r}
    assert referencing[web]["ReferencedGroupInfo"]["GroupId"] == alb
    assert referencing[web]["Description"] == "HTTP from ALB"
    assert referencing[alb]["Description"] == "HTTP to web"
    assert [r["Description"] for r in rules if r.get("CidrIpv4") == "10.0.0.0/16"] == ["SSH from VPC"]

    rule_id = referencing[web]["SecurityGroupRuleId"]
    ec2.modify_security_group_rules(
        GroupId=web,
        SecurityGroupRules=[
            {
                "SecurityGroupRuleId": rule_id,
                "SecurityGroupRule": {"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "ReferencedGroupId": alb, "Description": "HTTP"},
            }
        ],
    )
    rule = ec2.describe_security_group_rules(SecurityGroupRuleIds=[rule_id])["SecurityGroupRules"][0]
    assert rule["Description"] == "HTTP"


def test_flow_log_to_log_group_arn_reports_group_name(client, subnets):
    vpc, _ = subnets
    logs = client("logs")
    logs.create_log_group(logGroupName="/phi/flow-logs")
    group_arn = logs.describe_log_groups(logGroupNamePrefix="/phi/flow-logs")["logGroups"][0]["arn"]
    assert group_arn.endswith(":*")
    ec2 = client("ec2")
    role = "arn:aws:iam::123456789012:role/phi-flow-logs"

    by_arn = ec2.create_flow_logs(
        ResourceType="VPC",
        ResourceIds=[vpc],
        TrafficType="ALL",
        LogDestinationType="cloud-watch-logs",
        LogDestination=group_arn.removesuffix(":*"),
        DeliverLogsPermissionArn=role,
    )["FlowLogIds"][0]
    flow_log = ec2.describe_flow_logs(FlowLogIds=[by_arn])["FlowLogs"][0]
    assert flow_log["LogGroupName"] == "/phi/flow-logs"
    assert flow_log["LogDestination"] == group_arn.removesuffix(":*")
    assert flow_log["DeliverLogsStatus"] == "SUCCESS"

    # a log group that does not exist yet is created by the service through the role
    subnet_flow = ec2.create_flow_logs(
        ResourceType="VPC",
        ResourceIds=[vpc],
        TrafficType="REJECT",
        LogDestinationType="cloud-watch-logs",
        LogDestination="arn:aws:logs:us-east-1:123456789012:log-group:/phi/other:*",
        DeliverLogsPermissionArn=role,
    )["FlowLogIds"][0]
    flow_log = ec2.describe_flow_logs(FlowLogIds=[subnet_flow])["FlowLogs"][0]
    assert (flow_log["LogGroupName"], flow_log["DeliverLogsStatus"]) == ("/phi/other", "SUCCESS")


def test_a_repeated_create_nat_gateway_with_its_client_token_returns_the_first_gateway(client, subnets):
    _, subnets = subnets
    import pytest
    from botocore.exceptions import ClientError

    ec2 = client("ec2")
    allocation = ec2.allocate_address(Domain="vpc")["AllocationId"]
    first = ec2.create_nat_gateway(SubnetId=subnets[0], AllocationId=allocation, ClientToken="terraform-1")["NatGateway"]
    # The same request again, as the SDK sends it when the first response was lost.
    again = ec2.create_nat_gateway(SubnetId=subnets[0], AllocationId=allocation, ClientToken="terraform-1")["NatGateway"]
    assert again["NatGatewayId"] == first["NatGatewayId"]
    gateways = ec2.describe_nat_gateways()["NatGateways"]
    assert [g["NatGatewayId"] for g in gateways] == [first["NatGatewayId"]]
    # The same token with other parameters is refused; another request for a held address too.
    with pytest.raises(ClientError) as mismatch:
        ec2.create_nat_gateway(SubnetId=subnets[1], AllocationId=allocation, ClientToken="terraform-1")
    assert mismatch.value.response["Error"]["Code"] == "IdempotentParameterMismatch"
    with pytest.raises(ClientError) as held:
        ec2.create_nat_gateway(SubnetId=subnets[0], AllocationId=allocation, ClientToken="terraform-2")
    assert held.value.response["Error"]["Code"] == "Resource.AlreadyAssociated"
