//! Catalogue names in the caller's language. `name` fields answer in the language the
//! request asks for (`Accept-Language`, which the web app sets to its UI language); a
//! `names` field gives all three where a consumer shows or exports them side by side.

use async_graphql::{Context, SimpleObject};
use tietolupa_domain::sign_in::UiLanguage;

use crate::DEFAULT_LANGUAGE;

/// A name in Finnish, Swedish and English.
#[derive(SimpleObject, Clone)]
pub struct Names {
    fi: String,
    sv: String,
    en: String,
}

impl crate::plain::PlainObject for Names {
    fn field(
        &self,
        name: &str,
        _selected: crate::plain::Selected<'_>,
    ) -> async_graphql::ServerResult<async_graphql::Value> {
        match name {
            "fi" => Ok(crate::plain::string(&self.fi)),
            "sv" => Ok(crate::plain::string(&self.sv)),
            "en" => Ok(crate::plain::string(&self.en)),
            _ => Err(crate::plain::unknown::<Self>(name)),
        }
    }
}

impl From<tietolupa_domain::Names> for Names {
    fn from(n: tietolupa_domain::Names) -> Self {
        Names {
            fi: n.fi,
            sv: n.sv,
            en: n.en,
        }
    }
}

/// The language of the request; the HTTP layer puts it in, a schema run without it (a
/// test, the CLI) answers in the default language as its errors do.
pub fn language(ctx: &Context<'_>) -> UiLanguage {
    ctx.data_opt::<UiLanguage>()
        .copied()
        .unwrap_or(DEFAULT_LANGUAGE)
}
