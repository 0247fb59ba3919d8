#!/usr/bin/env bash
# Runs consumers of the OpenAPI documents that nobody on this team wrote, on the documents of spec/
# (generated-client/) and of every doc in ../shared/corpus (skipped, saying so, when it is absent):
# - Spectral (npm @stoplight/spectral-cli, pinned by tools/spectral/package-lock.json) with the `spectral:oas`
#   ruleset (tools/spectral/.spectral.yaml), on the 3.1.0 document and its 3.0.3 twin: any error fails.
# - jsonschema (Draft 2020-12, with int32/int64 range checks): every example of each document against its schema.
# - openapi-python-client: generates a Python client per document, imports it, and decodes every response example
#   through it (.ci/openapi_consumers.py). Both Python tools are pinned by tools/python/requirements.txt.
# The tools are installed into the git-ignored .tools/ and reinstalled only when a pin file changes.
set -euo pipefail
cd "$(dirname "$0")/.."

source .ci/python-tools.sh
install_python_tools
source .ci/npm-tool.sh
install_npm_tool spectral
SPECTRAL=.tools/spectral/node_modules/.bin/spectral

dirs=(generated-client)
if [[ -d ../shared/corpus ]]; then
    for doc in ../shared/corpus/*.md; do
        name=$(basename "$doc" .md)
        # The same crates the corpus step of .ci/run builds; generating them again is quick and keeps this
        # script usable on its own.
        cargo xtask gen --spec "$doc" --out "target/corpus-crates/$name" >/dev/null 2>&1
        dirs+=("target/corpus-crates/$name")
    done
else
    echo "corpus skipped: ../shared/corpus is absent; only generated-client/ is checked"
fi

echo "== spectral $("$SPECTRAL" --version) (spectral:oas)"
status=0
for dir in "${dirs[@]}"; do
    report=$(mktemp)
    # Exit 1 on any error (Spectral's default fail severity); warnings are counted and printed.
    if ! "$SPECTRAL" lint --quiet --ruleset tools/spectral/.spectral.yaml --format json --output "$report" \
        "$dir/openapi.json" "$dir/openapi-3.0.json" >/dev/null 2>&1; then
        status=1
    fi
    .tools/venv/bin/python - "$dir" "$report" <<'PY'
import collections, json, sys
results = json.load(open(sys.argv[2]))
errors = [r for r in results if r["severity"] == 0]
warnings = collections.Counter(r["code"] for r in results if r["severity"] == 1)
shown = ", ".join(f"{code} {n}" for code, n in sorted(warnings.items())) or "none"
print(f"{sys.argv[1]}: spectral {len(errors)} errors, {sum(warnings.values())} warnings ({shown}) in both documents")
for r in errors:
    print(f"  error {r['code']}: {r['message']} at {'/'.join(map(str, r['path']))} ({r['source']})")
PY
    rm -f "$report"
done

echo "== jsonschema $(.tools/venv/bin/python -c 'import importlib.metadata as m; print(m.version("jsonschema"))') and openapi-python-client $(.tools/venv/bin/python -c 'import importlib.metadata as m; print(m.version("openapi-python-client"))')"
.tools/venv/bin/python .ci/openapi_consumers.py examples "${dirs[@]}" || status=1
exit "$status"
