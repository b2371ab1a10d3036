#!/usr/bin/env bash
# Install what the browser tests need, non-interactively, on a fresh machine (run as root in CI):
# Debian's Chromium (Playwright's own browser download cannot work here), Playwright's Python
# package, and axe-core from the npm registry into tests/browser/node_modules.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"

if [ ! -x /usr/bin/chromium ]; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi

"$VENV/bin/python" -c "import playwright" 2>/dev/null || "$VENV/bin/python" -m pip install --quiet "playwright>=1.40"

if [ ! -f tests/browser/node_modules/axe-core/axe.min.js ]; then
    (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
fi
