"""lambda_logging_config."""

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
def create(client):
    iam, lam = client("iam"), client("lambda")
    role = iam.create_role(RoleName="fn", AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]

    def _create(name: str, **extra):
        return lam.create_function(FunctionName=name, Runtime="nodejs22.x", Role=role, Handler="index.handler",
                                   Code={"ZipFile": _zip()}, **extra)

    return lam, _create


def test_a_function_without_logging_config_reports_text_into_its_default_group(create):
    lam, make = create
    make("plain")
    assert lam.get_function_configuration(FunctionName="plain")["LoggingConfig"] == {
        "LogFormat": "Text", "LogGroup": "/aws/lambda/plain"}


def test_json_logs_keep_the_chosen_group_and_default_both_levels_to_info(create):
    lam, make = create
    created = make("json", LoggingConfig={"LogFormat": "JSON", "LogGroup": "/aws/lambda/custom"})
    expected = {"LogFormat": "JSON", "LogGroup": "/aws/lambda/custom", "ApplicationLogLevel": "INFO", "SystemLogLevel": "INFO"}
    assert created["LoggingConfig"] == expected
    assert lam.get_function(FunctionName="json")["Configuration"]["LoggingConfig"] == expected


def test_log_levels_are_refused_with_text_logs(create):
    lam, make = create
    with pytest.raises(botocore.exceptions.ClientError) as err:
        make("text-levels", LoggingConfig={"LogFormat": "Text", "ApplicationLogLevel": "DEBUG"})
    assert err.value.response["Error"]["Code"] == "InvalidParameterValueException"
    assert "ApplicationLogLevel" in err.value.response["Error"]["Message"]


def test_an_update_merges_into_the_stored_configuration(create):
    lam, make = create
    make("upd", LoggingConfig={"LogFormat": "JSON", "LogGroup": "/aws/lambda/upd-logs"})
    lam.update_function_configuration(FunctionName="upd", LoggingConfig={"SystemLogLevel": "WARN"})
    assert lam.get_function_configuration(FunctionName="upd")["LoggingConfig"] == {
        "LogFormat": "JSON", "LogGroup": "/aws/lambda/upd-logs", "ApplicationLogLevel": "INFO", "SystemLogLevel": "WARN"}
