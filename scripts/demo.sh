#!/usr/bin/env bash
# The main job on a fresh clone: installs what it needs, then `teardown demo` (sandbox + Temporal + worker + webhooks, a live batch).
set -euo pipefail
TEARDOWN_SETUP_N8N=0 source "$(dirname "$0")/setup.sh"
pnpm demo
