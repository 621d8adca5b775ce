#!/usr/bin/env bash
# Validates the open-data catalogue as DCAT-AP (`just dcat-validate`, part of `just test`).
#
# Starts the real server binary on a fresh SQLite database with demo data, fetches
# /api/catalogue.ttl, /api/catalogue.jsonld and /api/catalogue (both ways by Accept), and
# checks them with rdflib and pySHACL against the vendored DCAT-AP 3.0.1 shapes
# (tests/dcat/validate.py says what exactly). Installs rdflib and pySHACL, pinned, into
# target/dcat-venv on first use. About 10 s after the build.
set -euo pipefail
cd "$(dirname "$0")/../.."

RDFLIB_VERSION=7.6.0
PYSHACL_VERSION=0.40.1
PINS="rdflib==$RDFLIB_VERSION pyshacl==$PYSHACL_VERSION"
VENV=target/dcat-venv
# IRIs must be built from this, never from the address the request reached.
PUBLIC_URL=https://tietolupa.example.fi

mkdir -p target
if [ "$(cat "$VENV/pins" 2>/dev/null)" != "$PINS" ]; then
    echo "==> installing $PINS into $VENV"
    rm -rf "$VENV"
    python3 -m venv "$VENV"
    # shellcheck disable=SC2086 # the pins are separate arguments
    "$VENV/bin/pip" install --quiet $PINS
    echo "$PINS" >"$VENV/pins"
fi

cargo build --quiet --bin tietolupa

WORK=$(mktemp -d "$PWD/target/dcat-validate.XXXXXX")
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
# The catalogue is reference data, seeded whatever the demo settings; demo decisions and
# cases would only slow the start.
env -i PATH="$PATH" HOME="$HOME" \
    TIETOLUPA_MODE=dev \
    TIETOLUPA_LISTEN="127.0.0.1:$PORT" \
    TIETOLUPA_PUBLIC_URL="$PUBLIC_URL" \
    TIETOLUPA_DATA_DIR="$WORK/data" \
    TIETOLUPA_WEB_DIR="$WORK/no-web" \
    TIETOLUPA_DEMO_DECISIONS=0 \
    TIETOLUPA_DEMO_CASES=false \
    TIETOLUPA_LOG=warn \
    target/debug/tietolupa serve 2>"$WORK/server.log" &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true' EXIT

for _ in $(seq 1 120); do
    curl -sf "$BASE/readyz" >/dev/null && break
    kill -0 "$SERVER" 2>/dev/null || { cat "$WORK/server.log"; exit 1; }
    sleep 0.5
done
curl -sf "$BASE/readyz" >/dev/null

status=0
"$VENV/bin/python" tests/dcat/validate.py "$BASE" "$PUBLIC_URL" \
    tests/dcat/shapes/dcat-ap-3.0.1-SHACL.ttl || status=1
if grep -E "panicked" "$WORK/server.log"; then
    echo "the server log shows a panic" >&2
    status=1
fi
if [ "$status" -eq 0 ]; then
    rm -rf "$WORK"
else
    echo "server log kept in $WORK" >&2
fi
exit "$status"
