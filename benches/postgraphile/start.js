// PostGraphile 4.14 as the public register benchmark's peer (`just bench`,
// docs/benchmarks.md): production mode, one cluster worker per core, no query log, no
// GraphiQL, no watch, over the schema `register_peer` that benches/register/peer.rs
// creates beside the product's tables. Configured by the environment:
// DATABASE_URL, PORT, WORKERS (default: the number of cores).
"use strict";
const os = require("os");

process.env.NODE_ENV = "production";
const workers = process.env.WORKERS || String(os.cpus().length);
process.argv = [
  process.argv[0],
  __filename, // cluster workers run this script again
  "--connection", process.env.DATABASE_URL,
  "--schema", "register_peer",
  "--host", "127.0.0.1",
  "--port", process.env.PORT || "5000",
  "--cluster-workers", workers,
  "--disable-query-log",
  "--disable-graphiql",
  "--dynamic-json",
  "--no-setof-functions-contain-nulls",
];
require("postgraphile/cli.js");
