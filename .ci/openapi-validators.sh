#!/usr/bin/env bash
# Validates the generated OpenAPI documents with two independent, pinned validators:
# openapi-spec-validator (PyPI, pinned with the other Python tools by tools/python/requirements.txt) and
# Redocly CLI `lint` (npm, pinned by tools/redocly/package-lock.json).
# Both are installed into the git-ignored .tools/ folder on first use and reused while their pins are unchanged.
# Any validator error fails the script; warnings are printed and left (the README lists them with their reasons).
set -euo pipefail
cd "$(dirname "$0")/.."

TOOLS=.tools
FILES=(generated-client/openapi.json generated-client/openapi.yaml generated-client/openapi-3.0.json)

source .ci/python-tools.sh
install_python_tools
source .ci/npm-tool.sh
install_npm_tool redocly

echo "== openapi-spec-validator $("$TOOLS/venv/bin/python" -c 'import importlib.metadata as m; print(m.version("openapi-spec-validator"))')"
"$TOOLS/venv/bin/openapi-spec-validator" "${FILES[@]}"

echo "== redocly lint $("$TOOLS/redocly/node_modules/.bin/redocly" --version 2>/dev/null)"
# Under Node 20, Redocly prints a boxed "Node.js 20 support is ending" banner on stderr; only the box is dropped.
# The exit status is Redocly's (pipefail): 1 on any error, 0 when there are only warnings.
NO_UPDATE_NOTIFIER=1 REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true \
    "$TOOLS/redocly/node_modules/.bin/redocly" lint --extends=recommended --format=stylish "${FILES[@]}" 2>&1 |
    sed '/[║╔╚]/d'
