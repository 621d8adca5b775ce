//! The relying party of one OpenID Connect provider: authorization code flow with PKCE as
//! a confidential client, ID tokens validated by the `openidconnect` crate (discovery, JWKS,
//! nonce, issuer, audience, expiry), refresh, and RP-initiated logout.
//!
//! Only the asymmetric algorithms the provider advertises are accepted for ID tokens:
//! `alg: none` never verifies, and neither does an HMAC "signed" with a public key (or with
//! the client secret, which HS256 would use).

mod claims;

use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use openidconnect::core::{
    CoreAuthDisplay, CoreAuthPrompt, CoreAuthenticationFlow, CoreErrorResponseType,
    CoreGenderClaim, CoreJsonWebKey, CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm,
    CoreRevocableToken, CoreRevocationErrorResponse, CoreTokenIntrospectionResponse, CoreTokenType,
};
use openidconnect::{
    AuthorizationCode, Client, ClientId, ClientSecret, CsrfToken, EmptyExtraTokenFields,
    EndSessionUrl, EndpointMaybeSet, EndpointNotSet, EndpointSet, IdTokenFields, IssuerUrl,
    LogoutRequest, Nonce, OAuth2TokenResponse, PkceCodeChallenge, PkceCodeVerifier,
    PostLogoutRedirectUrl, ProviderMetadataWithLogout, RedirectUrl, RefreshToken, Scope,
    StandardErrorResponse, StandardTokenResponse, TokenResponse,
};

use claims::ExtraClaims;
pub use claims::ProviderClaims;

type IdFields = IdTokenFields<
    ExtraClaims,
    EmptyExtraTokenFields,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm,
>;
type Tokens = StandardTokenResponse<IdFields, CoreTokenType>;
type RelyingParty = Client<
    ExtraClaims,
    CoreAuthDisplay,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJsonWebKey,
    CoreAuthPrompt,
    StandardErrorResponse<CoreErrorResponseType>,
    Tokens,
    CoreTokenIntrospectionResponse,
    CoreRevocableToken,
    CoreRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// How long discovery (and so the JWKS) is reused before it is fetched again.
const DISCOVERY_TTL: Duration = Duration::from_secs(15 * 60);
/// Clock skew tolerated on an ID token's `iat`.
const IAT_LEEWAY_SECONDS: i64 = 60;
/// An ID token issued longer ago than this is not a fresh answer to our request.
const IAT_MAX_AGE_SECONDS: i64 = 10 * 60;

const IAT_OUT_OF_RANGE: &str = "iat out of range";

/// What a provider is to us: where it is and who we are to it.
pub struct ProviderSpec {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    pub redirect_uri: String,
    pub scopes: Vec<String>,
}

/// Why a provider cannot be set up; found at start-up.
#[derive(Debug, thiserror::Error)]
pub enum OidcSetupError {
    #[error("`{field}` is not a valid URL")]
    Url { field: &'static str },
    #[error("HTTP client: {0}")]
    Http(String),
}

/// Why a sign-in or refresh was refused. [`SignInRefused::reason`] is the short reason
/// audited; no variant holds a token, code or claim value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignInRefused {
    #[error("the provider could not be reached or its metadata is unusable")]
    Discovery,
    #[error("the provider refused the code")]
    TokenExchange,
    #[error("the provider sent no ID token")]
    NoIdToken,
    #[error("the ID token has expired")]
    Expired,
    #[error("the ID token was issued in the future or too long ago")]
    IssuedAt,
    #[error("the ID token's issuer is not the provider")]
    Issuer,
    #[error("the ID token is not for this client")]
    Audience,
    #[error("the ID token's nonce does not match")]
    Nonce,
    #[error("the ID token's signature or algorithm is not accepted")]
    Signature,
    #[error("the ID token is not valid")]
    Invalid,
}

impl SignInRefused {
    pub fn reason(&self) -> &'static str {
        match self {
            SignInRefused::Discovery => "provider_unreachable",
            SignInRefused::TokenExchange => "token_exchange_failed",
            SignInRefused::NoIdToken => "no_id_token",
            SignInRefused::Expired => "id_token_expired",
            SignInRefused::IssuedAt => "id_token_issued_at",
            SignInRefused::Issuer => "id_token_issuer",
            SignInRefused::Audience => "id_token_audience",
            SignInRefused::Nonce => "id_token_nonce",
            SignInRefused::Signature => "id_token_signature",
            SignInRefused::Invalid => "id_token_invalid",
        }
    }
}

/// Where to send the browser, and what the callback will need to finish.
pub struct AuthorizationRequest {
    pub url: String,
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
}

/// A verified sign-in: the ID token's claims and the refresh token, if any.
pub struct VerifiedTokens {
    pub claims: ProviderClaims,
    pub refresh_token: Option<String>,
}

struct Discovered {
    client: RelyingParty,
    algorithms: Vec<CoreJwsSigningAlgorithm>,
    end_session: Option<EndSessionUrl>,
    at: Instant,
}

/// One provider's relying party. Discovery happens on first use (so the server starts
/// while a provider is down) and is renewed every [`DISCOVERY_TTL`].
pub struct OidcClient {
    issuer: IssuerUrl,
    client_id: ClientId,
    client_secret: ClientSecret,
    redirect_uri: RedirectUrl,
    scopes: Vec<String>,
    http: reqwest::Client,
    discovered: RwLock<Option<Arc<Discovered>>>,
}

impl OidcClient {
    pub fn new(spec: ProviderSpec) -> Result<OidcClient, OidcSetupError> {
        let issuer =
            IssuerUrl::new(spec.issuer).map_err(|_| OidcSetupError::Url { field: "issuer" })?;
        let redirect_uri =
            RedirectUrl::new(spec.redirect_uri).map_err(|_| OidcSetupError::Url {
                field: "redirect_uri",
            })?;
        // No redirects: a provider's endpoint must answer itself (SSRF through redirects).
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| OidcSetupError::Http(e.to_string()))?;
        Ok(OidcClient {
            issuer,
            client_id: ClientId::new(spec.client_id),
            client_secret: ClientSecret::new(spec.client_secret),
            redirect_uri,
            scopes: spec.scopes,
            http,
            discovered: RwLock::new(None),
        })
    }

    async fn discovered(&self) -> Result<Arc<Discovered>, SignInRefused> {
        if let Ok(guard) = self.discovered.read()
            && let Some(d) = guard.as_ref()
            && d.at.elapsed() < DISCOVERY_TTL
        {
            return Ok(d.clone());
        }
        let metadata = ProviderMetadataWithLogout::discover_async(self.issuer.clone(), &self.http)
            .await
            .map_err(|e| {
                tracing::warn!(issuer = %self.issuer.as_str(), error = %e, "OpenID discovery failed");
                SignInRefused::Discovery
            })?;
        let algorithms: Vec<CoreJwsSigningAlgorithm> = metadata
            .id_token_signing_alg_values_supported()
            .iter()
            .filter(|alg| is_asymmetric(alg))
            .cloned()
            .collect();
        if algorithms.is_empty() {
            tracing::warn!(issuer = %self.issuer.as_str(), "the provider offers no asymmetric ID token algorithm");
            return Err(SignInRefused::Discovery);
        }
        let end_session = metadata.additional_metadata().end_session_endpoint.clone();
        let client = RelyingParty::from_provider_metadata(
            metadata,
            self.client_id.clone(),
            Some(self.client_secret.clone()),
        )
        .set_redirect_uri(self.redirect_uri.clone());
        let discovered = Arc::new(Discovered {
            client,
            algorithms,
            end_session,
            at: Instant::now(),
        });
        if let Ok(mut guard) = self.discovered.write() {
            *guard = Some(discovered.clone());
        }
        Ok(discovered)
    }

    /// A fresh state, nonce and PKCE pair, and the provider's URL with them.
    pub async fn authorization(&self) -> Result<AuthorizationRequest, SignInRefused> {
        let discovered = self.discovered().await?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = discovered.client.authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        );
        for scope in self.scopes.iter().filter(|s| *s != "openid") {
            request = request.add_scope(Scope::new(scope.clone()));
        }
        let (url, state, nonce) = request.set_pkce_challenge(challenge).url();
        Ok(AuthorizationRequest {
            url: url.to_string(),
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            pkce_verifier: verifier.secret().clone(),
        })
    }

    /// Exchanges the code (with the PKCE verifier) and verifies the ID token against the
    /// attempt's nonce.
    pub async fn exchange(
        &self,
        code: &str,
        pkce_verifier: &str,
        nonce: &str,
    ) -> Result<VerifiedTokens, SignInRefused> {
        let discovered = self.discovered().await?;
        let request = discovered
            .client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .map_err(|_| SignInRefused::Discovery)?
            .set_pkce_verifier(PkceCodeVerifier::new(pkce_verifier.to_owned()));
        let tokens = request.request_async(&self.http).await.map_err(|e| {
            tracing::info!(error = %e, "token exchange refused");
            SignInRefused::TokenExchange
        })?;
        let expected = Nonce::new(nonce.to_owned());
        self.verified(&discovered, &tokens, Some(&expected))
    }

    /// Uses a refresh token: the new ID token's claims (its roles), and the rotated refresh
    /// token if the provider sent one.
    pub async fn refresh(&self, refresh_token: &str) -> Result<VerifiedTokens, SignInRefused> {
        let discovered = self.discovered().await?;
        let token = RefreshToken::new(refresh_token.to_owned());
        let tokens = discovered
            .client
            .exchange_refresh_token(&token)
            .map_err(|_| SignInRefused::Discovery)?
            .request_async(&self.http)
            .await
            .map_err(|e| {
                tracing::info!(error = %e, "refresh refused");
                SignInRefused::TokenExchange
            })?;
        self.verified(&discovered, &tokens, None)
    }

    fn verified(
        &self,
        discovered: &Discovered,
        tokens: &Tokens,
        nonce: Option<&Nonce>,
    ) -> Result<VerifiedTokens, SignInRefused> {
        let id_token = tokens.id_token().ok_or(SignInRefused::NoIdToken)?;
        let now = chrono::Utc::now();
        let verifier = discovered
            .client
            .id_token_verifier()
            .set_allowed_algs(discovered.algorithms.iter().cloned())
            .set_issue_time_verifier_fn(move |iat| {
                let age = (now - iat).num_seconds();
                if !(-IAT_LEEWAY_SECONDS..=IAT_MAX_AGE_SECONDS).contains(&age) {
                    Err(IAT_OUT_OF_RANGE.to_owned())
                } else {
                    Ok(())
                }
            });
        let claims = match nonce {
            Some(nonce) => id_token.claims(&verifier, nonce),
            // A refreshed ID token carries no nonce (OpenID Connect Core 12.2).
            None => id_token.claims(&verifier, |_: Option<&Nonce>| Ok(())),
        }
        .map_err(refused)?;
        Ok(VerifiedTokens {
            claims: ProviderClaims::from_id_token(claims),
            refresh_token: tokens.refresh_token().map(|t| t.secret().clone()),
        })
    }

    /// The provider's end-session URL for RP-initiated logout, coming back to
    /// `post_logout_redirect`; `None` if the provider has none.
    pub async fn end_session_url(&self, post_logout_redirect: &str) -> Option<String> {
        let discovered = self.discovered().await.ok()?;
        let endpoint = discovered.end_session.clone()?;
        let mut request = LogoutRequest::from(endpoint).set_client_id(self.client_id.clone());
        if let Ok(uri) = PostLogoutRedirectUrl::new(post_logout_redirect.to_owned()) {
            request = request.set_post_logout_redirect_uri(uri);
        }
        Some(request.http_get_url().to_string())
    }
}

fn is_asymmetric(alg: &CoreJwsSigningAlgorithm) -> bool {
    use CoreJwsSigningAlgorithm as A;
    matches!(
        alg,
        A::RsaSsaPkcs1V15Sha256
            | A::RsaSsaPkcs1V15Sha384
            | A::RsaSsaPkcs1V15Sha512
            | A::RsaSsaPssSha256
            | A::RsaSsaPssSha384
            | A::RsaSsaPssSha512
            | A::EcdsaP256Sha256
            | A::EcdsaP384Sha384
            | A::EcdsaP521Sha512
            | A::EdDsa
    )
}

fn refused(error: openidconnect::ClaimsVerificationError) -> SignInRefused {
    use openidconnect::ClaimsVerificationError as E;
    tracing::info!(error = %error, "ID token refused");
    match error {
        // The issue-time check above reports through `Expired` with its own message.
        E::Expired(message) if message == IAT_OUT_OF_RANGE => SignInRefused::IssuedAt,
        E::Expired(_) => SignInRefused::Expired,
        E::InvalidAudience(_) => SignInRefused::Audience,
        E::InvalidIssuer(_) => SignInRefused::Issuer,
        E::InvalidNonce(_) => SignInRefused::Nonce,
        E::SignatureVerification(_) => SignInRefused::Signature,
        _ => SignInRefused::Invalid,
    }
}
