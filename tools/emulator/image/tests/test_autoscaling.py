"""autoscaling_policy_enabled."""

from __future__ import annotations


def test_scaling_policy_enabled_and_no_empty_predictive_configuration(client, subnets):
    _, subnet_ids = subnets
    ec2 = client("ec2")
    ec2.create_launch_template(LaunchTemplateName="phi-lt", LaunchTemplateData={"ImageId": "ami-12c6146b", "InstanceType": "t3.micro"})
    asg = client("autoscaling")
    asg.create_auto_scaling_group(
        AutoScalingGroupName="phi-asg",
        LaunchTemplate={"LaunchTemplateName": "phi-lt", "Version": "$Latest"},
        MinSize=0,
        MaxSize=2,
        VPCZoneIdentifier=",".join(subnet_ids),
    )
    tracking = {"PredefinedMetricSpecification": {"PredefinedMetricType": "ASGAverageCPUUtilization"}, "TargetValue": 50.0}
    asg.put_scaling_policy(
        AutoScalingGroupName="phi-asg", PolicyName="cpu", PolicyType="TargetTrackingScaling", TargetTrackingConfiguration=tracking
    )
    asg.put_scaling_policy(AutoScalingGroupName="phi-asg", PolicyName="step", AdjustmentType="ChangeInCapacity", ScalingAdjustment=1, Enabled=False)

    policies = {p["PolicyName"]: p for p in asg.describe_policies(AutoScalingGroupName="phi-asg")["ScalingPolicies"]}
    assert policies["cpu"]["Enabled"] is True
    assert "PredictiveScalingConfiguration" not in policies["cpu"]
    assert policies["cpu"]["TargetTrackingConfiguration"]["TargetValue"] == 50.0
    assert policies["step"]["Enabled"] is False

    asg.put_scaling_policy(AutoScalingGroupName="phi-asg", PolicyName="step", AdjustmentType="ChangeInCapacity", ScalingAdjustment=2)
    step = asg.describe_policies(PolicyNames=["step"])["ScalingPolicies"][0]
    assert (step["Enabled"], step["ScalingAdjustment"]) == (True, 2)
