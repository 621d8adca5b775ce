#!/usr/bin/env bash
# Property-based fuzzing of the GraphQL API with schemathesis (`just fuzz-api`).
#
# Starts the real server binary on a fresh SQLite database with demo data, then runs
# schemathesis against /graphql three times, anonymously, as a handler and as an applicant
# (development tokens),
# with a fixed seed and a bounded number of examples per operation. Fails on any 5xx, any
# GraphQL error with `extensions.code == "INTERNAL"` or without a code
# (tests/fuzz/hooks.py), and any panic or uncoded resolver error in the server log.
#
# FUZZ_EXAMPLES (examples per operation, default 60) and FUZZ_SEED (default 20261123)
# override the bounds; docs/reliability.md records a run.
set -euo pipefail
cd "$(dirname "$0")/../.."

SCHEMATHESIS_VERSION=4.32.5
EXAMPLES=${FUZZ_EXAMPLES:-60}
SEED=${FUZZ_SEED:-20261123}
VENV=target/fuzz-venv

if ! "$VENV/bin/st" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
    echo "==> installing schemathesis $SCHEMATHESIS_VERSION into $VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet "schemathesis==$SCHEMATHESIS_VERSION"
fi

PYTHONPATH=tests/fuzz "$VENV/bin/python" -c 'import hooks; hooks.self_test()'
cargo build --quiet --bin tietolupa

WORK=$(mktemp -d "$PWD/target/fuzz-api.XXXXXX")
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
# Generous rate limits: the fuzzer is one anonymous client sending thousands of requests.
env -i PATH="$PATH" HOME="$HOME" \
    TIETOLUPA_MODE=dev \
    TIETOLUPA_LISTEN="127.0.0.1:$PORT" \
    TIETOLUPA_DATA_DIR="$WORK/data" \
    TIETOLUPA_WEB_DIR="$WORK/no-web" \
    TIETOLUPA_DEMO_DECISIONS=20 \
    TIETOLUPA_RATE_LIMIT_ANONYMOUS_PER_MINUTE=1000000 \
    TIETOLUPA_RATE_LIMIT_ANONYMOUS_BURST=1000000 \
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

token() {
    curl -sf "$BASE/dev/token" -H 'content-type: application/json' -d "{\"sub\":\"$1\"}" |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])'
}
HANDLER_TOKEN=$(token demo-handler-1)
APPLICANT_TOKEN=$(token demo-applicant-researcher)

run() { # run LABEL [ST OPTIONS...]
    local label=$1
    shift
    echo "==> schemathesis: $label ($EXAMPLES examples per operation, seed $SEED)"
    SCHEMATHESIS_HOOKS=hooks PYTHONPATH=tests/fuzz "$VENV/bin/st" run "$BASE/graphql" \
        --checks no_internal_error \
        --max-examples "$EXAMPLES" \
        --seed "$SEED" \
        --generation-database none \
        --workers 2 \
        --request-timeout 30 \
        --no-color \
        --report junit --report-dir "$WORK/report-$label" \
        "$@"
}

started=$(date +%s)
status=0
run anonymous || status=1
run handler -H "Authorization: Bearer $HANDLER_TOKEN" || status=1
# Applicants create and edit drafts, so random input reaches the domain's validation.
run applicant -H "Authorization: Bearer $APPLICANT_TOKEN" || status=1
echo "==> schemathesis took $(($(date +%s) - started)) s"

if grep -E "panicked|resolver error without a code" "$WORK/server.log"; then
    echo "the server log shows a panic or an uncoded resolver error" >&2
    status=1
fi
if [ "$status" -eq 0 ]; then
    rm -rf "$WORK"
else
    echo "server log and reports kept in $WORK" >&2
fi
exit "$status"
