//! The rules' parameters: the configured defaults and a permit's stricter settings.

use serde::{Deserialize, Serialize};

/// The parameters every rule reads. The defaults are ACRO's (`acro/default.yaml` of the
/// SACRO project); configuration may change them, a permit may only tighten them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Thresholds {
    /// A cell with fewer units (frequency) or contributors (magnitude) fails. Zero is not a
    /// small count: an empty cell is judged by the class-disclosure rule.
    pub minimum_frequency: u64,
    /// How many of the largest contributions the dominance rule adds up. Only 2 can be
    /// checked, because a magnitude table carries the largest and second-largest only.
    pub dominance_n: u32,
    /// The share of the cell total at or above which the n largest contributions fail.
    pub dominance_k: f64,
    /// The p of the p% rule, as a fraction (0.10 = 10 %).
    pub p_percent: f64,
    /// Whether a zero cell in a row or column with units needs review.
    pub zeros_disclosive: bool,
}

/// A permit's own thresholds (GraphQL `OutputCheckThresholdsInput`); `None` keeps the
/// default. Each set value must be at least as strict as the default.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PermitThresholds {
    pub minimum_frequency: Option<u64>,
    pub dominance_n: Option<u32>,
    pub dominance_k: Option<f64>,
    pub p_percent: Option<f64>,
    pub zeros_disclosive: Option<bool>,
}

/// Why a threshold was refused. [`ThresholdError::field`] names the input field, for the
/// API's VALIDATION error.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ThresholdError {
    /// A permit may raise the minimum frequency, never lower it.
    #[error("minimum frequency {given} is below the default {default}; a permit may only raise it")]
    MinimumFrequencyLooser { given: u64, default: u64 },
    /// Only n = 2 can be checked: a magnitude table gives the two largest contributions.
    #[error(
        "dominance n must be 2 (a magnitude table gives the two largest contributions), not {given}"
    )]
    DominanceNUnsupported { given: u32 },
    /// A permit may lower k (fail sooner), never raise it.
    #[error("dominance k {given} is above the default {default}; a permit may only lower it")]
    DominanceKLooser { given: f64, default: f64 },
    /// A permit may raise p, never lower it.
    #[error("p {given} is below the default {default}; a permit may only raise it")]
    PPercentLooser { given: f64, default: f64 },
    /// A permit may not stop treating zeros as disclosive when the default does.
    #[error("zeros are disclosive by default; a permit may not turn that off")]
    ZerosDisclosiveLooser,
    /// k and p are fractions: k in (0, 1], p in (0, 1]; the minimum frequency is at least 1.
    #[error("{field} is out of range")]
    OutOfRange { field: &'static str },
}

impl ThresholdError {
    /// The GraphQL input field the error is about.
    pub fn field(&self) -> &'static str {
        match self {
            ThresholdError::MinimumFrequencyLooser { .. } => "minimumFrequency",
            ThresholdError::DominanceNUnsupported { .. } => "dominanceN",
            ThresholdError::DominanceKLooser { .. } => "dominanceK",
            ThresholdError::PPercentLooser { .. } => "pPercent",
            ThresholdError::ZerosDisclosiveLooser => "zerosDisclosive",
            ThresholdError::OutOfRange { field } => field,
        }
    }
}

impl Thresholds {
    /// ACRO's defaults: minimum frequency 10, n = 2, k = 0.90, p = 0.10, zeros disclosive.
    pub const ACRO_DEFAULTS: Thresholds = Thresholds {
        minimum_frequency: 10,
        dominance_n: 2,
        dominance_k: 0.90,
        p_percent: 0.10,
        zeros_disclosive: true,
    };

    /// Checks configured thresholds (the defaults themselves): the same ranges a permit's
    /// values must keep.
    pub fn validate(&self) -> Result<(), ThresholdError> {
        if self.minimum_frequency < 1 {
            return Err(ThresholdError::OutOfRange {
                field: "minimumFrequency",
            });
        }
        if self.dominance_n != 2 {
            return Err(ThresholdError::DominanceNUnsupported {
                given: self.dominance_n,
            });
        }
        if !fraction(self.dominance_k) {
            return Err(ThresholdError::OutOfRange {
                field: "dominanceK",
            });
        }
        if !fraction(self.p_percent) {
            return Err(ThresholdError::OutOfRange { field: "pPercent" });
        }
        Ok(())
    }

    /// These thresholds tightened by a permit's own. A value looser than `self` is refused
    /// rather than ignored, so the handler learns that it had no effect.
    pub fn stricter(&self, per_permit: &PermitThresholds) -> Result<Thresholds, ThresholdError> {
        let mut out = *self;
        if let Some(given) = per_permit.minimum_frequency {
            if given < self.minimum_frequency {
                return Err(ThresholdError::MinimumFrequencyLooser {
                    given,
                    default: self.minimum_frequency,
                });
            }
            out.minimum_frequency = given;
        }
        if let Some(given) = per_permit.dominance_n
            && given != 2
        {
            return Err(ThresholdError::DominanceNUnsupported { given });
        }
        if let Some(given) = per_permit.dominance_k {
            if !fraction(given) {
                return Err(ThresholdError::OutOfRange {
                    field: "dominanceK",
                });
            }
            if given > self.dominance_k {
                return Err(ThresholdError::DominanceKLooser {
                    given,
                    default: self.dominance_k,
                });
            }
            out.dominance_k = given;
        }
        if let Some(given) = per_permit.p_percent {
            if !fraction(given) {
                return Err(ThresholdError::OutOfRange { field: "pPercent" });
            }
            if given < self.p_percent {
                return Err(ThresholdError::PPercentLooser {
                    given,
                    default: self.p_percent,
                });
            }
            out.p_percent = given;
        }
        if let Some(given) = per_permit.zeros_disclosive {
            if self.zeros_disclosive && !given {
                return Err(ThresholdError::ZerosDisclosiveLooser);
            }
            out.zeros_disclosive = given || self.zeros_disclosive;
        }
        Ok(out)
    }
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds::ACRO_DEFAULTS
    }
}

/// A share in (0, 1]: zero would make the rule meaningless, NaN would make it never fire.
fn fraction(x: f64) -> bool {
    x.is_finite() && x > 0.0 && x <= 1.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_acro_and_valid() {
        let t = Thresholds::ACRO_DEFAULTS;
        assert_eq!((t.minimum_frequency, t.dominance_n), (10, 2));
        assert_eq!(
            (t.dominance_k, t.p_percent, t.zeros_disclosive),
            (0.90, 0.10, true)
        );
        assert_eq!(t.validate(), Ok(()));
    }

    #[test]
    fn a_permit_may_tighten_every_threshold() {
        let t = Thresholds::ACRO_DEFAULTS
            .stricter(&PermitThresholds {
                minimum_frequency: Some(20),
                dominance_n: Some(2),
                dominance_k: Some(0.75),
                p_percent: Some(0.25),
                zeros_disclosive: Some(true),
            })
            .unwrap();
        assert_eq!(
            (t.minimum_frequency, t.dominance_k, t.p_percent),
            (20, 0.75, 0.25)
        );
    }

    #[test]
    fn equal_to_the_default_is_allowed_and_nothing_set_keeps_the_defaults() {
        let d = Thresholds::ACRO_DEFAULTS;
        let same = PermitThresholds {
            minimum_frequency: Some(10),
            dominance_k: Some(0.90),
            p_percent: Some(0.10),
            ..PermitThresholds::default()
        };
        assert_eq!(d.stricter(&same), Ok(d));
        assert_eq!(d.stricter(&PermitThresholds::default()), Ok(d));
    }

    #[test]
    fn looser_values_are_typed_errors_naming_the_field() {
        let d = Thresholds::ACRO_DEFAULTS;
        let cases = [
            (
                PermitThresholds {
                    minimum_frequency: Some(9),
                    ..Default::default()
                },
                "minimumFrequency",
            ),
            (
                PermitThresholds {
                    dominance_n: Some(1),
                    ..Default::default()
                },
                "dominanceN",
            ),
            (
                PermitThresholds {
                    dominance_n: Some(3),
                    ..Default::default()
                },
                "dominanceN",
            ),
            (
                PermitThresholds {
                    dominance_k: Some(0.91),
                    ..Default::default()
                },
                "dominanceK",
            ),
            (
                PermitThresholds {
                    dominance_k: Some(f64::NAN),
                    ..Default::default()
                },
                "dominanceK",
            ),
            (
                PermitThresholds {
                    dominance_k: Some(0.0),
                    ..Default::default()
                },
                "dominanceK",
            ),
            (
                PermitThresholds {
                    p_percent: Some(0.05),
                    ..Default::default()
                },
                "pPercent",
            ),
            (
                PermitThresholds {
                    p_percent: Some(1.5),
                    ..Default::default()
                },
                "pPercent",
            ),
            (
                PermitThresholds {
                    zeros_disclosive: Some(false),
                    ..Default::default()
                },
                "zerosDisclosive",
            ),
        ];
        for (input, field) in cases {
            let err = d.stricter(&input).unwrap_err();
            assert_eq!(err.field(), field, "{input:?}");
        }
    }

    #[test]
    fn zeros_may_be_turned_on_when_the_configuration_has_them_off() {
        let off = Thresholds {
            zeros_disclosive: false,
            ..Thresholds::ACRO_DEFAULTS
        };
        let on = PermitThresholds {
            zeros_disclosive: Some(true),
            ..Default::default()
        };
        assert!(off.stricter(&on).unwrap().zeros_disclosive);
        let still_off = PermitThresholds {
            zeros_disclosive: Some(false),
            ..Default::default()
        };
        assert!(!off.stricter(&still_off).unwrap().zeros_disclosive);
    }
}
