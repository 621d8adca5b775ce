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
}
