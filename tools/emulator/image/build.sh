#!/usr/bin/env bash
# Build the phi-stack AWS emulator image without any image or Python registry.
#
#   bash tools/emulator/image/build.sh [--force]
#
# Two layers:
#   1. phi-stack/moto-base:5.2.1-<pin hash>   Debian bookworm rootfs (debootstrap minbase + python3)
#      plus the engine packages engine-packages.txt pins (MariaDB server/client core, redis-server,
#      openssl; apt-get from the machine's Debian mirror into the rootfs, used only when the container
#      sets PHI_MOTO_ENGINES) plus moto[server]==5.2.1 and its dependencies installed from PyPI by pip
#      into the rootfs's own site-packages, exactly as requirements.txt pins them (--require-hashes),
#      `docker import`ed. The pin hash covers requirements.txt and engine-packages.txt.
#   2. phi-stack/moto-emulator:5.2.1-<hash>   `docker build` of Dockerfile.local FROM the base,
#      adding phi_moto (runtime patches). Also tagged phi-stack/moto-emulator:latest.
#
# Idempotent: every step is skipped when its output exists. The debootstrap rootfs is cached as a
# tarball under ${PHI_STACK_CACHE:-$HOME/.cache/phi-stack}. Progress goes to stderr; the only stdout
# line is the final image tag.
#
# Env: PHI_STACK_CACHE (cache dir), PHI_STACK_PYTHON (a Python 3.11 with pip, the rootfs's version,
#      whose pip installs the wheels into the rootfs; default python3),
#      DEBIAN_MIRROR (default: the mirror this machine's apt sources use for bookworm, found by
#      lib/apt-mirror.sh).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MOTO_VERSION="5.2.1"
PIN_HASH="$(cat "$here/requirements.txt" "$here/engine-packages.txt" | sha256sum | cut -c1-12)"
BASE_TAG="phi-stack/moto-base:${MOTO_VERSION}-${PIN_HASH}"
LATEST_TAG="phi-stack/moto-emulator:latest"
CACHE="${PHI_STACK_CACHE:-$HOME/.cache/phi-stack}"
PYTHON="${PHI_STACK_PYTHON:-python3}"
MIRROR="${DEBIAN_MIRROR:-}"
ROOTFS_TAR="${CACHE}/rootfs-bookworm-minbase-python3.tar"
FORCE=0
[[ "${1:-}" == "--force" ]] && FORCE=1

log() { printf '[emulator-image] %s\n' "$*" >&2; }
die() { printf '[emulator-image] ERROR: %s\n' "$*" >&2; exit 1; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

command -v docker >/dev/null || die "docker CLI not found (run tools/toolchain/setup.sh)"
docker info >/dev/null 2>&1 || die "no Docker engine answers (run tools/toolchain/setup.sh)"

TAG="$(bash "$here/tag.sh")"
have_image() { docker image inspect "$1" >/dev/null 2>&1; }

if [[ $FORCE == 0 ]] && have_image "$TAG"; then
  log "image $TAG already present"
  docker tag "$TAG" "$LATEST_TAG"
  echo "$TAG"
  exit 0
fi

mkdir -p "$CACHE"

build_rootfs_tar() {
  [[ $(id -u) == 0 ]] || die "debootstrap needs root"
  [[ -n "$MIRROR" ]] || MIRROR="$(bash "$here/lib/apt-mirror.sh" bookworm)" || die "no Debian mirror for bookworm in this machine's apt sources; set DEBIAN_MIRROR"
  command -v debootstrap >/dev/null || die "debootstrap not installed (apt-get install -y debootstrap)"
  local dir="${CACHE}/rootfs.tmp.$$" t0
  rm -rf "$dir"
  t0="$(now)"
  log "debootstrap bookworm (minbase + python3) from $MIRROR ..."
  debootstrap --variant=minbase --include=python3 bookworm "$dir" "$MIRROR" >"${CACHE}/debootstrap.log" 2>&1 ||
    die "debootstrap failed, see ${CACHE}/debootstrap.log"
  rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/* "$dir"/debootstrap
  tar -C "$dir" --numeric-owner -cf "${ROOTFS_TAR}.tmp" .
  mv "${ROOTFS_TAR}.tmp" "$ROOTFS_TAR"
  rm -rf "$dir"
  log "debootstrap + tarball took $(elapsed "$t0") s -> $ROOTFS_TAR"
}

# apt-get install of engine-packages.txt into the rootfs at $1, from the machine's own mirror.
install_engines() {
  local root="$1" t0 mirror security pkgs
  t0="$(now)"
  mirror="${MIRROR:-$(bash "$here/lib/apt-mirror.sh" bookworm)}" || die "no Debian mirror for bookworm in this machine's apt sources; set DEBIAN_MIRROR"
  security="$(bash "$here/lib/apt-mirror.sh" bookworm-security)" || die "no Debian mirror for bookworm-security in this machine's apt sources (the pinned engine versions are security updates)"
  mapfile -t pkgs < <(grep -Ev '^[[:space:]]*(#|$)' "$here/engine-packages.txt")
  printf 'deb %s bookworm main\ndeb %s bookworm-updates main\ndeb %s bookworm-security main\n' "$mirror" "$mirror" "$security" >"$root/etc/apt/sources.list"
  cp -a "$root/etc/resolv.conf" "$root/etc/resolv.conf.phi-orig"; cp /etc/resolv.conf "$root/etc/resolv.conf"
  printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"; chmod +x "$root/usr/sbin/policy-rc.d"   # no service starts
  mount -t proc proc "$root/proc"
  log "apt-get install ${pkgs[*]} from $mirror and $security ..."
  if ! { chroot "$root" apt-get update -q && chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${pkgs[@]}"; } >"${CACHE}/apt-engines.log" 2>&1; then
    umount "$root/proc"; tail -20 "${CACHE}/apt-engines.log" >&2; die "apt-get install of the engine packages failed, see ${CACHE}/apt-engines.log"
  fi
  # mariadb-server-core has no `mysql` user (mariadb-server's postinst creates it); mariadbd drops root to it.
  chroot "$root" sh -c 'getent group mysql >/dev/null || groupadd -r mysql; getent passwd mysql >/dev/null || useradd -r -g mysql -d /nonexistent -s /usr/sbin/nologin mysql'
  umount "$root/proc"
  chroot "$root" apt-get clean
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root/usr/sbin/policy-rc.d" "$root"/var/lib/mysql/*
  mv "$root/etc/resolv.conf.phi-orig" "$root/etc/resolv.conf"
  log "engine packages installed in $(elapsed "$t0") s"
}

build_base() {
  local t0 work site pyver count
  t0="$(now)"
  "$PYTHON" -m pip --version >/dev/null 2>&1 || die "$PYTHON has no pip (set PHI_STACK_PYTHON to a Python 3.11 with pip)"
  [[ -f "$ROOTFS_TAR" ]] || build_rootfs_tar
  work="$(mktemp -d "${CACHE}/base.XXXXXX")"
  trap 'rm -rf "$work"' RETURN
  mkdir "$work/rootfs"
  tar -C "$work/rootfs" --numeric-owner -xf "$ROOTFS_TAR"
  install_engines "$work/rootfs"
  pyver="$(chroot "$work/rootfs" python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
  [[ "$pyver" == "$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')" ]] ||
    die "rootfs python $pyver differs from $PYTHON; the wheels pip picks would not load (set PHI_STACK_PYTHON to a Python $pyver)"
  site="$work/rootfs/usr/local/lib/python${pyver}/dist-packages"
  mkdir -p "$site"
  log "pip install of $(grep -c '==' "$here/requirements.txt") pinned distributions (--require-hashes) into the rootfs ..."
  # The machine's pip configuration and PIP_* settings (constraints, extra indexes, find-links) are ignored: the pin is
  # the whole input. Binary wheels only, no dependency resolution: requirements.txt is the closure.
  env -u PIP_FIND_LINKS -u PIP_CONSTRAINT -u PIP_EXTRA_INDEX_URL -u PIP_INDEX_URL PIP_CONFIG_FILE=/dev/null "$PYTHON" -m pip install --quiet --disable-pip-version-check --no-warn-script-location \
    --require-hashes --no-deps --only-binary=:all: --target "$site" -r "$here/requirements.txt" \
    >"${CACHE}/pip-install.log" 2>&1 || { tail -20 "${CACHE}/pip-install.log" >&2; die "pip install failed, see ${CACHE}/pip-install.log"; }
  # Console scripts written by --target point at the host's interpreter; the image runs modules with -m.
  rm -rf "$site/bin"
  count="$(find "$site" -maxdepth 1 -name '*.dist-info' | wc -l)"
  chroot "$work/rootfs" python3 -c 'import moto, moto.server, moto.rds, moto.elasticache, moto.cloudtrail, sys; sys.exit(moto.__version__ != "'"$MOTO_VERSION"'")' ||
    die "moto $MOTO_VERSION does not import inside the rootfs"
  log "docker import $BASE_TAG ($count distributions) ..."
  tar -C "$work/rootfs" --numeric-owner -cf - . | docker import \
    --change 'ENV MOTO_IAM_LOAD_MANAGED_POLICIES=true' \
    --change 'ENV PYTHONUNBUFFERED=1' \
    --change 'EXPOSE 5000' \
    --change 'CMD ["python3", "-m", "moto.server", "-H", "0.0.0.0", "-p", "5000"]' \
    - "$BASE_TAG" >/dev/null
  log "base image built in $(elapsed "$t0") s"
}

if [[ $FORCE == 1 ]] || ! have_image "$BASE_TAG"; then
  build_base
else
  log "base image $BASE_TAG already present"
fi

t0="$(now)"
log "docker build $TAG ..."
DOCKER_BUILDKIT=0 docker build -q --build-arg "BASE_IMAGE=$BASE_TAG" -f "$here/Dockerfile.local" -t "$TAG" "$here" >/dev/null 2>"${CACHE}/docker-build.log" ||
  { cat "${CACHE}/docker-build.log" >&2; die "docker build failed"; }
docker tag "$TAG" "$LATEST_TAG"
log "patch layer built in $(elapsed "$t0") s; size $(docker image inspect -f '{{.Size}}' "$TAG" | awk '{printf "%.0f MB", $1/1e6}')"
echo "$TAG"
