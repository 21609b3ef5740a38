"""Real MariaDB servers (MySQL protocol) for RDS instances, started inside the emulator's container.

Used by `patches/rds_mysql_engine.py` only when the container's `PHI_MOTO_ENGINES` names `mysql`.
Everything an instance has lives under `<root>/<container port>/` (datadir, my.cnf, socket, logs);
the TLS CA and the one server certificate every instance presents live under `<root>/pki/` and are
made once per container. Settings (all from the container's environment):

  PHI_MOTO_ENGINES           comma-separated engines to run for real: `mysql`
  PHI_MOTO_ENGINE_PORTS      container ports the engines may listen on, e.g. `15000-15007`
  PHI_MOTO_ENGINE_PORT_MAP   container port -> host port as published, `15000:41234,15001:41235`;
                             a port not listed is reported as itself
  PHI_MOTO_ENGINE_ADDRESS    what DescribeDBInstances reports as Endpoint.Address (default 127.0.0.1)
  PHI_MOTO_ENGINE_ROOT       where datadirs and the PKI go (default /var/lib/phi-engines)

The pure functions (parsing, my.cnf, SQL) are tested without MariaDB; `MariaDB` runs the binaries.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

DEFAULT_ROOT = "/var/lib/phi-engines"
DEFAULT_ADDRESS = "127.0.0.1"
REPLICATION_USER = "phi_repl"
START_TIMEOUT_S = 60.0


class EngineError(RuntimeError):
    """An engine could not be configured, started or changed; the message says why in plain words."""


def enabled_engines(env: Mapping[str, str]) -> set[str]:
    return {e.strip().lower() for e in env.get("PHI_MOTO_ENGINES", "").split(",") if e.strip()}


def parse_port_range(text: str) -> list[int]:
    """`15000-15007` -> [15000, ..., 15007]; `15000` -> [15000]."""
    text = text.strip()
    if not text:
        raise EngineError("PHI_MOTO_ENGINE_PORTS is not set: give the container a port range for the engines, e.g. 15000-15007")
    lo, _, hi = text.partition("-")
    try:
        first, last = int(lo), int(hi or lo)
    except ValueError:
        raise EngineError(f"PHI_MOTO_ENGINE_PORTS must look like 15000-15007 (got {text!r})") from None
    if not 1024 <= first <= last <= 65535:
        raise EngineError(f"PHI_MOTO_ENGINE_PORTS must be a range of ports between 1024 and 65535, low to high (got {text!r})")
    return list(range(first, last + 1))


def parse_port_map(text: str) -> dict[int, int]:
    """`15000:41234,15001:41235` -> {15000: 41234, 15001: 41235}."""
    result: dict[int, int] = {}
    for item in filter(None, (i.strip() for i in text.split(","))):
        inner, sep, outer = item.partition(":")
        try:
            if not sep:
                raise ValueError
            result[int(inner)] = int(outer)
        except ValueError:
            raise EngineError(f"PHI_MOTO_ENGINE_PORT_MAP entries must be <container port>:<host port> (got {item!r})") from None
    return result


@dataclass
class Settings:
    ports: list[int]
    port_map: dict[int, int] = field(default_factory=dict)
    address: str = DEFAULT_ADDRESS
    root: Path = Path(DEFAULT_ROOT)

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> "Settings":
        return cls(
            ports=parse_port_range(env.get("PHI_MOTO_ENGINE_PORTS", "")),
            port_map=parse_port_map(env.get("PHI_MOTO_ENGINE_PORT_MAP", "")),
            address=env.get("PHI_MOTO_ENGINE_ADDRESS", "").strip() or DEFAULT_ADDRESS,
            root=Path(env.get("PHI_MOTO_ENGINE_ROOT", "").strip() or DEFAULT_ROOT),
        )

    def host_port(self, port: int) -> int:
        return self.port_map.get(port, port)


def sql_string(value: str) -> str:
    """A MariaDB string literal (backslash and quote escaped; NO_BACKSLASH_ESCAPES is not set)."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def truthy(value: object) -> bool:
    return str(value).strip().lower() in ("1", "on", "true", "yes")


def my_cnf(directory: Path, pki: Path, port: int, *, require_secure_transport: bool, read_only: bool) -> str:
    lines = [
        "[mariadbd]",
        "user=mysql",
        f"datadir={directory / 'data'}",
        f"socket={directory / 'sock'}",
        f"pid-file={directory / 'pid'}",
        f"log-error={directory / 'error.log'}",
        f"port={port}",
        "bind-address=0.0.0.0",
        "skip-name-resolve",
        f"server_id={port}",
        f"log_bin={directory / 'data' / 'binlog'}",
        "binlog_format=ROW",
        "gtid_strict_mode=ON",
        "log_slave_updates=ON",
        f"ssl_ca={pki / 'ca.pem'}",
        f"ssl_cert={pki / 'server.pem'}",
        f"ssl_key={pki / 'server.key'}",
        f"require_secure_transport={'ON' if require_secure_transport else 'OFF'}",
        f"read_only={'ON' if read_only else 'OFF'}",
        # Small instances: the defaults (128M buffer pool, 96M redo log) are for real servers.
        "innodb_buffer_pool_size=16M",
        "innodb_log_file_size=8M",
    ]
    return "\n".join(lines) + "\n"


def primary_users_sql(master_user: str, master_password: str, repl_password: str) -> str:
    """The master user as RDS has it: every privilege but SUPER and READ_ONLY ADMIN (so read_only binds it)."""
    user = f"{sql_string(master_user)}@'%'"
    return (
        f"CREATE USER {user} IDENTIFIED BY {sql_string(master_password)};\n"
        f"GRANT ALL PRIVILEGES ON *.* TO {user} WITH GRANT OPTION;\n"
        f"REVOKE SUPER, READ_ONLY ADMIN ON *.* FROM {user};\n"
        f"CREATE USER '{REPLICATION_USER}'@'%' IDENTIFIED BY {sql_string(repl_password)};\n"
        f"GRANT REPLICATION SLAVE ON *.* TO '{REPLICATION_USER}'@'%';\n"
    )


def replica_sql(source_port: int, repl_password: str, pki: Path) -> str:
    return (
        f"CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT={source_port}, MASTER_USER='{REPLICATION_USER}', "
        f"MASTER_PASSWORD={sql_string(repl_password)}, MASTER_SSL=1, MASTER_SSL_CA={sql_string(str(pki / 'ca.pem'))}, "
        "MASTER_SSL_VERIFY_SERVER_CERT=1, MASTER_USE_GTID=slave_pos;\nSTART SLAVE;\n"
    )


def alter_password_sql(master_user: str, password: str) -> str:
    return f"ALTER USER {sql_string(master_user)}@'%' IDENTIFIED BY {sql_string(password)};\n"


@dataclass
class Instance:
    port: int
    host_port: int
    directory: Path
    process: subprocess.Popen
    repl_password: str


class MariaDB:
    """Starts, changes and stops mariadbd processes, one per RDS instance."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.pki = settings.root / "pki"
        self._lock = threading.Lock()
        self._free = list(settings.ports)
        self.instances: dict[int, Instance] = {}

    # -- PKI ---------------------------------------------------------------------------------
    def ensure_pki(self) -> Path:
        """Makes the CA and the server certificate (SAN localhost, 127.0.0.1, the address) once; returns ca.pem."""
        ca = self.pki / "ca.pem"
        if ca.exists() and (self.pki / "server.pem").exists():
            return ca
        self.pki.mkdir(parents=True, exist_ok=True)
        san = ["DNS:localhost", "IP:127.0.0.1"]
        address = self.settings.address
        if address not in ("localhost", "127.0.0.1"):
            san.append(("IP:" if address.replace(".", "").isdigit() or ":" in address else "DNS:") + address)
        (self.pki / "ext.cnf").write_text(
            f"subjectAltName={','.join(san)}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth,clientAuth\n"
        )
        d = str(self.pki)
        steps = [
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "3650", "-subj", "/CN=phi-stack-emulator-ca",
             "-keyout", f"{d}/ca.key", "-out", f"{d}/ca.pem.tmp"],
            ["openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", f"{d}/server.key", "-out", f"{d}/server.csr"],
            ["openssl", "x509", "-req", "-in", f"{d}/server.csr", "-CA", f"{d}/ca.pem.tmp", "-CAkey", f"{d}/ca.key", "-CAcreateserial",
             "-days", "3650", "-extfile", f"{d}/ext.cnf", "-out", f"{d}/server.pem"],
        ]
        for cmd in steps:
            self._run(cmd, what="making the engines' TLS certificates")
        for name in ("server.pem", "server.key"):
            (self.pki / name).chmod(0o644)  # mariadbd reads them as the mysql user
        os.replace(f"{d}/ca.pem.tmp", ca)  # last: its presence means the PKI is complete
        ca.chmod(0o644)
        return ca

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self, master_user: str, master_password: str, *, require_secure_transport: bool,
              source_port: int | None = None) -> Instance:
        """Starts one server and returns it; with `source_port`, a read-only GTID replica of that server."""
        self.ensure_pki()
        with self._lock:
            if source_port is not None and source_port not in self.instances:
                raise EngineError(f"the source instance's MariaDB (container port {source_port}) is not running")
            if not self._free:
                raise EngineError(
                    f"all {len(self.settings.ports)} engine ports ({self.settings.ports[0]}-{self.settings.ports[-1]}) are in use: "
                    "delete an instance, or start the emulator with a larger engine port range"
                )
            port = self._free.pop(0)
        try:
            return self._start(port, master_user, master_password, require_secure_transport, source_port)
        except BaseException:
            self._discard(port)
            raise

    def _start(self, port: int, master_user: str, master_password: str, require_secure_transport: bool,
               source_port: int | None) -> Instance:
        directory = self.settings.root / str(port)
        shutil.rmtree(directory, ignore_errors=True)
        (directory / "data").mkdir(parents=True)
        cnf = directory / "my.cnf"
        cnf.write_text(my_cnf(directory, self.pki, port, require_secure_transport=require_secure_transport,
                              read_only=source_port is not None))
        shutil.chown(directory, "mysql", "mysql")
        shutil.chown(directory / "data", "mysql", "mysql")
        self._run(["mariadb-install-db", f"--defaults-file={cnf}", "--auth-root-authentication-method=socket", "--skip-test-db"],
                  what=f"initialising the datadir of the MariaDB on port {port}")
        log = open(directory / "mariadbd.out", "wb")
        process = subprocess.Popen(["mariadbd", f"--defaults-file={cnf}"], stdout=log, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
        log.close()
        instance = Instance(port, self.settings.host_port(port), directory, process, secrets.token_hex(16))
        with self._lock:
            self.instances[port] = instance
        self._wait_ready(instance)
        if source_port is None:
            self.sql(instance, primary_users_sql(master_user, master_password, instance.repl_password))
        else:
            source = self.instances[source_port]
            self.sql(instance, replica_sql(source_port, source.repl_password, self.pki))
            instance.repl_password = source.repl_password  # the replica has the source's users (replicated)
            self._wait_replicated(instance, master_user)
        return instance

    def _wait_replicated(self, instance: Instance, master_user: str) -> None:
        """Waits until the master user has replicated (the replica is usable when the API answers)."""
        query = f"SELECT COUNT(*) FROM mysql.global_priv WHERE User={sql_string(master_user)} AND Host='%';\n"
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.sql(instance, query).strip() == "1":
                return
            time.sleep(0.1)
        status = self.sql(instance, "SHOW SLAVE STATUS\\G\n")
        errors = [line.strip() for line in status.splitlines() if "Error" in line and line.strip().split(":", 1)[-1].strip()]
        raise EngineError(f"the replica on port {instance.port} did not catch up with its source within {START_TIMEOUT_S:.0f} s: {' | '.join(errors) or 'no replication error reported'}")

    def _wait_ready(self, instance: Instance) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if instance.process.poll() is not None:
                raise EngineError(f"mariadbd on port {instance.port} exited with code {instance.process.returncode}: {self._error_log(instance)}")
            probe = subprocess.run(["mariadb", f"--socket={instance.directory / 'sock'}", "-N", "-e", "SELECT 1"],
                                   capture_output=True, stdin=subprocess.DEVNULL)
            if probe.returncode == 0:
                return
            time.sleep(0.1)
        raise EngineError(f"mariadbd on port {instance.port} did not answer within {START_TIMEOUT_S:.0f} s: {self._error_log(instance)}")

    def sql(self, instance: Instance, statements: str) -> str:
        """Runs statements as root over the instance's unix socket (SQL on stdin: no password in a process list)."""
        done = subprocess.run(["mariadb", f"--socket={instance.directory / 'sock'}", "-N"], input=statements.encode(),
                              capture_output=True)
        if done.returncode != 0:
            raise EngineError(f"MariaDB on port {instance.port} refused a statement: {done.stderr.decode(errors='replace').strip()}")
        return done.stdout.decode(errors="replace")

    def alter_password(self, port: int, master_user: str, password: str) -> None:
        self.sql(self._get(port), alter_password_sql(master_user, password))

    def set_require_secure_transport(self, port: int, on: bool) -> None:
        self.sql(self._get(port), f"SET GLOBAL require_secure_transport={'ON' if on else 'OFF'};\n")

    def stop(self, port: int) -> None:
        """Stops the server (SIGTERM, then SIGKILL after 20 s) and removes its directory; frees the port."""
        with self._lock:
            instance = self.instances.pop(port, None)
        if instance is not None:
            instance.process.terminate()
            try:
                instance.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                instance.process.kill()
                instance.process.wait()
        self._discard(port)

    def _discard(self, port: int) -> None:
        with self._lock:
            instance = self.instances.pop(port, None)
        if instance is not None and instance.process.poll() is None:
            instance.process.kill()
            instance.process.wait()
        shutil.rmtree(self.settings.root / str(port), ignore_errors=True)
        with self._lock:
            if port not in self._free and port in self.settings.ports:
                self._free.append(port)
                self._free.sort()

    def _get(self, port: int) -> Instance:
        try:
            return self.instances[port]
        except KeyError:
            raise EngineError(f"no MariaDB runs on engine port {port}") from None

    def _error_log(self, instance: Instance) -> str:
        try:
            lines = (instance.directory / "error.log").read_text(errors="replace").strip().splitlines()
        except OSError:
            return "no error log"
        return " | ".join(lines[-5:]) or "empty error log"

    @staticmethod
    def _run(cmd: list[str], *, what: str) -> None:
        done = subprocess.run(cmd, capture_output=True, stdin=subprocess.DEVNULL)
        if done.returncode != 0:
            tail = (done.stderr or done.stdout).decode(errors="replace").strip().splitlines()[-5:]
            raise EngineError(f"{what} failed ({cmd[0]} exited with {done.returncode}): {' | '.join(tail)}")
