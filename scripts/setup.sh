#!/usr/bin/env bash
# Installs every system package gx needs to build, test, run the demo and the agreement tests.
# Idempotent; run as root on Debian 12 (bookworm). Swift itself must already be on PATH.
set -euo pipefail
APT_PACKAGES=(
  pkg-config libhts-dev libdeflate-dev libisal-dev zlib1g-dev libsqlite3-dev   # build
  liblsan0 samtools bcftools tabix seqtk minimap2 jellyfish kmc seqkit libdeflate-tools pigz   # peers used by tests
  hyperfine time bc isal                                                       # benchmarks (isal: igzip)
)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# Python peers for agreement tests (python-hl7, fhir.resources); optional for the build itself.
PY_PACKAGES=(${GX_PY_PACKAGES:-numpy hl7 fhir.resources dnaio})
if command -v python3 >/dev/null; then
  for p in "${PY_PACKAGES[@]}"; do
    mod=$(case $p in hl7) echo hl7;; fhir.resources) echo fhir.resources;; *) echo "$p";; esac)
    python3 -c "import $mod" 2>/dev/null || pip install -q "$p" >/dev/null 2>&1 || echo "setup: pip install $p failed (agreement tests that need it will say so)" >&2
  done
fi
command -v swift >/dev/null || { echo "setup: swift is not on PATH (expected /opt/swift/usr/bin)" >&2; exit 1; }
