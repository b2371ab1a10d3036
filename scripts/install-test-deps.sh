#!/usr/bin/env bash
# Install what the browser tests need, non-interactively, on a fresh machine (run as root in CI):
# Debian's Chromium (Playwright's own browser download cannot work here) and a Java runtime (for the
# W3C's HTML checker), Playwright's Python package, and axe-core and vnu-jar (the Nu Html Checker) from
# the npm registry into tests/browser/node_modules.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"

MISSING=""
[ -x /usr/bin/chromium ] || MISSING="chromium"
command -v java >/dev/null || MISSING="$MISSING default-jre-headless"
if [ -n "$MISSING" ]; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends $MISSING >/dev/null
fi

"$VENV/bin/python" -c "import playwright" 2>/dev/null || "$VENV/bin/python" -m pip install --quiet "playwright>=1.40"

if [ ! -f tests/browser/node_modules/axe-core/axe.min.js ] || [ ! -f tests/browser/node_modules/vnu-jar/build/dist/vnu.jar ]; then
    (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
fi
