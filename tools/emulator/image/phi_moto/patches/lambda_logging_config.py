"""Lambda keeps a function's logging configuration and returns it the way AWS does.

moto 5.2.1 drops `LoggingConfig` from CreateFunction and UpdateFunctionConfiguration and never
returns it. The AWS provider then reads no `logging_config` back and plans an update of every
function that sets one (JSON logs into a chosen, key-encrypted log group), on every plan.

Behaviour chosen, as AWS documents `LoggingConfig` (API reference, Lambda):
- a function created without one reports `{"LogFormat": "Text", "LogGroup": "/aws/lambda/<name>"}`;
- with `LogFormat` `JSON`, `ApplicationLogLevel` and `SystemLogLevel` default to `INFO`;
- with `LogFormat` `Text`, a log level is refused (`InvalidParameterValueException`): log levels
  filter JSON logs only;
- an update merges the given fields into the stored configuration, then applies the same rules.

Needed by: rds-mysql-ha (the master-password rotation function logs JSON into its own log group).
"""

from __future__ import annotations

from typing import Any

APPLICATION_LEVELS = ("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL")
SYSTEM_LEVELS = ("DEBUG", "INFO", "WARN")


def normalized(function_name: str, given: dict[str, Any] | None, stored: dict[str, Any] | None = None) -> dict[str, Any]:
    from moto.awslambda.exceptions import InvalidParameterValueException

    config: dict[str, Any] = dict(stored or {"LogFormat": "Text", "LogGroup": f"/aws/lambda/{function_name}"})
    for key, value in (given or {}).items():
        if value is not None:
            config[key] = value
    log_format = config.get("LogFormat", "Text")
    if log_format not in ("JSON", "Text"):
        raise InvalidParameterValueException(f"LogFormat must be JSON or Text (got {log_format!r})")
    if log_format == "Text":
        levels = [k for k in ("ApplicationLogLevel", "SystemLogLevel") if (given or {}).get(k)]
        if levels:
            raise InvalidParameterValueException(f"{' and '.join(levels)} can be set only with LogFormat JSON")
        config.pop("ApplicationLogLevel", None)
        config.pop("SystemLogLevel", None)
    else:
        config.setdefault("ApplicationLogLevel", "INFO")
        config.setdefault("SystemLogLevel", "INFO")
        if config["ApplicationLogLevel"] not in APPLICATION_LEVELS:
            raise InvalidParameterValueException(f"ApplicationLogLevel must be one of {', '.join(APPLICATION_LEVELS)}")
        if config["SystemLogLevel"] not in SYSTEM_LEVELS:
            raise InvalidParameterValueException(f"SystemLogLevel must be one of {', '.join(SYSTEM_LEVELS)}")
    config.setdefault("LogGroup", f"/aws/lambda/{function_name}")
    return config


def apply() -> None:
    from moto.awslambda.models import LambdaFunction

    original_init = LambdaFunction.__init__
    original_get = LambdaFunction.get_configuration
    original_update = LambdaFunction.update_configuration

    def __init__(self: Any, account_id: str, spec: dict[str, Any], region: str, version: Any = 1) -> None:
        logging_config = normalized(spec["FunctionName"], spec.get("LoggingConfig"))
        original_init(self, account_id, spec, region, version)
        self.phi_logging_config = logging_config
        self.logs_group_name = logging_config["LogGroup"]

    def get_configuration(self: Any, on_create: bool = False) -> dict[str, Any]:
        config = original_get(self, on_create)
        stored = getattr(self, "phi_logging_config", None) or normalized(self.function_name, None)
        config["LoggingConfig"] = dict(stored)
        return config

    def update_configuration(self: Any, config_updates: dict[str, Any]) -> dict[str, Any]:
        if "LoggingConfig" in config_updates:
            stored = getattr(self, "phi_logging_config", None)
            self.phi_logging_config = normalized(self.function_name, config_updates["LoggingConfig"], stored)
            self.logs_group_name = self.phi_logging_config["LogGroup"]
        return original_update(self, config_updates)

    LambdaFunction.__init__ = __init__  # type: ignore[method-assign]
    LambdaFunction.get_configuration = get_configuration  # type: ignore[method-assign]
    LambdaFunction.update_configuration = update_configuration  # type: ignore[method-assign]
