//! Opaque pagination cursors: base64url of `kind:position`, so clients cannot mistake
//! them for ids or build them by hand, and a cursor of one list fails on another.
//!
//! One rule for a cursor that does not decode (not base64, another list's, a position of
//! the wrong shape such as a negative offset): a `VALIDATION` error on `after`. Lists use
//! these through [`crate::connection`].

use std::fmt::Display;
use std::str::FromStr;
use tietolupa_domain::MessageKey;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::error::ApiError;

pub fn encode(kind: &str, position: impl Display) -> String {
    URL_SAFE_NO_PAD.encode(format!("{kind}:{position}"))
}

/// The position of a cursor of the list `kind`, parsed as `P`.
pub fn decode_position<P: FromStr>(kind: &str, cursor: &str) -> Result<P, ApiError> {
    let invalid = || ApiError::validation("after", MessageKey::NotACursor);
    let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| invalid())?;
    let text = String::from_utf8(bytes).map_err(|_| invalid())?;
    let (found_kind, position) = text.split_once(':').ok_or_else(invalid)?;
    if found_kind != kind {
        return Err(invalid());
    }
    position.parse().map_err(|_| invalid())
}

/// Validates `first`: default `default`, between 1 and `max`.
pub fn page_size(first: Option<i32>, default: u64, max: u64) -> Result<u64, ApiError> {
    match first {
        None => Ok(default),
        Some(n) if n >= 1 && n as u64 <= max => Ok(n as u64),
        Some(_) => Err(ApiError::validation("first", MessageKey::PageSize { max })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_are_bound_to_their_list() {
        let cursor = encode("audit", 42);
        assert_eq!(decode_position::<i64>("audit", &cursor), Ok(42));
        assert!(decode_position::<i64>("decision", &cursor).is_err());
        assert!(decode_position::<i64>("audit", "not base64!").is_err());
    }

    #[test]
    fn a_position_of_the_wrong_shape_is_a_validation_error() {
        let negative = encode("mine", -1);
        let error = decode_position::<u64>("mine", &negative).unwrap_err();
        assert_eq!(error.code(), "VALIDATION");
        assert_eq!(error, decode_position::<u64>("mine", "%%%").unwrap_err());
        assert_eq!(decode_position::<u64>("mine", &encode("mine", 7)), Ok(7));
    }

    #[test]
    fn page_sizes_are_bounded() {
        assert_eq!(page_size(None, 50, 200), Ok(50));
        assert_eq!(page_size(Some(200), 50, 200), Ok(200));
        assert!(page_size(Some(0), 50, 200).is_err());
        assert!(page_size(Some(201), 50, 200).is_err());
        assert!(page_size(Some(-1), 50, 200).is_err());
    }
}
