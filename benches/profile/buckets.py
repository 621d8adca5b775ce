"""CPU of one request by component, from perf stacks folded by inferno-collapse-perf.

Usage (docs/benchmarks.md, "A read path near the limit"):
  perf record -F 499 --call-graph dwarf,32768 -p <server pid> -o perf.data -- sleep 8
  perf script -i perf.data | inferno-collapse-perf > stacks.folded
  python3 benches/profile/buckets.py stacks.folded

Each stack counts once, in the first bucket any of whose patterns one of its frames
contains, in the order below (so a store call made inside a resolver counts as store).
"""
import sys,collections
buckets=[
 ("serialise the answer (serde_json of the GraphQL value)", ["value_serde","async_graphql::response::_::","serde_json::ser::to_vec","serde_json::ser::to_writer"]),
 ("plain walk: build the GraphQL value of the nodes", ["tietolupa_graphql::plain::"]),
 ("store: decode rows (SeaORM/sqlx), registers JSON", ["from_query_result","RegisterRow","TryGetable","sqlx_core::row::Row::try_get","names_or_one","serde_json::value::de"]),
 ("store: rows to domain values", ["to_public"]),
 ("GraphQL objects from store values (PublishedDecision::new, cursors)", ["PublishedDecision::new","keyset_connection","cursor::encode"]),
 ("database I/O (sqlx, PostgreSQL protocol)", ["sqlx_core","sqlx_postgres","sea_orm::"]),
 ("GraphQL: connection, edges, extensions, execution", ["async_graphql::"]),
 ("HTTP: hyper, axum routing, middleware, headers", ["hyper::","axum::","tower","tower_http"]),
 ("tokio scheduler, kernel, other", [""]),
]
tot=0; c=collections.Counter()
for line in open(sys.argv[1]):
    st,_,n=line.rstrip().rpartition(' '); n=int(n); tot+=n
    frames=st.split(';')
    chosen=next((name for name,pats in buckets[:-1]
                 if any(p in f for f in frames for p in pats)),buckets[-1][0])
    c[chosen]+=n
for name,_ in buckets:
    print(f"{100*c[name]/tot:5.1f}% {name}")
