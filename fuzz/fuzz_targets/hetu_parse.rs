//! The identity-code parser on arbitrary bytes and strings: it must never panic, anything
//! it accepts must be canonical (11 ASCII bytes that re-parse to the same code) and never
//! shown by `Debug` or `Display`; `parse` and `parse_bytes` must agree.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tietolupa_domain::{Hetu, HetuPolicy};

fuzz_target!(|data: &[u8]| {
    for policy in [HetuPolicy::ALLOW_TEMPORARY, HetuPolicy::ORDINARY_ONLY] {
        match Hetu::parse_bytes(data, policy) {
            Ok(hetu) => {
                assert_eq!(hetu.expose_bytes().as_slice(), data);
                assert_eq!(Hetu::parse(hetu.expose(), policy), Ok(hetu));
                assert!(!format!("{hetu:?}{hetu}").contains(hetu.expose()));
                let _ = hetu.birth_date();
                let _ = hetu.masked();
            }
            // Errors carry no data (a field-less enum), so they cannot echo the input.
            Err(error) => {
                let _ = error.to_string();
            }
        }
        if let Ok(text) = std::str::from_utf8(data) {
            assert_eq!(
                Hetu::parse(text, policy).is_ok(),
                Hetu::parse_bytes(data, policy).is_ok()
            );
        }
    }
});
