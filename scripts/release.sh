#!/usr/bin/env bash
# The release's two steps, shared by .github/workflows/release.yml and the release dry run in tests/release:
#   release.sh pack DIR     packs every public workspace package into DIR as `pnpm publish` would (workspace: ranges
#                           become the versions they point at), dependencies first, and lists the tarballs in DIR/order;
#   release.sh publish DIR  packs, then publishes each tarball whose version npm does not have yet, in that order, with
#                           `npm publish --provenance` (run where GitHub Actions gives an OIDC token).
# Private packages (the sandbox, worker and webhook apps, the release tests) are skipped. Run after `pnpm build`.
set -euo pipefail
cd "$(dirname "$0")/.."
usage='usage: scripts/release.sh pack|publish DIR'
step="${1:?$usage}"
dir="$(realpath -m "${2:?$usage}")"

pack() {
  rm -rf "$dir" && mkdir -p "$dir" && : >"$dir/order"
  # pnpm -r visits packages dependencies first; one at a time, so DIR/order keeps that order.
  pnpm -r --workspace-concurrency=1 exec bash -c '
    [ "$(node -p "require(\"./package.json\").private === true")" = true ] && exit 0
    pnpm pack --pack-destination "$0" | tail -n 1 >>"$0/order"' "$dir"
}

case "$step" in
pack) pack ;;
publish)
  pack
  while read -r tarball; do
    id="$(tar -xOzf "$tarball" package/package.json | node -p 'const p = JSON.parse(require("fs").readFileSync(0)); `${p.name}@${p.version}`')"
    if [ -n "$(npm view "$id" version 2>/dev/null)" ]; then
      echo "$id is already on npm"
      continue
    fi
    npm publish "$tarball" --provenance --access public
    # The line the changesets action reads to tag the release and create its GitHub release.
    echo "New tag: $id"
  done <"$dir/order"
  ;;
*) echo "$usage" >&2 && exit 2 ;;
esac
