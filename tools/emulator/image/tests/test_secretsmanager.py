"""lambda_without_docker and secretsmanager_rotation_rules."""

from __future__ import annotations

import io
import json
import zipfile

import botocore.exceptions
import pytest

TRUST = json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}],
})


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("index.js", "exports.handler = async () => {};\n")
    return buf.getvalue()


@pytest.fixture
def rotation(client):
    iam, lam, sm = client("iam"), client("lambda"), client("secretsmanager")
    role = iam.create_role(RoleName="rotation", AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
    fn = lam.create_function(FunctionName="rotate", Runtime="nodejs20.x", Role=role, Handler="index.handler",
                             Code={"ZipFile": _zip()})["FunctionArn"]
    secret = sm.create_secret(Name="db-master", SecretString=json.dumps({"password": "one"}))["ARN"]
    return lam, sm, fn, secret


def _allow(lam, source_arn):
    lam.add_permission(FunctionName="rotate", StatementId="sm", Action="lambda:InvokeFunction",
                       Principal="secretsmanager.amazonaws.com", SourceArn=source_arn)


def test_rotation_needs_a_function_policy_that_admits_secrets_manager(rotation):
    lam, sm, fn, secret = rotation
    with pytest.raises(botocore.exceptions.ClientError) as err:
        sm.rotate_secret(SecretId=secret, RotationLambdaARN=fn, RotationRules={"AutomaticallyAfterDays": 90},
                         RotateImmediately=False)
    assert err.value.response["Error"]["Code"] == "AccessDeniedException"
    assert "secretsmanager.amazonaws.com" in err.value.response["Error"]["Message"]
    assert sm.describe_secret(SecretId=secret).get("RotationEnabled") in (None, False)


def test_a_permission_for_another_secret_does_not_count(rotation):
    lam, sm, fn, secret = rotation
    _allow(lam, secret.replace("db-master", "other"))
    with pytest.raises(botocore.exceptions.ClientError) as err:
        sm.rotate_secret(SecretId=secret, RotationLambdaARN=fn, RotationRules={"AutomaticallyAfterDays": 90},
                         RotateImmediately=False)
    assert err.value.response["Error"]["Code"] == "AccessDeniedException"


def test_rotation_configured_without_docker_when_the_policy_admits_this_secret(rotation):
    lam, sm, fn, secret = rotation
    _allow(lam, secret)
    sm.rotate_secret(SecretId=secret, RotationLambdaARN=fn, RotationRules={"AutomaticallyAfterDays": 90},
                     RotateImmediately=False)
    described = sm.describe_secret(SecretId=secret)
    assert described["RotationEnabled"] is True
    assert described["RotationLambdaARN"] == fn
    assert described["RotationRules"]["AutomaticallyAfterDays"] == 90
    # not rotated: only testSecret ran, the current value is the one stored
    assert json.loads(sm.get_secret_value(SecretId=secret)["SecretString"]) == {"password": "one"}
    # an invocation answers without a container
    assert lam.invoke(FunctionName="rotate", Payload=b"{}")["StatusCode"] == 200


def test_a_rotation_started_now_leaves_a_pending_version_for_the_function_to_fill(rotation):
    lam, sm, fn, secret = rotation
    _allow(lam, secret)
    sm.rotate_secret(SecretId=secret, RotationLambdaARN=fn, RotationRules={"AutomaticallyAfterDays": 90},
                     RotateImmediately=False)
    before = sm.get_secret_value(SecretId=secret)["VersionId"]
    token = "8a4f6b3e-0000-4000-8000-000000000001"
    started = sm.rotate_secret(SecretId=secret, ClientRequestToken=token)
    assert started["VersionId"] == token
    assert sm.describe_secret(SecretId=secret)["RotationLambdaARN"] == fn
    stages = sm.describe_secret(SecretId=secret)["VersionIdsToStages"]
    assert stages[token] == ["AWSPENDING"]
    assert stages[before] == ["AWSCURRENT"]
    # the pending version has no value until createSecret puts one
    with pytest.raises(botocore.exceptions.ClientError) as err:
        sm.get_secret_value(SecretId=secret, VersionId=token, VersionStage="AWSPENDING")
    assert err.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert json.loads(sm.get_secret_value(SecretId=secret)["SecretString"]) == {"password": "one"}
    # what the function does: createSecret, then finishSecret
    sm.put_secret_value(SecretId=secret, ClientRequestToken=token, SecretString=json.dumps({"password": "two"}),
                        VersionStages=["AWSPENDING"])
    sm.update_secret_version_stage(SecretId=secret, VersionStage="AWSCURRENT", MoveToVersionId=token,
                                   RemoveFromVersionId=before)
    assert json.loads(sm.get_secret_value(SecretId=secret)["SecretString"]) == {"password": "two"}
    assert "AWSPREVIOUS" in sm.describe_secret(SecretId=secret)["VersionIdsToStages"][before]
