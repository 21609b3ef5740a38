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


def test_predictive_policy_and_burstable_credits_round_trip(client, subnets):
    """What `AlbAsg` emits for scaling: a PredictiveScaling policy and a credit specification."""
    _, subnet_ids = subnets
    ec2 = client("ec2")
    ec2.create_launch_template(
        LaunchTemplateName="phi-credits", LaunchTemplateData={"ImageId": "ami-12c6146b", "InstanceType": "t3.medium", "CreditSpecification": {"CpuCredits": "unlimited"}}
    )
    data = ec2.describe_launch_template_versions(LaunchTemplateName="phi-credits")["LaunchTemplateVersions"][0]["LaunchTemplateData"]
    assert data["CreditSpecification"] == {"CpuCredits": "unlimited"}
    asg = client("autoscaling")
    asg.create_auto_scaling_group(
        AutoScalingGroupName="phi-pred", LaunchTemplate={"LaunchTemplateName": "phi-credits", "Version": "$Latest"}, MinSize=0, MaxSize=2, VPCZoneIdentifier=",".join(subnet_ids)
    )
    config = {
        "MetricSpecifications": [{"TargetValue": 65.0, "PredefinedMetricPairSpecification": {"PredefinedMetricType": "ASGCPUUtilization"}}],
        "Mode": "ForecastOnly",
        "SchedulingBufferTime": 300,
        "MaxCapacityBreachBehavior": "HonorMaxCapacity",
    }
    asg.put_scaling_policy(AutoScalingGroupName="phi-pred", PolicyName="cpu-predictive", PolicyType="PredictiveScaling", PredictiveScalingConfiguration=config)
    policy = asg.describe_policies(PolicyNames=["cpu-predictive"])["ScalingPolicies"][0]
    assert (policy["PolicyType"], policy["Enabled"]) == ("PredictiveScaling", True)
    assert policy["PredictiveScalingConfiguration"] == config
    assert "TargetTrackingConfiguration" not in policy


def test_instance_refresh_start_describe_cancel(client, subnets):
    """autoscaling_instance_refresh."""
    _, subnet_ids = subnets
    ec2 = client("ec2")
    ec2.create_launch_template(LaunchTemplateName="phi-refresh", LaunchTemplateData={"ImageId": "ami-12c6146b", "InstanceType": "t3.micro"})
    asg = client("autoscaling")
    asg.create_auto_scaling_group(
        AutoScalingGroupName="phi-refresh", LaunchTemplate={"LaunchTemplateName": "phi-refresh", "Version": "$Latest"}, MinSize=0, MaxSize=2, VPCZoneIdentifier=",".join(subnet_ids)
    )
    preferences = {
        "MinHealthyPercentage": 100,
        "MaxHealthyPercentage": 110,
        "InstanceWarmup": 300,
        "CheckpointPercentages": [25, 50, 100],
        "CheckpointDelay": 600,
        "SkipMatching": True,
        "AutoRollback": True,
    }
    first = asg.start_instance_refresh(AutoScalingGroupName="phi-refresh", Strategy="Rolling", Preferences=preferences)["InstanceRefreshId"]
    second = asg.start_instance_refresh(
        AutoScalingGroupName="phi-refresh",
        Strategy="Rolling",
        Preferences=preferences,
        DesiredConfiguration={"LaunchTemplate": {"LaunchTemplateName": "phi-refresh", "Version": "1"}},
    )["InstanceRefreshId"]
    refreshes = asg.describe_instance_refreshes(AutoScalingGroupName="phi-refresh")["InstanceRefreshes"]
    assert [r["InstanceRefreshId"] for r in refreshes] == [second, first]
    assert refreshes[0]["Status"] == "Successful" and refreshes[0]["PercentageComplete"] == 100
    assert refreshes[0]["Preferences"]["CheckpointPercentages"] == [25, 50, 100]
    assert refreshes[0]["Preferences"]["AutoRollback"] is True
    assert refreshes[0]["DesiredConfiguration"]["LaunchTemplate"]["Version"] == "1"
    assert [r["InstanceRefreshId"] for r in asg.describe_instance_refreshes(AutoScalingGroupName="phi-refresh", InstanceRefreshIds=[first])["InstanceRefreshes"]] == [first]

    import botocore.exceptions
    import pytest

    with pytest.raises(botocore.exceptions.ClientError) as err:
        asg.cancel_instance_refresh(AutoScalingGroupName="phi-refresh")
    assert err.value.response["Error"]["Code"] == "ActiveInstanceRefreshNotFound"
    with pytest.raises(botocore.exceptions.ClientError) as err:
        asg.start_instance_refresh(AutoScalingGroupName="phi-nowhere")
    assert err.value.response["Error"]["Code"] == "ValidationError"
