//! The test OpenID provider starts, serves discovery and lets a test change groups.

use serde_json::Value;
use tietolupa_test_support::oidc::OidcProvider;

#[tokio::test]
async fn the_test_provider_serves_discovery_and_changes_groups() {
    let provider = OidcProvider::start(&["http://127.0.0.1/auth/callback".to_owned()]).await;
    assert!(provider.issuer().starts_with("http://127.0.0.1:"));

    let discovery: Value = reqwest::get(format!(
        "{}/.well-known/openid-configuration",
        provider.issuer()
    ))
    .await
    .expect("discovery answers")
    .json()
    .await
    .expect("discovery is JSON");
    assert_eq!(discovery["issuer"], provider.issuer());
    assert_eq!(discovery["code_challenge_methods_supported"][0], "S256");
    assert!(discovery["end_session_endpoint"].is_string());

    provider
        .set_groups("handler", &["tietolupa-directors"])
        .await;
    let unknown = reqwest::Client::new()
        .post(format!("{}/test/users/nobody/groups", provider.issuer()))
        .json(&["x"])
        .send()
        .await
        .expect("the provider answers");
    assert_eq!(unknown.status(), 404);
    provider.stop().await;
}
