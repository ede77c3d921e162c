#!/usr/bin/env bash
# Prints the path of a working `promtool` on stdout, fetching it when the machine has none.
# Order: $PROMTOOL, promtool on PATH, a previous download in the cache folder, then Debian's `prometheus`
# package unpacked into the cache folder (apt-get download + dpkg-deb -x: no install, no root needed for the
# unpack, none of the package's dependencies pulled in: promtool is a static Go binary).
# With --amtool it does the same for `amtool` (Debian's `prometheus-alertmanager`).
# Exit 0 with the path, 3 when neither a binary nor apt is available (callers skip on 3), 1 on other errors.
set -euo pipefail

tool=promtool
package=prometheus
if [[ "${1:-}" == "--amtool" ]]; then
  tool=amtool
  package=prometheus-alertmanager
fi

cache="${XCR_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/xcr-tools}"
unpacked="$cache/$package"
candidate="$unpacked/usr/bin/$tool"

works() { "$1" --version >/dev/null 2>&1; }

if [[ "$tool" == promtool && -n "${PROMTOOL:-}" ]] && works "$PROMTOOL"; then echo "$PROMTOOL"; exit 0; fi
if [[ "$tool" == amtool && -n "${AMTOOL:-}" ]] && works "$AMTOOL"; then echo "$AMTOOL"; exit 0; fi
if command -v "$tool" >/dev/null 2>&1 && works "$(command -v "$tool")"; then command -v "$tool"; exit 0; fi
if [[ -x "$candidate" ]] && works "$candidate"; then echo "$candidate"; exit 0; fi

if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-deb >/dev/null 2>&1; then
  echo "ensure-promtool: no $tool and no apt-get/dpkg-deb on this machine" >&2
  exit 3
fi

mkdir -p "$cache"
work="$(mktemp -d "${TMPDIR:-/tmp}/xcr-$package-XXXXXX")"
trap 'rm -rf "$work"' EXIT
cd "$work"
# A fresh machine may have empty package lists; refresh once, only when the first download fails.
if ! apt-get download "$package" >/dev/null 2>"$work/err"; then
  if ! { apt-get update >/dev/null 2>&1 || sudo -n apt-get update >/dev/null 2>&1; } ||
     ! apt-get download "$package" >/dev/null 2>"$work/err"; then
    echo "ensure-promtool: apt cannot fetch $package: $(tail -n 3 "$work/err" | tr '\n' ' ')" >&2
    exit 3
  fi
fi
deb="$(ls "$work"/"${package}"_*.deb | head -n 1)"
rm -rf "$unpacked"
mkdir -p "$unpacked"
dpkg-deb -x "$deb" "$unpacked"
if ! works "$candidate"; then
  echo "ensure-promtool: $candidate does not run after unpacking $deb" >&2
  exit 1
fi
echo "$candidate"
