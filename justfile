# Tietolupa tasks. `just run` starts the whole app; `just test` runs every check CI runs.

set shell := ["bash", "-euo", "pipefail", "-c"]

# PostgreSQL server used by the tests (each test creates and drops its own database).
export TIETOLUPA_TEST_POSTGRES_URL := env_var_or_default("TIETOLUPA_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")

default:
    @just --list

# Run the API and the web app on SQLite (data/tietolupa.db), with demo data on first start.
run: web
    cargo run --bin tietolupa -- serve

# The app signing in through a real local OpenID provider (tests/servers/oidc-provider.mjs) with
# its demo users (handler, director, auditor, clerk, applicant, citizen; password `demo`), on
# SQLite with demo data in data/oidc. Open http://127.0.0.1:8080/sign-in. Ctrl-C stops both.
run-oidc: web servers-deps
    cargo build --bin tietolupa
    node tests/servers/run-oidc.mjs

# Every test and check: formatting, lints, unused dependencies, the web app, the Rust suites on
# SQLite and PostgreSQL, the fault tests on the local cluster, then the browser tests. A
# snapshot mismatch fails; outside CI insta also writes the new snapshot beside the old one as
# `.snap.new` for `cargo insta review`.
test: fmt-check lint machete web-test web servers-deps
    cargo nextest run --workspace --no-fail-fast
    just test-cluster
    just dcat-validate
    just fuzz-api
    just web-e2e

# Fuzz the GraphQL API with schemathesis against the real binary, anonymously, as a handler
# and as an applicant (~2 min; FUZZ_EXAMPLES and FUZZ_SEED override the bounds). Installs
# schemathesis into target/fuzz-venv on first use.
fuzz-api:
    tests/fuzz/api.sh

# Validate the open-data catalogue (/api/catalogue.ttl and .jsonld) against the official
# DCAT-AP 3.0.1 SHACL shapes (tests/dcat/shapes) with rdflib and pySHACL, on the real binary
# (~10 s after the build). Installs them, pinned, into target/dcat-venv on first use.
dcat-validate:
    tests/dcat/validate.sh

# Install the web app's packages when package-lock.json changed since the last install.
web-deps:
    #!/usr/bin/env bash
    set -euo pipefail
    cd web
    if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
        # Browser tests use Debian's Chromium; never download one.
        PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
    fi

# Install the test servers' packages (tests/servers: the OpenID provider and the SMTP server
# the tests start) when package-lock.json changed since the last install.
servers-deps:
    #!/usr/bin/env bash
    set -euo pipefail
    cd tests/servers
    if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
        npm ci --no-audit --no-fund
    fi

# Build the web app into web/dist, skipped when the build is newer than every source.
web: web-deps
    #!/usr/bin/env bash
    set -euo pipefail
    cd web
    if [ -f dist/index.html ] && [ -z "$(find src public index.html package.json package-lock.json vite.config.ts codegen.ts scripts ../schema.graphql tsconfig*.json -newer dist/index.html 2>/dev/null | head -n 1)" ]; then
        echo "web/dist is up to date"
    else
        npm run build
    fi

# The web app's generated-types check, type check, CSS lint (Stylelint) and unit tests.
web-test: web-deps
    cd web && npm run codegen:check && npm run typecheck && npm run lint:css && npm test

# Browser tests: Chromium (CHROMIUM_PATH, default /usr/bin/chromium) against the real server on
# a fresh SQLite database, signing in through the real OpenID provider of tests/servers too.
# Extra arguments go to Playwright, e.g. `just web-e2e e2e/foundation.spec.ts`.
web-e2e *ARGS: web servers-deps
    cargo build --bin tietolupa
    cd web && npx playwright test {{ARGS}}

# The broken-stylesheet check is skipped while updating, so it can never become a baseline;
# review the new images before committing them.
# Regenerate the visual baselines of e2e/visual.spec.ts (web/e2e/__screenshots__).
visual-update: web servers-deps
    cargo build --bin tietolupa
    cd web && npx playwright test e2e/visual.spec.ts --update-snapshots

# Screenshots of each main page in Finnish and English into docs/screenshots/ (real server, demo
# users; journeys not built yet are skipped), then the README's list of them.
screenshots: web document-screenshots
    #!/usr/bin/env bash
    set -uo pipefail
    cargo build --bin tietolupa || exit 1
    (cd web && npx playwright test --config playwright.screenshots.config.ts); status=$?
    # List what exists even when one journey's screenshots failed; still report the failure.
    node web/scripts/screenshots-readme.mjs
    exit $status

# The first page of a permit decision's document (full version) in Finnish and English, as
# PNG (poppler's pdftoppm), into docs/screenshots/decision-document-{fi,en}.png.
document-screenshots:
    #!/usr/bin/env bash
    set -euo pipefail
    dir=$(mktemp -d)
    trap 'rm -rf "$dir"' EXIT
    cargo run --quiet -p tietolupa-decision-document --example render_example -- "$dir"
    for language in fi en; do
        pdftoppm -png -r 90 -f 1 -l 1 -singlefile "$dir/decision-$language-full.pdf" \
            "docs/screenshots/decision-document-$language"
    done

# The production topology on this machine: a PostgreSQL primary and a pg_basebackup standby,
# two instances and HAProxy in front (http://127.0.0.1:18080), under target/cluster. Ctrl-C
# stops all of it. deploy/local-cluster.sh start|stop|status does the same in steps.
cluster: web
    cargo build --bin tietolupa
    deploy/local-cluster.sh run

# The fault tests on the local cluster (tests/api/cluster.rs): an instance killed under load,
# the standby stopped, the primary stopped, the standby promoted. Needs haproxy and the
# PostgreSQL server binaries; a few minutes.
test-cluster:
    cargo build --bin tietolupa
    cargo nextest run --test api --run-ignored only -E 'test(/^cluster::/)' --no-fail-fast

# The cluster's figures: one instance direct against two behind HAProxy (register cache on
# and off), database connections, and an instance killed under load (a few minutes). Needs
# wrk, haproxy and the PostgreSQL server binaries. Results: docs/benchmarks.md.
bench-cluster:
    cargo bench --bench cluster | tee target/bench-cluster.md

# Regenerate schema.graphql from the code (review the diff: it is the API contract).
schema:
    cargo run --quiet --bin tietolupa -- schema > schema.graphql

# Regenerate docs/permissions.md from the permission table in the domain crate.
permissions:
    cargo run --quiet --bin tietolupa -- permissions > docs/permissions.md

fmt:
    cargo fmt --all

fmt-check:
    cargo fmt --all -- --check

lint:
    cargo clippy --workspace --all-targets -- -D warnings

# Fails on a dependency no crate uses (`cargo install cargo-machete --locked`). A false
# positive goes into `[package.metadata.cargo-machete] ignored` with the reason beside it.
# It reads [dependencies] only, not [dev-dependencies].
machete:
    cargo machete

# Verify the audit log's hash chain of the configured database.
audit-verify:
    cargo run --quiet --bin tietolupa -- audit verify

# The whole-population cohort-filter benchmark (5.6 M codes, 300 k objections; several
# minutes). Needs PostgreSQL as for the tests, taskset and GNU time. Results: docs/benchmarks.md.
bench-cohort:
    cargo bench --bench cohort_filter | tee target/bench-cohort.md

# Filter and pseudonymise a 5.6 M-row, 6-column dataset against 300 k objections: the
# command, the API and PostgreSQL with pgcrypto side by side (several minutes). Needs
# PostgreSQL as for the tests, taskset, curl and GNU time. Results: docs/benchmarks.md.
bench-preparation:
    cargo bench --bench preparation | tee target/bench-preparation.md

# Render a typical permit decision (full and public, fi and en) 100 times each on one core
# (taskset -c 0): median and p95 against the 100 ms target. Results: docs/benchmarks.md.
bench-document:
    cargo bench --bench decision_document | tee target/bench-document.md

# The audit log's Merkle tree: 100,000 appends against the chain alone (same run,
# alternating rounds), and inclusion proofs in a 10 M-leaf tree through the store and the
# server; PostgreSQL then SQLite (about 15 minutes, 12 GB of scratch databases). Needs
# PostgreSQL as for the tests. Results: docs/benchmarks.md.
bench-audit:
    cargo bench --bench audit_log | tee target/bench-audit.md

# The public register under load (100,000 decisions; PostgreSQL then SQLite; the bare
# limit and PostGraphile 4.14 as the peer; a few minutes). Needs wrk (apt-get install wrk),
# Node.js and PostgreSQL as for the tests; installs PostGraphile (npm ci in
# benches/postgraphile) on first use. Results: docs/benchmarks.md.
bench:
    [ -d benches/postgraphile/node_modules/postgraphile ] || (cd benches/postgraphile && npm ci --no-audit --no-fund)
    cargo bench --bench register | tee target/bench-register.md
    cargo bench --bench queue | tee target/bench-queue.md
