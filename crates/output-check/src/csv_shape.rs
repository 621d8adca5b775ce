//! A strict look at the CSV's quoting before the `csv` crate reads it. The crate is lenient
//! by design (a stray quote becomes part of a field, an unclosed quote runs to the end of the
//! file); for an output table that would silently merge cells or rows, so a table whose
//! quoting breaks RFC 4180 is refused with the line where it goes wrong.

/// Checks RFC 4180 quoting of comma-separated bytes: a quote may only open a field, a quoted
/// field must be closed, and a closing quote must be followed by a comma or a line end
/// (`""` inside a quoted field is an escaped quote). Returns the 1-based line of the first
/// fault.
pub(crate) fn check_quoting(bytes: &[u8]) -> Result<(), u64> {
    let mut line = 1_u64;
    let mut at_field_start = true;
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        if at_field_start && byte == b'"' {
            let opened_on = line;
            i += 1;
            loop {
                match bytes.get(i) {
                    None => return Err(opened_on),
                    Some(b'"') if bytes.get(i + 1) == Some(&b'"') => i += 2,
                    Some(b'"') => {
                        i += 1;
                        break;
                    }
                    Some(b'\n') => {
                        line += 1;
                        i += 1;
                    }
                    Some(_) => i += 1,
                }
            }
            match bytes.get(i) {
                None | Some(b'\r' | b'\n') => at_field_start = true,
                Some(b',') => {
                    at_field_start = true;
                    i += 1;
                }
                Some(_) => return Err(line),
            }
            continue;
        }
        match byte {
            b',' | b'\r' => at_field_start = true,
            b'\n' => {
                line += 1;
                at_field_start = true;
            }
            b'"' => return Err(line),
            _ => at_field_start = false,
        }
        i += 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check_quoting;

    #[test]
    fn well_formed_quoting_passes() {
        for ok in [
            &b"a,b\n1,2\n"[..],
            b"\"a, b\",\"say \"\"hi\"\"\"\r\n1,2",
            b"\"multi\nline\",x\n",
            b"",
            b"\"\",\"\"",
        ] {
            assert_eq!(check_quoting(ok), Ok(()), "{}", String::from_utf8_lossy(ok));
        }
    }

    #[test]
    fn faults_name_their_line() {
        assert_eq!(check_quoting(b"a,b\n1,2\"\n"), Err(2));
        assert_eq!(check_quoting(b"a,b\n\"1\"2,3\n"), Err(2));
        assert_eq!(check_quoting(b"a,b\n1,2\n\"open,\n3,4\n"), Err(3));
    }
}
