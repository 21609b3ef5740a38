"""Print the installed files of the `moto[server]` dependency closure.

Walks the requirements of the installed distributions (importlib.metadata),
evaluating environment markers and extras, and prints one path per line,
relative to the site-packages directory that holds them. The first line is
`# site-packages: <dir>` so callers know where to read the files from.

Usage: python3 moto_closure.py [--summary] [ROOT_REQUIREMENT]   (default "moto[server]")
"""

from __future__ import annotations

import sys
from importlib import metadata

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name


def closure(root: str) -> dict[str, metadata.Distribution]:
    seen: dict[str, metadata.Distribution] = {}
    queue: list[tuple[Requirement, set[str]]] = [(Requirement(root), set())]
    done_extras: dict[str, set[str]] = {}
    while queue:
        req, _ = queue.pop()
        name = canonicalize_name(req.name)
        extras = set(req.extras)
        if name in done_extras and extras <= done_extras[name]:
            continue
        dist = metadata.distribution(req.name)
        seen[name] = dist
        done_extras.setdefault(name, set()).update(extras)
        for raw in dist.requires or []:
            sub = Requirement(raw)
            if sub.marker is None:
                queue.append((sub, set()))
                continue
            envs = [{"extra": e} for e in (extras or {""})]
            if any(sub.marker.evaluate(env) for env in envs):
                queue.append((sub, set()))
    return seen


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    root = args[0] if args else "moto[server]"
    dists = closure(root)
    if "--summary" in sys.argv:
        for name in sorted(dists):
            print(f"{name}=={dists[name].version}")
        return 0
    site = None
    out: list[str] = []
    for dist in dists.values():
        base = dist.locate_file("")
        if site is None:
            site = str(base)
        elif str(base) != site:
            print(f"{dist.metadata['Name']} lives outside {site}", file=sys.stderr)
            return 1
        for f in dist.files or []:
            p = str(f)
            if p.startswith("..") or p.startswith("/"):
                continue  # console scripts etc. live outside site-packages
            if dist.locate_file(f).exists():
                out.append(p)
    print(f"# site-packages: {site}")
    print("\n".join(sorted(set(out))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
