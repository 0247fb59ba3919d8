#!/usr/bin/env bash
# Runs each fuzz target in turn for SECONDS (default 900) with libFuzzer on stable Rust:
#   bash fuzz/run.sh [SECONDS] [TARGET...]
# Needs `cargo install cargo-fuzz`. RUSTC_BOOTSTRAP=1 lets stable rustc take the -Z flags cargo-fuzz passes, and
# `-s none` turns the sanitizer off (safe Rust needs none). Corpora grow in fuzz/corpus/, crashes land in
# fuzz/artifacts/ (both git-ignored); each target's last line of output says how many inputs ran.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-900}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then targets=(compile json); fi
[ -d fuzz/corpus/compile ] || bash fuzz/seed.sh
for target in "${targets[@]}"; do
    echo "== fuzz $target for ${seconds}s"
    RUSTC_BOOTSTRAP=1 cargo fuzz run -s none "$target" "fuzz/corpus/$target" -- \
        -dict="fuzz/$target.dict" -max_total_time="$seconds" -timeout=20 -print_final_stats=1 2>&1 | grep -v '^#[0-9]'
done
