#!/usr/bin/env bash
# Conformance against Prism: installs @stoplight/prism-cli (pinned by tools/prism/package-lock.json) into the
# git-ignored .tools/prism and, for the document of spec/ (generated-client/openapi.json) and of every doc in
# ../shared/corpus (skipped, saying so, when it is absent), starts `prism mock` on a free loopback port and runs:
# - the generated crate's own conformance test (tests/prism.rs, given PRISM_URL): every operation passes Prism's
#   request validation and decodes its answer, and every documented error status, asked for with
#   `Prefer: code=...`, comes back as the operation's typed error; for spec/ also tests/it/prism.rs;
# - .ci/openapi_consumers.py prism: every body Prism returns, success and error, validated with jsonschema.
# Prism is stopped by its process id after each document, also on failure.
set -euo pipefail
cd "$(dirname "$0")/.."

TOOLS=.tools
source .ci/npm-tool.sh
install_npm_tool prism
source .ci/python-tools.sh
install_python_tools
PRISM="$TOOLS/prism/node_modules/.bin/prism"

# Build the tests first, so that Prism is not kept waiting by the compiler.
cargo test --quiet -p api-tests --test it --no-run
cargo test --quiet -p htaiyun-client --test prism --no-run
docs=()
if [[ -d ../shared/corpus ]]; then
    for doc in ../shared/corpus/*.md; do
        name=$(basename "$doc" .md)
        cargo xtask gen --spec "$doc" --out "target/corpus-crates/$name" >/dev/null 2>&1
        cargo test --quiet --manifest-path "target/corpus-crates/$name/Cargo.toml" --target-dir target/corpus-target \
            --test prism --no-run
        docs+=("$name")
    done
else
    echo "corpus skipped: ../shared/corpus is absent; only generated-client/ is checked"
fi

prism_pid=
log=$(mktemp)
stop_prism() {
    if [[ -n "$prism_pid" ]]; then
        kill "$prism_pid" 2>/dev/null || true
        wait "$prism_pid" 2>/dev/null || true
        prism_pid=
    fi
}
trap 'stop_prism; rm -f "$log" "$log.test"' EXIT

# start_prism FILE: Prism on a free port (bind port 0, read the port the kernel chose, release it); sets $port.
start_prism() {
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    "$PRISM" mock "$1" -h 127.0.0.1 -p "$port" >"$log" 2>&1 &
    prism_pid=$!
    for _ in $(seq 1 120); do
        if ! kill -0 "$prism_pid" 2>/dev/null; then
            echo "prism exited before listening:" >&2
            cat "$log" >&2
            return 1
        fi
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "== prism $("$PRISM" --version) mock of $1 on 127.0.0.1:$port (pid $prism_pid)"
            return 0
        fi
        sleep 0.5
    done
    echo "prism did not listen on 127.0.0.1:$port within 60 s:" >&2
    cat "$log" >&2
    return 1
}

# expect_run PATTERN COMMAND...: runs a test command and fails unless it passed and printed PATTERN (so a test
# that skipped or never ran is a failure).
expect_run() {
    local pattern=$1
    shift
    local status=0
    PRISM_URL="http://127.0.0.1:$port" "$@" 2>&1 | tee "$log.test" || status=$?
    if [[ $status -eq 0 ]] && ! grep -q "$pattern" "$log.test"; then
        echo "the Prism test did not run: $*" >&2
        status=1
    fi
    if [[ $status -ne 0 ]]; then
        echo "== prism's log" >&2
        cat "$log" >&2
        exit "$status"
    fi
}

start_prism generated-client/openapi.json
expect_run "^prism: [0-9]* operations passed" cargo test --quiet -p api-tests --test it -- --exact \
    prism::every_operation_passes_prism_validation_and_decodes --nocapture
expect_run "^prism: [0-9]* operations and [0-9]* error statuses passed" \
    cargo test --quiet -p htaiyun-client --test prism -- --nocapture
expect_run "^ok: 0 failures" .tools/venv/bin/python .ci/openapi_consumers.py prism "http://127.0.0.1:$port" generated-client
stop_prism

for name in "${docs[@]}"; do
    dir="target/corpus-crates/$name"
    start_prism "$dir/openapi.json"
    expect_run "^prism: [0-9]* operations and [0-9]* error statuses passed" cargo test --quiet \
        --manifest-path "$dir/Cargo.toml" --target-dir target/corpus-target --test prism -- --nocapture
    expect_run "^ok: 0 failures" .tools/venv/bin/python .ci/openapi_consumers.py prism "http://127.0.0.1:$port" "$dir"
    stop_prism
done
