#!/usr/bin/env bash
# Build the phi-stack AWS emulator image without any image or Python registry.
#
#   bash tools/emulator/image/build.sh [--force]
#
# Two layers:
#   1. phi-stack/moto-base:5.2.1   Debian bookworm rootfs (debootstrap minbase + python3) plus the
#      installed moto[server]==5.2.1 dependency closure copied from the local Python, `docker import`ed.
#   2. phi-stack/moto-emulator:5.2.1-<hash>   `docker build` of Dockerfile.local FROM the base,
#      adding phi_moto (runtime patches). Also tagged phi-stack/moto-emulator:latest.
#
# Idempotent: every step is skipped when its output exists. The debootstrap rootfs is cached as a
# tarball under ${PHI_STACK_CACHE:-$HOME/.cache/phi-stack}. Progress goes to stderr; the only stdout
# line is the final image tag.
#
# Env: PHI_STACK_CACHE (cache dir), PHI_STACK_PYTHON (python with moto 5.2.1; default python3),
#      DEBIAN_MIRROR (default: the mirror this machine's apt sources use for bookworm, found by
#      lib/apt-mirror.sh).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MOTO_VERSION="5.2.1"
BASE_TAG="phi-stack/moto-base:${MOTO_VERSION}"
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

build_base() {
  local t0 work list site pyver
  t0="$(now)"
  "$PYTHON" -c "import moto, sys; sys.exit(moto.__version__ != '$MOTO_VERSION')" 2>/dev/null ||
    die "$PYTHON does not provide moto $MOTO_VERSION (set PHI_STACK_PYTHON, or build with the Dockerfile where registries are reachable)"
  [[ -f "$ROOTFS_TAR" ]] || build_rootfs_tar
  work="$(mktemp -d "${CACHE}/base.XXXXXX")"
  trap 'rm -rf "$work"' RETURN
  mkdir "$work/rootfs"
  tar -C "$work/rootfs" --numeric-owner -xf "$ROOTFS_TAR"
  pyver="$(chroot "$work/rootfs" python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
  [[ "$pyver" == "$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')" ]] ||
    die "rootfs python $pyver differs from $PYTHON; compiled wheels would not load"
  list="$work/files.txt"
  "$PYTHON" "$here/lib/moto_closure.py" >"$list"
  site="$(sed -n '1s/^# site-packages: //p' "$list")"
  log "copying $(( $(wc -l <"$list") - 1 )) files of $("$PYTHON" "$here/lib/moto_closure.py" --summary | wc -l) distributions from $site"
  mkdir -p "$work/rootfs/usr/local/lib/python${pyver}/dist-packages"
  tail -n +2 "$list" | tar -C "$site" -cf - -T - | tar -C "$work/rootfs/usr/local/lib/python${pyver}/dist-packages" -xf -
  chroot "$work/rootfs" python3 -c 'import moto.server, moto.rds, moto.elasticache, moto.cloudtrail' ||
    die "moto does not import inside the rootfs"
  log "docker import $BASE_TAG ..."
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
DOCKER_BUILDKIT=0 docker build -q -f "$here/Dockerfile.local" -t "$TAG" "$here" >/dev/null 2>"${CACHE}/docker-build.log" ||
  { cat "${CACHE}/docker-build.log" >&2; die "docker build failed"; }
docker tag "$TAG" "$LATEST_TAG"
log "patch layer built in $(elapsed "$t0") s; size $(docker image inspect -f '{{.Size}}' "$TAG" | awk '{printf "%.0f MB", $1/1e6}')"
echo "$TAG"
