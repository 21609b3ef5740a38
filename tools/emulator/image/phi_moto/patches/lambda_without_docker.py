"""Lambda invocations succeed without Docker, so that Secrets Manager rotation can be configured.

moto runs a function's code in a Docker container pulled from a public registry. The emulator
container has neither a Docker daemon nor a registry, so an invocation ends in a Docker error
(logged, with an error payload) at best. `RotateSecret` invokes the rotation function (AWS runs
`testSecret` when `RotateImmediately` is false and all four steps otherwise), and the AWS
provider calls `RotateSecret` for `aws_secretsmanager_secret_rotation`: an apply would depend on
how moto happens to fail.

Behaviour chosen: moto's own `awslambda_simple` backend (the `{"lambda": {"use_docker": false}}`
configuration): functions are created, read, updated and deleted as before, and an invocation
returns its payload without running code. Rotation code is not run by the emulator; the
rds-mysql-ha integration suite runs the rotation function's steps itself against the emulator.

Needed by: rds-mysql-ha (`aws_secretsmanager_secret_rotation` of the master secret).
"""

from __future__ import annotations


def apply() -> None:
    from moto.core.models import default_user_config

    default_user_config.setdefault("lambda", {})["use_docker"] = False
