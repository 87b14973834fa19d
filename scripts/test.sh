#!/usr/bin/env bash
# Runs every test of every package against real parts (sandbox, Temporal test server, n8n), installing them first if needed.
set -euo pipefail
source "$(dirname "$0")/setup.sh"
pnpm format:check
pnpm test
