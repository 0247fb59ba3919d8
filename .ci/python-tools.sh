# Sourced by the CI scripts: installs the pinned Python tools (tools/python/requirements.txt) into the
# git-ignored .tools/venv, one venv for all of them, reinstalled only when the pin file changes.
install_python_tools() {
    local pins=tools/python/requirements.txt venv=.tools/venv
    if [[ -f "$venv/.pins" ]] && cmp -s "$pins" "$venv/.pins"; then
        return 0
    fi
    echo "== installing the Python tools of $pins into $venv"
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps --require-virtualenv -r "$pins"
    cp "$pins" "$venv/.pins"
}
