#!/usr/bin/env bash
# Seeds the fuzz corpora (git-ignored) from the repository's docs: whole docs for `compile` (alone, and followed
# by spec/overrides.toml after the harness's separator, and each section alone), and every example block of
# those docs for `json`.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/compile corpus/json
docs=(../spec/*.md $(find ../generator/test_data -name '*.md' | sort))
if [ -d ../../shared/corpus ]; then docs+=(../../shared/corpus/*.md); fi
for doc in "${docs[@]}"; do
    name=$(basename "$doc" .md)
    cp "$doc" "corpus/compile/$name.md"
    { cat "$doc"; printf '\n%%%%%%%% overrides.toml\n'; cat ../spec/overrides.toml; } >"corpus/compile/$name+overrides.md"
    # Each `## ` section alone, after the doc's first line: small inputs run faster than whole docs.
    awk -v out="corpus/compile/$name" '
        NR == 1 { title = $0; next }
        /^## / { n++; file = out "-section-" n ".md"; print title > file }
        n { print >> file }
    ' "$doc"
    # Each <code>...</code> or ``` block becomes one seed of the example reader.
    awk -v out="corpus/json/$name" '
        inside && /^(<\/code>|```)/ { inside = 0; close(file); next }
        !inside && /^(<code>|```)/ { inside = 1; n++; file = out "-" n ".txt"; printf "" > file; next }
        inside { print >> file }
    ' "$doc"
done
echo "seeded $(ls corpus/compile | wc -l) docs and $(ls corpus/json | wc -l) examples"
