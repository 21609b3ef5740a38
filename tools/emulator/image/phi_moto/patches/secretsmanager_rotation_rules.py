"""RotateSecret checks what AWS checks before it invokes a rotation function.

moto bugs:
- `RotateSecret` accepts a function whose resource policy does not let Secrets Manager invoke it.
  AWS refuses: "Secrets Manager cannot invoke the specified Lambda function. Ensure that the
  function policy grants access to the principal secretsmanager.amazonaws.com."
  (AccessDeniedException; Secrets Manager User Guide, "Troubleshoot rotation"), so a stack
  without its `aws_lambda_permission` applies on moto and fails in a real account;
- a `RotateSecret` that names no function (a rotation started on demand) forgets the configured
  one; AWS keeps it;
- `UpdateSecretVersionStage` moving AWSCURRENT (a rotation function's finishSecret step) leaves
  `GetSecretValue` without a stage answering the old version; AWS answers AWSCURRENT.

AWS behaviour restored: the function's policy must hold an Allow statement for
`lambda:InvokeFunction` (or `lambda:*`) with the principal `secretsmanager.amazonaws.com`; when
that statement has an `AWS:SourceArn` condition, it must match the secret's ARN.

And a rotation started now (`RotateImmediately`, the default) with a function: the emulator runs
no function code (see `lambda_without_docker`), and moto would then label its new, value-less
version AWSCURRENT, leaving the secret without a value. Instead the secret is left where AWS
leaves it when it invokes the function's createSecret step: a value-less AWSPENDING version
under the request token (returned as `VersionId`), AWSCURRENT unchanged. A test then runs the
function's steps itself with that token, as Secrets Manager would.

Needed by: rds-mysql-ha's master-secret rotation.
"""

from __future__ import annotations

import fnmatch
import json

from ._util import wrap

SERVICE = "secretsmanager.amazonaws.com"
DENIED = (
    "Secrets Manager cannot invoke the specified Lambda function. Ensure that the function policy "
    "grants access to the principal secretsmanager.amazonaws.com."
)


def _statements(fn) -> list[dict]:  # type: ignore[no-untyped-def]
    statements = getattr(fn.policy, "statements", None) or []
    return [s if isinstance(s, dict) else json.loads(s) for s in statements]


def _as_list(value) -> list:  # type: ignore[no-untyped-def]
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def grants_secrets_manager(fn, secret_arn: str) -> bool:  # type: ignore[no-untyped-def]
    for s in _statements(fn):
        if s.get("Effect") != "Allow":
            continue
        principal = s.get("Principal") or {}
        services = _as_list(principal.get("Service")) if isinstance(principal, dict) else _as_list(principal)
        if SERVICE not in services:
            continue
        if not any(a in ("lambda:InvokeFunction", "lambda:*") for a in _as_list(s.get("Action"))):
            continue
        condition = s.get("Condition") or {}
        source_arns = []
        for op in ("ArnLike", "ArnEquals", "StringLike", "StringEquals"):
            source_arns += _as_list((condition.get(op) or {}).get("AWS:SourceArn"))
        if source_arns and not any(fnmatch.fnmatchcase(secret_arn, pattern) for pattern in source_arns):
            continue
        return True
    return False


def apply() -> None:
    from moto.awslambda.utils import get_backend
    from moto.secretsmanager.exceptions import SecretsManagerClientError
    from moto.secretsmanager.models import SecretsManagerBackend

    class AccessDeniedException(SecretsManagerClientError):
        def __init__(self, message: str):
            super().__init__("AccessDeniedException", message)

    @wrap(SecretsManagerBackend, "rotate_secret")
    def rotate_secret(original, self, secret_id, *args, **kwargs):  # type: ignore[no-untyped-def]
        names = ("client_request_token", "rotation_lambda_arn", "rotation_rules", "rotate_immediately")
        call = dict(zip(names, args))
        call.update(kwargs)
        secret = self.secrets[secret_id] if self._is_valid_identifier(secret_id) else None
        lambda_arn = call.get("rotation_lambda_arn") or getattr(secret, "rotation_lambda_arn", "") or ""
        if not lambda_arn or secret is None:
            return original(self, secret_id, **call)
        backend = get_backend(self.account_id, self.region_name)
        try:
            fn = backend.get_function(lambda_arn)
        except Exception:  # moto's own ResourceNotFoundException follows
            fn = None
        if fn is not None and not grants_secrets_manager(fn, secret.arn):
            raise AccessDeniedException(DENIED)
        # AWS keeps the configured function when a call names none; moto would forget it.
        call["rotation_lambda_arn"] = lambda_arn
        if fn is None or not call.get("rotate_immediately", True):
            return original(self, secret_id, **call)
        call["rotate_immediately"] = False
        original(self, secret_id, **call)
        pending = [vid for vid, v in secret.versions.items() if "AWSPENDING" in v["version_stages"]]
        version_id = pending[-1]
        secret.versions[version_id].pop("secret_string", None)
        secret.versions[version_id].pop("secret_binary", None)
        return json.dumps({"ARN": secret.arn, "Name": secret.name, "VersionId": version_id})

    @wrap(SecretsManagerBackend, "update_secret_version_stage")
    def update_stage(original, self, secret_id, version_stage, remove_from_version_id, move_to_version_id):  # type: ignore[no-untyped-def]
        result = original(self, secret_id, version_stage, remove_from_version_id, move_to_version_id)
        if version_stage == "AWSCURRENT" and move_to_version_id:
            secret = self.secrets[secret_id]
            version = secret.versions[move_to_version_id]
            secret.set_default_version_id(move_to_version_id)
            if "secret_string" in version:
                secret.secret_string = version["secret_string"]
            if "secret_binary" in version:
                secret.secret_binary = version["secret_binary"]
        return result
