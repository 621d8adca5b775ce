/// The API contract is pinned: a change to the schema must come with `just schema`.
#[test]
fn checked_in_schema_matches_the_live_schema() {
    let path = tietolupa_test_support::repository_root().join("schema.graphql");
    let checked_in = std::fs::read_to_string(&path).expect("schema.graphql exists");
    let live = tietolupa_graphql::sdl();
    assert!(
        checked_in.trim_end() == live.trim_end(),
        "schema.graphql is stale; regenerate it with `just schema` and review the diff"
    );
}
