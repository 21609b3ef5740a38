"""elbv2_scheme_type."""

from __future__ import annotations


def test_load_balancers_report_scheme_and_type(client, subnets):
    _, subnet_ids = subnets
    elbv2 = client("elbv2")
    created = elbv2.create_load_balancer(Name="phi-public", Subnets=subnet_ids)["LoadBalancers"][0]
    assert (created["Scheme"], created["Type"]) == ("internet-facing", "application")
    elbv2.create_load_balancer(Name="phi-internal", Subnets=subnet_ids, Scheme="internal", Type="network")

    described = {lb["LoadBalancerName"]: lb for lb in elbv2.describe_load_balancers()["LoadBalancers"]}
    assert (described["phi-public"]["Scheme"], described["phi-public"]["Type"]) == ("internet-facing", "application")
    assert (described["phi-internal"]["Scheme"], described["phi-internal"]["Type"]) == ("internal", "network")
