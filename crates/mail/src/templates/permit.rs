//! Messages to a permit holder about the permit: it expires soon, it was revoked.
//!
//! A revocation is announced with its date; the director's reasons are read in the service
//! (they are free text, which messages never carry).

use tietolupa_domain::message::MessageKind;

use super::{Fields, Letter, RenderError, with_number};

pub(super) fn letter(kind: MessageKind, f: &Fields<'_>) -> Result<Letter, RenderError> {
    let lang = f.language();
    let diary = f.optional("diaryNumber");
    // Rows queued before messages named the application link to the front page.
    let path = match f.optional("applicationId") {
        Some(_) => format!("/applications/{}", f.id("applicationId")?),
        None => "/".to_owned(),
    };
    let link = (
        path,
        lang.pick("Avaa lupa", "Öppna tillståndet", "Open the permit"),
    );
    let named = diary
        .as_deref()
        .map(|d| format!(" {d}"))
        .unwrap_or_default();
    let (subject, paragraphs) = match kind {
        MessageKind::PermitExpiryReminder => {
            let until = f.date("validUntil")?;
            (
                lang.pick(
                    "Lupasi päättyy pian",
                    "Ditt tillstånd går snart ut",
                    "Your permit is about to expire",
                ),
                vec![
                    lang.pick(
                        format!("Lupasi{named} on voimassa {until} asti."),
                        format!("Ditt tillstånd{named} gäller till och med {until}."),
                        format!("Your permit{named} is valid until {until}."),
                    ),
                    lang.pick(
                        "Jos tarvitset aineistoa pidempään, hae lupaan muutosta hyvissä ajoin ennen sen päättymistä. Luvan päätyttyä aineisto on hävitettävä ja hävittäminen vahvistettava palvelussa.",
                        "Om du behöver uppgifterna längre, ansök om ändring i god tid innan tillståndet går ut. När tillståndet har upphört ska uppgifterna förstöras och förstöringen bekräftas i tjänsten.",
                        "If you need the data for longer, apply for an amendment well before the permit expires. Once the permit has ended, the data must be destroyed and the destruction confirmed in the service.",
                    )
                    .to_owned(),
                ],
            )
        }
        MessageKind::PermitRevoked => {
            let on = f.optional_date("revokedOn")?;
            let when = on.map(|d| (format!(" {d}"), format!(" den {d}"), format!(" on {d}")));
            let (fi, sv, en) = when.unwrap_or_default();
            (
                lang.pick(
                    "Lupasi on peruutettu",
                    "Ditt tillstånd har återkallats",
                    "Your permit has been revoked",
                ),
                vec![
                    lang.pick(
                        format!("Lupasi{named} on peruutettu{fi}. Aineiston käsittely on lopetettava heti."),
                        format!("Ditt tillstånd{named} har återkallats{sv}. Behandlingen av uppgifterna ska upphöra omedelbart."),
                        format!("Your permit{named} has been revoked{en}. Processing of the data must stop at once."),
                    ),
                    lang.pick(
                        "Peruutuksen perustelut näet palvelussa.",
                        "Motiveringen till återkallelsen finns i tjänsten.",
                        "The reasons for the revocation are shown in the service.",
                    )
                    .to_owned(),
                ],
            )
        }
        _ => return Err(RenderError::UnknownKind(kind.as_str().to_owned())),
    };
    Ok(Letter {
        subject: with_number(subject, diary.as_deref()),
        paragraphs,
        link,
    })
}
