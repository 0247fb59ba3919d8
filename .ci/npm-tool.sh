# Sourced by the CI scripts: installs a pinned npm tool into the git-ignored .tools/.
# install_npm_tool NAME: tools/NAME/{package.json,package-lock.json} → .tools/NAME, reinstalled only when the lockfile changes.
install_npm_tool() {
    local name=$1 lock="tools/$1/package-lock.json" dest=".tools/$1"
    if [[ -f "$dest/.pins" ]] && cmp -s "$lock" "$dest/.pins"; then
        return 0
    fi
    echo "== installing $(sed -n 's/.*"name": *"\([^"]*\)".*/\1/p' "tools/$name/package.json" | head -n 1) dependencies into $dest"
    rm -rf "$dest"
    mkdir -p "$dest"
    cp "tools/$name/package.json" "$lock" "$dest/"
    npm ci --prefix "$dest" --ignore-scripts --no-audit --no-fund --loglevel=error
    cp "$lock" "$dest/.pins"
}
