#!/usr/bin/env bash
# Build phi-stack/localstack:4.14.0 without any image registry: LocalStack 4.14.0 (the last release
# that starts without an auth token) from PyPI, in a Debian trixie rootfs, `docker import`ed.
#
#   bash tools/emulator/localstack-image/build.sh [--force]
#
# LocalStack 4.14.0 needs Python 3.12 or later (localstack/services/stores.py uses PEP 695 generic
# classes, although its wheel says Requires-Python >=3.10; the official image runs 3.13), so the
# rootfs is trixie (python3 3.13), not the bookworm (3.11) one of the moto image:
# 1. debootstrap trixie minbase + python3, cached as $PHI_STACK_CACHE/rootfs-trixie-minbase-python3.tar.
# 2. The pinned pip wheel of requirements.txt is downloaded on the host (--require-hashes) and run
#    inside the rootfs, which downloads the rest of requirements.txt (localstack-core[runtime]==4.14.0
#    and its closure, every file checked against its hash) for its own Python, cached in
#    $PHI_STACK_CACHE/localstack-wheels/<sha256[:12] of requirements.txt>-cp313, and installs it
#    with --require-hashes --no-deps --no-index from that folder.
# 3. The tree is `docker import`ed with the start command and environment below.
#
# Idempotent: skipped when the tag exists and carries the label of the current requirements.txt.
# Progress goes to stderr; the only stdout line is the image tag.
#
# Env: PHI_STACK_CACHE (cache dir), PHI_STACK_PYTHON (host python with pip, for the first download;
#      default python3), DEBIAN_MIRROR (default: this machine's apt mirror, lib/apt-mirror.sh).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
LOCALSTACK_VERSION="4.14.0"
TAG="phi-stack/localstack:${LOCALSTACK_VERSION}"
CACHE="${PHI_STACK_CACHE:-$HOME/.cache/phi-stack}"
PYTHON="${PHI_STACK_PYTHON:-python3}"
SUITE="trixie"
PYVER="3.13"
ROOTFS_TAR="${CACHE}/rootfs-${SUITE}-minbase-python3.tar"
MIRROR="${DEBIAN_MIRROR:-}"
REQ="$here/requirements.txt"
FORCE=0
[[ "${1:-}" == "--force" ]] && FORCE=1

log() { printf '[localstack-image] %s\n' "$*" >&2; }
die() { printf '[localstack-image] ERROR: %s\n' "$*" >&2; exit 1; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
# The machine's pip configuration (constraints, extra indexes, find-links) must not leak in.
pip_clean() { env -u PIP_FIND_LINKS -u PIP_CONSTRAINT -u PIP_EXTRA_INDEX_URL -u PIP_INDEX_URL PIP_CONFIG_FILE=/dev/null \
  "$PYTHON" -m pip --disable-pip-version-check --no-input "$@"; }

command -v docker >/dev/null || die "docker CLI not found (run tools/toolchain/setup.sh)"
docker info >/dev/null 2>&1 || die "no Docker engine answers (run tools/toolchain/setup.sh)"

req_hash="$(sha256sum "$REQ" | cut -c1-12)"
if [[ $FORCE == 0 ]] && [[ "$(docker image inspect -f '{{ index .Config.Labels "org.phi-stack.requirements" }}' "$TAG" 2>/dev/null)" == "$req_hash" ]]; then
  log "image $TAG already present (requirements $req_hash)"
  echo "$TAG"
  exit 0
fi

t_all="$(now)"
mkdir -p "$CACHE"

build_rootfs_tar() {
  [[ $(id -u) == 0 ]] || die "debootstrap needs root"
  command -v debootstrap >/dev/null || die "debootstrap not installed (apt-get install -y debootstrap)"
  # The archive that serves this machine's bookworm serves trixie too.
  [[ -n "$MIRROR" ]] || MIRROR="$(bash "$here/../image/lib/apt-mirror.sh" "$SUITE" 2>/dev/null)" ||
    MIRROR="$(bash "$here/../image/lib/apt-mirror.sh" bookworm)" || die "no Debian mirror in this machine's apt sources; set DEBIAN_MIRROR"
  local dir="${CACHE}/rootfs-${SUITE}.tmp.$$" t0
  rm -rf "$dir"
  t0="$(now)"
  log "debootstrap $SUITE (minbase + python3) from $MIRROR ..."
  debootstrap --variant=minbase --include=python3 "$SUITE" "$dir" "$MIRROR" >"${CACHE}/debootstrap-${SUITE}.log" 2>&1 ||
    die "debootstrap failed, see ${CACHE}/debootstrap-${SUITE}.log"
  rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/* "$dir"/debootstrap
  tar -C "$dir" --numeric-owner -cf "${ROOTFS_TAR}.tmp" .
  mv "${ROOTFS_TAR}.tmp" "$ROOTFS_TAR"
  rm -rf "$dir"
  log "debootstrap + tarball took $(elapsed "$t0") s -> $ROOTFS_TAR"
}
[[ -f "$ROOTFS_TAR" ]] || build_rootfs_tar

work="$(mktemp -d "${CACHE}/localstack.XXXXXX")"
trap 'rm -rf "$work"' EXIT
root="$work/rootfs"
mkdir "$root"
tar -C "$root" --numeric-owner -xf "$ROOTFS_TAR"
pyver="$(chroot "$root" python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
[[ "$pyver" == "$PYVER" ]] || die "the $SUITE rootfs has python $pyver, expected $PYVER"

# Three distributions of the closure publish no wheel (pure Python sdists, built with the pinned
# setuptools and wheel); every other one must be a wheel.
SDIST_ONLY="airspeed-ext,crontab,jsonpath-rw"
wheels="${CACHE}/localstack-wheels/${req_hash}-cp${PYVER/./}"
cp "$REQ" "$root/tmp/requirements.txt"
# One requirement block (name==version and its --hash lines) of requirements.txt.
req_block() { awk -v name="$1" '/^[^ #]/ { on = ($0 ~ "^" name "==") } on && !/^ *#/' "$REQ"; }
inroot_pip() { chroot "$root" env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/root LANG=C.UTF-8 PIP_CONFIG_FILE=/dev/null PYTHONPATH=/tmp/pip python3 -m pip --disable-pip-version-check --no-input "$@"; }
mkdir -p "$root/tmp/wheels" "$root/tmp/pip"
if [[ ! -f "$wheels/.complete" ]]; then
  t0="$(now)"
  log "downloading the pinned closure ($(grep -c '^[a-z0-9].*==' "$REQ") distributions, for python $PYVER) into $wheels ..."
  req_block pip >"$work/pip.txt"
  pip_clean download --quiet --require-hashes --no-deps --only-binary=:all: -r "$work/pip.txt" -d "$root/tmp/wheels" >&2 ||
    die "pip download of the pinned pip failed"
  python3 -m zipfile -e "$root"/tmp/wheels/pip-*.whl "$root/tmp/pip"
  # The rootfs resolves and trusts what the host does (its CA bundle, for an intercepting proxy).
  cp /etc/resolv.conf "$root/etc/resolv.conf"
  cp "${PIP_CERT:-/etc/ssl/certs/ca-certificates.crt}" "$root/tmp/ca.crt"
  inroot_pip download --quiet --cert /tmp/ca.crt --require-hashes --no-deps --only-binary=:all: --no-binary="$SDIST_ONLY" \
    -r /tmp/requirements.txt -d /tmp/wheels >&2 || die "pip download (inside the rootfs) failed"
  rm -f "$root/etc/resolv.conf" "$root/tmp/ca.crt"
  mkdir -p "$(dirname "$wheels")" && rm -rf "$wheels.tmp" && cp -a "$root/tmp/wheels" "$wheels.tmp"
  rm -rf "$wheels" && mv "$wheels.tmp" "$wheels" && touch "$wheels/.complete"
  log "download took $(elapsed "$t0") s ($(du -sh "$wheels" | cut -f1))"
else
  log "wheels cached in $wheels"
  cp -a "$wheels/." "$root/tmp/wheels/"
  python3 -m zipfile -e "$root"/tmp/wheels/pip-*.whl "$root/tmp/pip"
fi

t0="$(now)"
log "installing into the rootfs ..."
site="/usr/local/lib/python${PYVER}/dist-packages"
inroot_pip install --quiet --root-user-action=ignore --require-hashes --no-deps --no-index --find-links /tmp/wheels \
  --only-binary=:all: --no-binary="$SDIST_ONLY" --no-compile --target "$site" -r /tmp/requirements.txt >&2 ||
  die "pip install (inside the rootfs) failed"
# Scripts land in <site>/bin with --target; the runtime needs none of them (it starts with python3 -m).
rm -rf "$root$site/bin" "$root/tmp/wheels" "$root/tmp/pip" "$root/tmp/requirements.txt" "$root/root/.cache"
# Byte-compile now, so that no start pays for it.
chroot "$root" python3 -m compileall -q -j 0 "$site" >/dev/null 2>&1 || true
log "installed in $(elapsed "$t0") s"

# What the official image's Dockerfile lays out: the marker by which localstack.config knows it runs
# in its container, its data and init-hook folders.
mkdir -p "$root/usr/lib/localstack" "$root/var/lib/localstack/logs" "$root/tmp/localstack" \
  "$root"/etc/localstack/init/{boot,start,ready,shutdown}.d
touch "$root/usr/lib/localstack/.community-version" "$root/tmp/localstack/.marker"
chmod 1777 "$root/tmp"
chroot "$root" python3 -c 'import localstack.runtime.main, localstack.services.s3.provider, localstack.services.kms.provider, localstack.services.ec2.provider, localstack.services.iam.provider, localstack.services.logs.provider, localstack.services.sts.provider' ||
  die "localstack does not import inside the rootfs"

t0="$(now)"
previous="$(docker image inspect -f '{{.Id}}' "$TAG" 2>/dev/null || true)"
log "docker import $TAG ..."
# The official image's entrypoint (bin/docker-entrypoint.sh) ends in `exec localstack-supervisor`, a
# restart wrapper around `python -m localstack.runtime.main`; we start the runtime itself.
# Offline and without a Docker socket: no SSL certificate download, no analytics events, no DNS
# server (port 53), and no service our stacks use runs a container.
tar -C "$root" --numeric-owner -cf - . | docker import \
  --change "LABEL org.phi-stack.requirements=${req_hash}" \
  --change "LABEL org.phi-stack.localstack-version=${LOCALSTACK_VERSION}" \
  --change 'ENV LANG=C.UTF-8' \
  --change 'ENV PYTHONUNBUFFERED=1' \
  --change 'ENV USER=localstack' \
  --change 'ENV GATEWAY_LISTEN=0.0.0.0:4566' \
  --change 'ENV LOCALSTACK_HOST=localhost.localstack.cloud:4566' \
  --change 'ENV SKIP_SSL_CERT_DOWNLOAD=1' \
  --change 'ENV DISABLE_EVENTS=1' \
  --change 'ENV DNS_ADDRESS=0' \
  --change 'EXPOSE 4566' \
  --change 'WORKDIR /var/lib/localstack' \
  --change 'CMD ["python3", "-m", "localstack.runtime.main"]' \
  - "$TAG" >/dev/null
# The image this one replaces (a changed pin, --force) goes, unless a container still runs it.
[[ -z "$previous" ]] || [[ "$previous" == "$(docker image inspect -f '{{.Id}}' "$TAG")" ]] || docker rmi "$previous" >/dev/null 2>&1 || true
log "docker import took $(elapsed "$t0") s"
log "built $TAG in $(elapsed "$t_all") s; size $(docker image inspect -f '{{.Size}}' "$TAG" | awk '{printf "%.0f MB", $1/1e6}')"
echo "$TAG"
