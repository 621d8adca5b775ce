# Tietolupa tasks. `just run` starts the whole app; `just test` runs every check CI runs.

set shell := ["bash", "-euo", "pipefail", "-c"]

# PostgreSQL server used by the tests (each test creates and drops its own database).
export TIETOLUPA_TEST_POSTGRES_URL := env_var_or_default("TIETOLUPA_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")

default:
    @just --list

# Run the API and the web app on SQLite (data/tietolupa.db), with demo data on first start.
run: web
    cargo run --bin tietolupa -- serve

# Every test and check: formatting, lints, the web app, and the Rust suites on SQLite and PostgreSQL.
test: fmt-check lint web-test web
    cargo nextest run --workspace --no-fail-fast

# Install the web app's packages when package-lock.json changed since the last install.
web-deps:
    #!/usr/bin/env bash
    set -euo pipefail
    cd web
    if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
        npm ci --no-audit --no-fund
    fi

# Build the web app into web/dist, skipped when the build is newer than every source.
web: web-deps
    #!/usr/bin/env bash
    set -euo pipefail
    cd web
    if [ -f dist/index.html ] && [ -z "$(find src public index.html package.json package-lock.json vite.config.ts tsconfig*.json -newer dist/index.html 2>/dev/null | head -n 1)" ]; then
        echo "web/dist is up to date"
    else
        npm run build
    fi

# The web app's type check and unit tests.
web-test: web-deps
    cd web && npm run typecheck && npm test

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

# Verify the audit log's hash chain of the configured database.
audit-verify:
    cargo run --quiet --bin tietolupa -- audit verify

# The whole-population cohort-filter benchmark (5.6 M codes, 300 k objections; several
# minutes). Needs PostgreSQL as for the tests, taskset and GNU time. Results: docs/benchmarks.md.
bench-cohort:
    cargo bench --bench cohort | tee target/bench-cohort.md

# The public register under load (100,000 decisions; PostgreSQL then SQLite; a few
# minutes). Needs wrk (apt-get install wrk) and PostgreSQL as for the tests. Results:
# docs/benchmarks.md.
bench:
    cargo bench --bench register | tee target/bench-register.md
