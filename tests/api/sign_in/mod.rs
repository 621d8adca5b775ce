//! Sign-in through OpenID Connect, against the real `oidc-provider` (tests/servers) and, for
//! the forged-token cases, a small provider of our own (`forged`), with a cookie-keeping
//! client that follows each redirect by hand.

mod forged;
mod round_trip;
mod sessions;

use reqwest::header::LOCATION;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};
use tietolupa_entity::audit_entry;
use tietolupa_test_support::oidc::{OidcProvider, PASSWORD, client_credentials};
use tietolupa_test_support::{Backend, TestApp};

/// The redirect URI the test provider accepts for any loopback port.
const CALLBACK: &str = "http://127.0.0.1/auth/callback";

/// The provider entries for the test provider: one per kind of user.
pub fn providers_json(issuer: &str) -> String {
    let entry = |kind: &str, extra: Value| {
        let (client_id, secret) = client_credentials(kind);
        let mut entry = json!({
            "id": kind, "kind": kind, "issuer": issuer,
            "name": { "fi": format!("{kind} fi"), "sv": format!("{kind} sv"), "en": format!("{kind} en") },
            "client_id": client_id, "client_secret": secret,
        });
        if let (Some(entry), Some(extra)) = (entry.as_object_mut(), extra.as_object()) {
            entry.extend(extra.clone());
        }
        entry
    };
    json!([
        entry(
            "staff",
            json!({ "role_mapping": {
            "tietolupa-handlers": "HANDLER",
            "tietolupa-directors": "DIRECTOR",
            "tietolupa-auditors": "AUDITOR",
            "tietolupa-objection-clerks": "REGISTRY_CLERK",
        } })
        ),
        entry("applicant", json!({})),
        entry("citizen", json!({})),
    ])
    .to_string()
}

/// A server configured with the real test provider.
pub struct SignInApp {
    pub provider: OidcProvider,
    pub app: TestApp,
}

impl SignInApp {
    pub async fn start(backend: Backend) -> SignInApp {
        SignInApp::start_with(backend, |_| {}).await
    }

    pub async fn start_with(
        backend: Backend,
        adjust: impl FnOnce(&mut Vec<(String, String)>),
    ) -> SignInApp {
        let provider = OidcProvider::start(&[CALLBACK.to_owned()]).await;
        let providers = providers_json(provider.issuer());
        let app = TestApp::spawn_with(backend, |vars| {
            vars.push(("TIETOLUPA_SIGN_IN_PROVIDERS".to_owned(), providers));
            adjust(vars);
        })
        .await;
        SignInApp { provider, app }
    }
}

/// A browser: keeps cookies, follows no redirect by itself.
pub struct Browser {
    pub client: reqwest::Client,
}

impl Browser {
    pub fn new() -> Browser {
        Browser {
            client: reqwest::Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("a client"),
        }
    }

    pub async fn get(&self, url: &str) -> reqwest::Response {
        self.client
            .get(url)
            .send()
            .await
            .expect("the server answers")
    }

    /// Starts at `/auth/login`, signs in at the provider's form as `username`, and returns
    /// the callback URL the provider sent the browser to (not yet visited).
    pub async fn through_provider(&self, app: &TestApp, provider: &str, username: &str) -> String {
        let start = app.url(&format!("/auth/login?provider={provider}&return=/after"));
        let mut url = location(&self.get(&start).await);
        for _ in 0..20 {
            if url.starts_with(&app.address) {
                return url;
            }
            let response = self.get(&url).await;
            if response.status().is_redirection() {
                url = absolute(&url, &location(&response));
                continue;
            }
            assert_eq!(response.status(), 200, "at {url}");
            // The provider's login form: `/interaction/<uid>` posts to `.../login`.
            let login = format!("{}/login", url.trim_end_matches('/'));
            let posted = self
                .client
                .post(&login)
                .form(&[("username", username), ("password", PASSWORD)])
                .send()
                .await
                .expect("the provider answers");
            assert!(
                posted.status().is_redirection(),
                "login: {}",
                posted.status()
            );
            url = absolute(&url, &location(&posted));
        }
        panic!("the provider did not send the browser back");
    }

    /// The whole round trip; the callback's answer.
    pub async fn sign_in(
        &self,
        app: &TestApp,
        provider: &str,
        username: &str,
    ) -> reqwest::Response {
        let callback = self.through_provider(app, provider, username).await;
        self.get(&callback).await
    }

    /// A GraphQL request with the session cookie and the CSRF header.
    pub async fn graphql(&self, app: &TestApp, query: &str, variables: Value) -> Value {
        self.client
            .post(app.url("/graphql"))
            .header("X-Tietolupa-Csrf", "1")
            .json(&json!({ "query": query, "variables": variables }))
            .send()
            .await
            .expect("the server answers")
            .json()
            .await
            .expect("a JSON body")
    }

    pub async fn me(&self, app: &TestApp) -> Value {
        self.graphql(
            app,
            "{ me { id name roles authenticated hasIdentityCode } }",
            json!({}),
        )
        .await["data"]["me"]
            .clone()
    }
}

pub fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get(LOCATION)
        .unwrap_or_else(|| panic!("a redirect, got {}", response.status()))
        .to_str()
        .expect("a text Location")
        .to_owned()
}

fn absolute(base: &str, location: &str) -> String {
    reqwest::Url::parse(base)
        .and_then(|b| b.join(location))
        .expect("a valid redirect")
        .to_string()
}

/// The session cookie a response set, if any.
pub fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("tietolupa_session=") && !v.contains("Max-Age=0"))
        .map(str::to_owned)
}

/// The last audit entry of `action`: its outcome and reason.
pub async fn last_audit(app: &TestApp, action: &str) -> (String, Option<String>) {
    let entry = audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq(action))
        .order_by_desc(audit_entry::Column::Seq)
        .one(app.db.raw_connection_for_tests())
        .await
        .expect("read the audit log")
        .unwrap_or_else(|| panic!("no {action} audit entry"));
    (entry.outcome, entry.reason)
}

/// A refused callback: an error page (in `language`), no session cookie, an audit entry
/// with `reason`.
pub async fn assert_refused(
    app: &TestApp,
    response: reqwest::Response,
    reason: &str,
    language: &str,
) {
    assert!(
        response.status().is_client_error() || response.status().is_server_error(),
        "{}",
        response.status()
    );
    assert!(
        session_cookie(&response).is_none(),
        "a refused sign-in set a cookie"
    );
    let html = response.text().await.expect("a page");
    assert!(html.contains(&format!("lang=\"{language}\"")), "{html}");
    assert!(!html.contains("010180"), "{html}");
    assert_eq!(
        last_audit(app, "session.sign_in").await,
        ("DENIED".to_owned(), Some(reason.to_owned()))
    );
}
