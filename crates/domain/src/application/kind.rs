use serde::{Deserialize, Serialize};

/// What is applied for (DESIGN.md section 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ApplicationKind {
    /// Individual-level pseudonymised data, processed in a secure environment.
    DataPermit,
    /// Anonymous aggregate statistics.
    DataRequest,
    /// Changes to an issued permit.
    Amendment,
}

/// The legal purposes of secondary use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Purpose {
    ScientificResearch,
    Statistics,
    AuthorityPlanningAndReporting,
    Education,
    DevelopmentAndInnovation,
    KnowledgeManagement,
    SteeringAndSupervision,
}

impl Purpose {
    pub const ALL: [Purpose; 7] = [
        Purpose::ScientificResearch,
        Purpose::Statistics,
        Purpose::AuthorityPlanningAndReporting,
        Purpose::Education,
        Purpose::DevelopmentAndInnovation,
        Purpose::KnowledgeManagement,
        Purpose::SteeringAndSupervision,
    ];

    /// Purposes that the law serves with anonymous statistics only.
    pub fn is_statistics_only(self) -> bool {
        matches!(
            self,
            Purpose::DevelopmentAndInnovation
                | Purpose::KnowledgeManagement
                | Purpose::SteeringAndSupervision
        )
    }
}

impl ApplicationKind {
    /// The kind/purpose rule: a data permit may only serve the first four purposes; the
    /// other three get anonymous statistics, i.e. a data request.
    pub fn allows(self, purpose: Purpose) -> bool {
        match self {
            ApplicationKind::DataPermit => !purpose.is_statistics_only(),
            ApplicationKind::DataRequest | ApplicationKind::Amendment => true,
        }
    }
}

macro_rules! wire_names {
    ($type:ty { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $type {
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $name),+ }
            }

            pub fn parse(s: &str) -> Option<Self> {
                match s { $($name => Some(Self::$variant),)+ _ => None }
            }
        }
    };
}
pub(crate) use wire_names;

wire_names!(ApplicationKind {
    DataPermit => "DATA_PERMIT",
    DataRequest => "DATA_REQUEST",
    Amendment => "AMENDMENT",
});

wire_names!(Purpose {
    ScientificResearch => "SCIENTIFIC_RESEARCH",
    Statistics => "STATISTICS",
    AuthorityPlanningAndReporting => "AUTHORITY_PLANNING_AND_REPORTING",
    Education => "EDUCATION",
    DevelopmentAndInnovation => "DEVELOPMENT_AND_INNOVATION",
    KnowledgeManagement => "KNOWLEDGE_MANAGEMENT",
    SteeringAndSupervision => "STEERING_AND_SUPERVISION",
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_permits_serve_only_the_first_four_purposes() {
        let allowed: Vec<Purpose> = Purpose::ALL
            .into_iter()
            .filter(|p| ApplicationKind::DataPermit.allows(*p))
            .collect();
        assert_eq!(
            allowed,
            [
                Purpose::ScientificResearch,
                Purpose::Statistics,
                Purpose::AuthorityPlanningAndReporting,
                Purpose::Education
            ]
        );
        assert!(
            Purpose::ALL
                .iter()
                .all(|p| ApplicationKind::DataRequest.allows(*p))
        );
    }

    #[test]
    fn wire_names_round_trip() {
        for purpose in Purpose::ALL {
            assert_eq!(Purpose::parse(purpose.as_str()), Some(purpose));
            let json = serde_json::to_string(&purpose).unwrap();
            assert_eq!(json, format!("\"{}\"", purpose.as_str()));
        }
        assert_eq!(
            ApplicationKind::parse("DATA_REQUEST"),
            Some(ApplicationKind::DataRequest)
        );
        assert_eq!(ApplicationKind::parse("data_request"), None);
    }
}
