"""New RDS instances get the Region's default CA, rds-ca-rsa2048-g1, as in AWS.

moto bug: `DBInstance` defaults `CACertificateIdentifier` to `rds-ca-default`, a name that AWS has
never issued. AWS gives a new instance the account's default CA for new launches, which is the
Region's system default unless `ModifyCertificates` set an override (DescribeCertificates reports it
as `DefaultCertificateForNewLaunches`); since the 2024 rotation that default is
`rds-ca-rsa2048-g1` in the commercial Regions. A read replica inherits its source's CA in both.

Why it matters: provider 5.100.0 does not send `ca_cert_identifier` in CreateDBInstance. It compares
the configured value with the one in the create response and, when they differ, issues
ModifyDBInstance and waits for `available` a second time (a fixed 60 s delay, then three polls 10 s
apart): with moto's bogus default every instance that pins `rds-ca-rsa2048-g1` took 160 s to create
instead of the 80 s it takes in an account. An instance created with an explicit
`CACertificateIdentifier` keeps it.
"""

from __future__ import annotations

from ._util import wrap

REGION_DEFAULT_CA = "rds-ca-rsa2048-g1"
MOTO_PLACEHOLDER = "rds-ca-default"


def apply() -> None:
    from moto.rds.models import DBInstance

    @wrap(DBInstance, "__init__")
    def init(original, self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if kwargs.get("ca_certificate_identifier") in (None, "", MOTO_PLACEHOLDER):
            kwargs["ca_certificate_identifier"] = REGION_DEFAULT_CA
        original(self, *args, **kwargs)
