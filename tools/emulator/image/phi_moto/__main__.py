"""Launcher: `python3 -m phi_moto [moto_server flags]`, e.g. `-H 0.0.0.0 -p 5000`.

Applies every phi_moto patch, then hands the command line to moto's own server entry point.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")


def main(argv: list[str] | None = None) -> None:
    import phi_moto
    from moto.server import main as moto_main

    applied = phi_moto.apply()
    print(f"phi_moto: applied {len(applied)} patches: {', '.join(applied)}", file=sys.stderr, flush=True)
    moto_main(argv if argv is not None else sys.argv[1:])


if __name__ == "__main__":
    main()
