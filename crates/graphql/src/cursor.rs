//! Opaque pagination cursors: base64url of `kind:position`, so clients cannot mistake
//! them for ids or build them by hand, and a cursor of one list fails on another.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::error::ApiError;

pub fn encode(kind: &str, position: i64) -> String {
    URL_SAFE_NO_PAD.encode(format!("{kind}:{position}"))
}

pub fn decode(kind: &str, cursor: &str) -> Result<i64, ApiError> {
    let invalid = || ApiError::validation("after", "is not a cursor of this list");
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
        Some(_) => Err(ApiError::validation(
            "first",
            format!("must be between 1 and {max}"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_are_bound_to_their_list() {
        let cursor = encode("audit", 42);
        assert_eq!(decode("audit", &cursor), Ok(42));
        assert!(decode("decision", &cursor).is_err());
        assert!(decode("audit", "not base64!").is_err());
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
