#!/usr/bin/env bash
# System packages the test suite needs that npm cannot provide: Debian's Chromium for the browser tests; DejaVu
# and Droid Sans Fallback (CJK) fonts that PDF reports embed, and poppler's pdftotext that the report tests read PDFs with.
# Idempotent and quick when everything is already installed (no apt-get update then).
set -euo pipefail

packages=(chromium fonts-dejavu-core fonts-droid-fallback poppler-utils)

missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-system-deps: need root to install: ${missing[*]}" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get -o DPkg::Lock::Timeout=600 update -qq
apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}"
