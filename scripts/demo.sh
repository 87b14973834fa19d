#!/usr/bin/env bash
# The main job on a fresh clone: installs what it needs, then runs examples/delete-at-sandbox.ts (until `teardown demo`
# of apps/cli exists): the sandbox with injected faults, every target deleted with @teardown/core, checked against its record.
set -euo pipefail
TEARDOWN_SETUP_N8N=0 TEARDOWN_SETUP_TEMPORAL=0 source "$(dirname "$0")/setup.sh"
pnpm demo
