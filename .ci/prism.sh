#!/usr/bin/env bash
# Conformance against Prism: installs @stoplight/prism-cli (pinned by tools/prism/package-lock.json) into the
# git-ignored .tools/prism, starts `prism mock generated-client/openapi.json` on a free loopback port, runs the
# Rust test that calls every operation against it (tests/it/prism.rs, given PRISM_URL), and stops Prism by its
# process id when done, also on failure.
set -euo pipefail
cd "$(dirname "$0")/.."

TOOLS=.tools
source .ci/npm-tool.sh
install_npm_tool prism
PRISM="$TOOLS/prism/node_modules/.bin/prism"

# Build the test first, so that Prism is not kept waiting by the compiler.
cargo test --quiet -p api-tests --test it --no-run

# A free port: bind port 0, read the port the kernel chose, release it.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
log=$(mktemp)
"$PRISM" mock generated-client/openapi.json -h 127.0.0.1 -p "$port" >"$log" 2>&1 &
prism_pid=$!
stop_prism() {
    kill "$prism_pid" 2>/dev/null || true
    wait "$prism_pid" 2>/dev/null || true
    rm -f "$log"
}
trap stop_prism EXIT

echo "== prism $("$PRISM" --version) mock on 127.0.0.1:$port (pid $prism_pid)"
ready=0
for _ in $(seq 1 120); do
    if ! kill -0 "$prism_pid" 2>/dev/null; then
        echo "prism exited before listening:" >&2
        cat "$log" >&2
        exit 1
    fi
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        ready=1
        break
    fi
    sleep 0.5
done
if [[ $ready -eq 0 ]]; then
    echo "prism did not listen on 127.0.0.1:$port within 60 s:" >&2
    cat "$log" >&2
    exit 1
fi

status=0
PRISM_URL="http://127.0.0.1:$port" cargo test --quiet -p api-tests --test it -- --exact \
    prism::every_operation_passes_prism_validation_and_decodes --nocapture 2>&1 | tee "$log.test" || status=$?
if [[ $status -eq 0 ]] && ! grep -q "^prism: [0-9]* operations passed" "$log.test"; then
    echo "the Prism test did not run" >&2
    status=1
fi
rm -f "$log.test"
if [[ $status -ne 0 ]]; then
    echo "== prism's log" >&2
    cat "$log" >&2
fi
exit "$status"
