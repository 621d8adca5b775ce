//! The session cookie: `tietolupa_session` (`__Host-tietolupa_session` in production),
//! httpOnly, SameSite=Lax, Path=/, Secure unless dev mode over plain http.

use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue};

#[derive(Debug, Clone)]
pub struct CookieSettings {
    pub name: &'static str,
    pub secure: bool,
    /// The cookie's `Max-Age`: the session's absolute lifetime.
    pub max_age_seconds: u64,
}

impl CookieSettings {
    /// The session token of the request's cookie, if it has one of ours that looks like a
    /// token (64 hex digits); anything else is ignored without a database read.
    pub fn token<'a>(&self, headers: &'a HeaderMap) -> Option<&'a str> {
        headers
            .get_all(COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == self.name)
            .map(|(_, value)| value.trim())
            .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
    }

    fn attributes(&self) -> &'static str {
        if self.secure {
            "; Path=/; HttpOnly; SameSite=Lax; Secure"
        } else {
            "; Path=/; HttpOnly; SameSite=Lax"
        }
    }

    pub fn set(&self, headers: &mut HeaderMap, token: &str) {
        let value = format!(
            "{}={token}; Max-Age={}{}",
            self.name,
            self.max_age_seconds,
            self.attributes()
        );
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.append(SET_COOKIE, value);
        }
    }

    pub fn clear(&self, headers: &mut HeaderMap) {
        let value = format!("{}=; Max-Age=0{}", self.name, self.attributes());
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.append(SET_COOKIE, value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_our_cookie_with_a_token_shape_is_read() {
        let settings = CookieSettings {
            name: "tietolupa_session",
            secure: false,
            max_age_seconds: 60,
        };
        let token = "ab".repeat(32);
        let mut headers = HeaderMap::new();
        headers.insert(
            COOKIE,
            HeaderValue::from_str(&format!("other=1; tietolupa_session={token}")).unwrap(),
        );
        assert_eq!(settings.token(&headers), Some(token.as_str()));
        headers.insert(COOKIE, HeaderValue::from_static("tietolupa_session=x"));
        assert_eq!(settings.token(&headers), None);
        let mut out = HeaderMap::new();
        settings.set(&mut out, &token);
        let set = out[SET_COOKIE].to_str().unwrap();
        assert!(
            set.contains("HttpOnly") && set.contains("SameSite=Lax") && !set.contains("Secure")
        );
    }
}
