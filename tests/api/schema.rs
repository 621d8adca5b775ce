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

/// The permission matrix in the docs is generated from the code and must match it.
#[test]
fn permissions_document_matches_the_code() {
    let path = tietolupa_test_support::repository_root().join("docs/permissions.md");
    let checked_in = std::fs::read_to_string(&path).expect("docs/permissions.md exists");
    let live = tietolupa_domain::permission::matrix_markdown();
    assert!(
        checked_in.trim_end() == live.trim_end(),
        "docs/permissions.md is stale; regenerate it with `just permissions`"
    );
}
