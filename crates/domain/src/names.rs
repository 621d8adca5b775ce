//! Names kept in the three languages of the service (DESIGN.md section 11): the official
//! names of data controllers and of their registers and datasets.

use serde::{Deserialize, Serialize};

use crate::sign_in::UiLanguage;

/// One name in Finnish, Swedish and English.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Names {
    pub fi: String,
    pub sv: String,
    pub en: String,
}

impl Names {
    pub fn new(fi: impl Into<String>, sv: impl Into<String>, en: impl Into<String>) -> Names {
        Names {
            fi: fi.into(),
            sv: sv.into(),
            en: en.into(),
        }
    }

    /// The same text in every language: a name known in one language only.
    pub fn same(name: impl Into<String>) -> Names {
        let name = name.into();
        Names {
            fi: name.clone(),
            sv: name.clone(),
            en: name,
        }
    }

    /// The name in `language`.
    pub fn get(&self, language: UiLanguage) -> &str {
        match language {
            UiLanguage::Fi => &self.fi,
            UiLanguage::Sv => &self.sv,
            UiLanguage::En => &self.en,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_language_reads_its_own_name() {
        let thl = Names::new(
            "Terveyden ja hyvinvoinnin laitos",
            "Institutet för hälsa och välfärd",
            "Finnish Institute for Health and Welfare",
        );
        assert_eq!(thl.get(UiLanguage::Sv), "Institutet för hälsa och välfärd");
        assert_eq!(thl.get(UiLanguage::Fi), "Terveyden ja hyvinvoinnin laitos");
        assert_eq!(
            thl.get(UiLanguage::En),
            "Finnish Institute for Health and Welfare"
        );
        assert_eq!(Names::same("X").get(UiLanguage::Sv), "X");
    }
}
