#!/usr/bin/env bash
# Resolves the Temporal Java test server (Maven Central) into a cache outside the repo and writes an
# executable wrapper the Temporal TypeScript SDK can start. Prints the wrapper's path.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
version=$(sed -n 's:.*<version>\(1\.[0-9.]*\)</version>.*:\1:p' "$here/pom.xml" | tail -n 1)
dir="${TEARDOWN_CACHE:-$HOME/.cache/teardown}/temporal-test-server-$version"
wrapper="$dir/temporal-test-server"
if [ ! -x "$wrapper" ]; then
  mkdir -p "$dir"
  mvn -q -f "$here/pom.xml" dependency:build-classpath -Dmdep.outputFile="$dir/cp.txt" >&2
  # exec: the SDK stops only its direct child. Fast JVM start: the SDK waits 5 s for the port.
  cat > "$wrapper.tmp" <<WRAP
#!/usr/bin/env bash
exec java -XX:TieredStopAtLevel=1 -Xshare:auto -XX:+UseSerialGC -cp "\$(cat "$dir/cp.txt")" io.temporal.testserver.TestServer "\$@"
WRAP
  chmod +x "$wrapper.tmp"
  mv "$wrapper.tmp" "$wrapper"
fi
echo "$wrapper"
