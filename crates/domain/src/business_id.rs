//! The Finnish business ID (Y-tunnus): seven digits, a hyphen and a check digit.

use std::fmt;

/// A business ID whose check digit is valid. Exists only through [`BusinessId::parse`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BusinessId(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BusinessIdError {
    #[error("must have the form 1234567-8")]
    Format,
    #[error("check digit does not match")]
    CheckDigit,
}

const WEIGHTS: [u32; 7] = [7, 9, 10, 5, 8, 4, 2];

impl BusinessId {
    pub fn parse(s: &str) -> Result<BusinessId, BusinessIdError> {
        let bytes = s.as_bytes();
        if bytes.len() != 9
            || bytes[7] != b'-'
            || !bytes[..7].iter().chain(&bytes[8..]).all(u8::is_ascii_digit)
        {
            return Err(BusinessIdError::Format);
        }
        let sum: u32 = bytes[..7]
            .iter()
            .zip(WEIGHTS)
            .map(|(digit, weight)| u32::from(digit - b'0') * weight)
            .sum();
        let expected = match sum % 11 {
            0 => 0,
            1 => return Err(BusinessIdError::CheckDigit),
            remainder => 11 - remainder,
        };
        if u32::from(bytes[8] - b'0') != expected {
            return Err(BusinessIdError::CheckDigit);
        }
        Ok(BusinessId(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for BusinessId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn real_business_ids_are_accepted() {
        // The Finnish Tax Administration, Kela and the University of Helsinki.
        for id in ["0245458-3", "0246246-0", "0313471-7"] {
            assert!(BusinessId::parse(id).is_ok(), "{id}");
        }
    }

    #[test]
    fn a_wrong_check_digit_is_refused() {
        assert_eq!(
            BusinessId::parse("0245458-4"),
            Err(BusinessIdError::CheckDigit)
        );
    }

    #[test]
    fn remainder_one_has_no_valid_check_digit() {
        // 0010001: 1 x 10 + 1 x 2 = 12, remainder 1.
        assert_eq!(
            BusinessId::parse("0010001-0"),
            Err(BusinessIdError::CheckDigit)
        );
        assert_eq!(
            BusinessId::parse("0010001-1"),
            Err(BusinessIdError::CheckDigit)
        );
    }

    #[test]
    fn malformed_input_is_a_format_error() {
        for s in [
            "",
            "0245458",
            "02454583",
            "0245458-",
            "024545-83",
            "0245458–3",
            "A245458-3",
            "0245458-X",
            "ä245458-3",
        ] {
            assert_eq!(BusinessId::parse(s), Err(BusinessIdError::Format), "{s}");
        }
    }

    /// A valid ID from its seven digits, or none when the remainder is 1 (such numbers are
    /// never issued).
    fn with_check_digit(digits: [u8; 7]) -> Option<String> {
        let sum: u32 = digits
            .iter()
            .zip(WEIGHTS)
            .map(|(d, w)| u32::from(*d) * w)
            .sum();
        let check = match sum % 11 {
            0 => 0,
            1 => return None,
            r => 11 - r,
        };
        let mut id: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
        id.push('-');
        id.push(char::from_digit(check, 10)?);
        Some(id)
    }

    fn valid_id() -> impl Strategy<Value = String> {
        proptest::array::uniform7(0u8..10).prop_filter_map("remainder 1", with_check_digit)
    }

    proptest! {
        #[test]
        fn generated_valid_ids_are_accepted(id in valid_id()) {
            let parsed = BusinessId::parse(&id).unwrap();
            prop_assert_eq!(parsed.as_str(), id.as_str());
        }

        /// One check digit modulo 11 catches every single substitution: a changed digit at
        /// position i moves the sum by weight_i x delta, never a multiple of 11.
        #[test]
        fn every_single_character_corruption_is_refused(id in valid_id()) {
            let original = id.as_bytes();
            for position in 0..original.len() {
                for replacement in 0u8..=255 {
                    if replacement == original[position] {
                        continue;
                    }
                    let mut corrupted = original.to_vec();
                    corrupted[position] = replacement;
                    let corrupted = String::from_utf8_lossy(&corrupted).into_owned();
                    prop_assert!(
                        BusinessId::parse(&corrupted).is_err(),
                        "{} accepted", corrupted
                    );
                }
            }
        }

        #[test]
        fn arbitrary_strings_never_panic(s in ".*") {
            let _ = BusinessId::parse(&s);
        }
    }
}
