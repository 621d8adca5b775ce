//! The fee notice: to the invoicing contact of the organisation an application acts for,
//! what the decision charges and what to invoice it against. When the organisation has no
//! invoicing contact, the applicant gets the same notice with a request to pass it on.
//!
//! The invoicing contact usually has no account, so the link goes to the decision in the
//! public register, which anyone may read.

use super::{Fields, Language, Letter, RenderError, with_number};

pub(super) fn letter(f: &Fields<'_>) -> Result<Letter, RenderError> {
    let lang = f.language();
    let diary = f.text("diaryNumber")?;
    let number = f.text("decisionNumber")?;
    let on = f.date("decidedOn")?;
    let fee = euros(f.number("feeCents")?, lang);
    let organisation = f.text("organisationName")?;
    let business_id = f.text("businessId")?;
    let reference = f
        .optional("billingReference")
        .filter(|r| !r.trim().is_empty());
    let to_applicant = f.optional("recipient").as_deref() == Some("APPLICANT");
    let link = (
        format!("/register/{}", path_segment(f, &diary)?),
        lang.pick("Lue päätös", "Läs beslutet", "Read the decision"),
    );
    let mut paragraphs = vec![lang.pick(
        format!(
            "Asiaan {diary} on {on} annettu päätös {number}. Päätöksen maksu on {fee}. Maksu laskutetaan organisaatiolta {organisation} (Y-tunnus {business_id})."
        ),
        format!(
            "I ärendet {diary} har beslut {number} fattats den {on}. Avgiften för beslutet är {fee}. Avgiften faktureras {organisation} (FO-nummer {business_id})."
        ),
        format!(
            "Decision {number} was made on {on} in case {diary}. The fee for the decision is {fee}. It is invoiced to {organisation} (business ID {business_id})."
        ),
    )];
    paragraphs.push(match reference {
        Some(reference) => lang.pick(
            format!("Hakijan laskutusviite: {reference}"),
            format!("Sökandens faktureringsreferens: {reference}"),
            format!("The applicant's billing reference: {reference}"),
        ),
        None => lang
            .pick(
                "Hakija ei antanut laskutusviitettä.",
                "Sökanden angav ingen faktureringsreferens.",
                "The applicant gave no billing reference.",
            )
            .to_owned(),
    });
    if let Some(title) = f.quoted_title() {
        paragraphs.push(lang.pick(
            format!("Hakemus: {title}"),
            format!("Ansökan: {title}"),
            format!("Application: {title}"),
        ));
    }
    if to_applicant {
        paragraphs.push(
            lang.pick(
                "Organisaatiolle ei ole rekisteröity laskutusyhteyshenkilöä, joten tämä ilmoitus lähetettiin sinulle. Välitä se organisaatiosi laskutukseen ja pyydä pääkäyttäjää lisäämään laskutusyhteyshenkilö.",
                "Organisationen har ingen registrerad faktureringskontakt, så detta meddelande skickades till dig. Vidarebefordra det till din organisations fakturering och be huvudanvändaren lägga till en faktureringskontakt.",
                "The organisation has no invoicing contact registered, so this notice was sent to you. Please pass it on to your organisation's invoicing and ask its main user to add an invoicing contact.",
            )
            .to_owned(),
        );
    }
    Ok(Letter {
        subject: with_number(
            lang.pick("Päätöksen maksu", "Avgift för beslut", "Fee for a decision"),
            Some(&diary),
        ),
        paragraphs,
        link,
    })
}

/// A diary number as one path segment: `TL/12/2026` → `TL%2F12%2F2026`. Anything but
/// letters, digits and slashes is refused, so a payload cannot steer the link.
fn path_segment(f: &Fields<'_>, diary: &str) -> Result<String, RenderError> {
    if diary.is_empty() || !diary.chars().all(|c| c.is_ascii_alphanumeric() || c == '/') {
        return Err(f.invalid("diaryNumber"));
    }
    Ok(diary.replace('/', "%2F"))
}

/// Cents as euros the way the language writes money: `1 000,00 €`, `€1,000.00`.
fn euros(cents: i64, lang: Language) -> String {
    let (whole, rest) = (cents / 100, (cents % 100).abs());
    let digits = whole.abs().to_string();
    let separator = lang.pick(' ', ' ', ',');
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(separator);
        }
        grouped.push(c);
    }
    let sign = if cents < 0 { "-" } else { "" };
    match lang {
        Language::Fi | Language::Sv => format!("{sign}{grouped},{rest:02} €"),
        Language::En => format!("{sign}€{grouped}.{rest:02}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fees_are_written_as_each_language_writes_money() {
        assert_eq!(euros(100_000, Language::Fi), "1 000,00 €");
        assert_eq!(euros(35_000, Language::Sv), "350,00 €");
        assert_eq!(euros(300_050, Language::En), "€3,000.50");
        assert_eq!(euros(25_000_000, Language::En), "€250,000.00");
        assert_eq!(euros(5, Language::Fi), "0,05 €");
    }
}
