//! The page a refused sign-in shows, in the user's language. It says what happened in
//! words a user understands and offers a way back; the reason itself is in the audit log.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use tietolupa_domain::sign_in::UiLanguage;

/// What went wrong, as far as the user needs to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// The link back from the provider is not one we sent (missing, unknown or used state).
    InvalidRequest,
    /// Too long at the provider.
    Expired,
    /// The provider's answer did not check out.
    ProviderAnswer,
    /// The provider could not be reached.
    Unavailable,
    /// Signed in at the provider, but with no role here.
    NoAccess,
    /// The identity code from the provider is not valid.
    IdentityCode,
    /// A `return` address that is not on this site.
    ReturnAddress,
    UnknownProvider,
}

fn text(problem: Problem, language: UiLanguage) -> (&'static str, &'static str) {
    use Problem as P;
    use UiLanguage as L;
    match (problem, language) {
        (P::InvalidRequest, L::Fi) => (
            "Kirjautuminen epäonnistui",
            "Kirjautumispyyntö oli virheellinen tai jo käytetty. Aloita kirjautuminen alusta.",
        ),
        (P::InvalidRequest, L::Sv) => (
            "Inloggningen misslyckades",
            "Inloggningsbegäran var felaktig eller redan använd. Börja om inloggningen.",
        ),
        (P::InvalidRequest, L::En) => (
            "Sign-in failed",
            "The sign-in request was invalid or already used. Please start signing in again.",
        ),
        (P::Expired, L::Fi) => (
            "Kirjautuminen vanheni",
            "Kirjautuminen kesti liian kauan. Aloita kirjautuminen alusta.",
        ),
        (P::Expired, L::Sv) => (
            "Inloggningen gick ut",
            "Inloggningen tog för lång tid. Börja om inloggningen.",
        ),
        (P::Expired, L::En) => (
            "Sign-in expired",
            "Signing in took too long. Please start again.",
        ),
        (P::ProviderAnswer, L::Fi) => (
            "Kirjautuminen epäonnistui",
            "Tunnistuspalvelun vastausta ei voitu hyväksyä. Yritä uudelleen.",
        ),
        (P::ProviderAnswer, L::Sv) => (
            "Inloggningen misslyckades",
            "Svaret från identifieringstjänsten kunde inte godkännas. Försök igen.",
        ),
        (P::ProviderAnswer, L::En) => (
            "Sign-in failed",
            "The identity provider's answer could not be accepted. Please try again.",
        ),
        (P::Unavailable, L::Fi) => (
            "Tunnistuspalvelu ei vastaa",
            "Tunnistuspalveluun ei saatu yhteyttä. Yritä hetken kuluttua uudelleen.",
        ),
        (P::Unavailable, L::Sv) => (
            "Identifieringstjänsten svarar inte",
            "Identifieringstjänsten kunde inte nås. Försök igen om en stund.",
        ),
        (P::Unavailable, L::En) => (
            "Identity provider unavailable",
            "The identity provider could not be reached. Please try again shortly.",
        ),
        (P::NoAccess, L::Fi) => (
            "Ei käyttöoikeutta",
            "Tunnuksellasi ei ole käyttöoikeutta Tietolupaan. Ota yhteys pääkäyttäjään.",
        ),
        (P::NoAccess, L::Sv) => (
            "Ingen behörighet",
            "Ditt konto har ingen behörighet till Tietolupa. Kontakta administratören.",
        ),
        (P::NoAccess, L::En) => (
            "No access",
            "Your account has no access to Tietolupa. Please contact the administrator.",
        ),
        (P::IdentityCode, L::Fi) => (
            "Henkilötunnus ei kelpaa",
            "Tunnistuspalvelun antama henkilötunnus ei ole kelvollinen, joten kirjautuminen keskeytettiin.",
        ),
        (P::IdentityCode, L::Sv) => (
            "Personbeteckningen godkänns inte",
            "Personbeteckningen från identifieringstjänsten är inte giltig, så inloggningen avbröts.",
        ),
        (P::IdentityCode, L::En) => (
            "Identity code not accepted",
            "The identity code from the identity provider is not valid, so signing in was stopped.",
        ),
        (P::ReturnAddress, L::Fi) => (
            "Virheellinen paluuosoite",
            "Kirjautumisen jälkeen voi palata vain tämän palvelun sivulle.",
        ),
        (P::ReturnAddress, L::Sv) => (
            "Felaktig returadress",
            "Efter inloggningen kan man bara återvända till en sida i denna tjänst.",
        ),
        (P::ReturnAddress, L::En) => (
            "Invalid return address",
            "After signing in you can only return to a page of this service.",
        ),
        (P::UnknownProvider, L::Fi) => (
            "Tuntematon tunnistuspalvelu",
            "Valittua tunnistuspalvelua ei ole käytössä.",
        ),
        (P::UnknownProvider, L::Sv) => (
            "Okänd identifieringstjänst",
            "Den valda identifieringstjänsten används inte.",
        ),
        (P::UnknownProvider, L::En) => (
            "Unknown identity provider",
            "The chosen identity provider is not in use.",
        ),
    }
}

fn back(language: UiLanguage) -> &'static str {
    match language {
        UiLanguage::Fi => "Takaisin kirjautumiseen",
        UiLanguage::Sv => "Tillbaka till inloggningen",
        UiLanguage::En => "Back to sign-in",
    }
}

/// The page, with status 400 (503 when the provider is down). Nothing in it comes from
/// the request, so nothing needs escaping.
pub fn error_page(problem: Problem, language: UiLanguage) -> Response {
    let (title, message) = text(problem, language);
    let status = if problem == Problem::Unavailable {
        StatusCode::SERVICE_UNAVAILABLE
    } else {
        StatusCode::BAD_REQUEST
    };
    let html = format!(
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} – Tietolupa</title></head><body><main>\
         <h1>{title}</h1><p data-problem=\"{code:?}\">{message}</p>\
         <p><a href=\"/sign-in\">{back}</a></p></main></body></html>",
        lang = language.as_str(),
        code = problem,
        back = back(language),
    );
    (status, Html(html)).into_response()
}
