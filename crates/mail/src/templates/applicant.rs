//! Messages to the applicant about their application: received, information requested
//! (and the reminder), decision made, amendment decided; and before a draft is deleted.
//!
//! The information request is announced, never quoted: its questions may concern the
//! research plan, which does not leave the service.

use tietolupa_domain::message::MessageKind;

use super::{Fields, Language, Letter, RenderError, with_number};

pub(super) fn letter(kind: MessageKind, f: &Fields<'_>) -> Result<Letter, RenderError> {
    let lang = f.language();
    let id = f.id("applicationId")?;
    let title = f.quoted_title();
    if kind == MessageKind::DraftDeletionReminder {
        // A draft has no diary number yet: its title (if any) names it.
        let on = f.date("deletedOn")?;
        return Ok(Letter {
            subject: lang
                .pick(
                    "Hakemusluonnoksesi poistetaan pian",
                    "Ditt ansökningsutkast raderas snart",
                    "Your draft application will be deleted soon",
                )
                .to_owned(),
            paragraphs: draft_deletion(lang, &on, title),
            link: (
                format!("/applications/{id}/edit"),
                lang.pick("Jatka luonnosta", "Fortsätt utkastet", "Continue the draft"),
            ),
        });
    }
    let diary = f.text("diaryNumber")?;
    let link = (
        format!("/applications/{id}"),
        lang.pick("Avaa hakemus", "Öppna ansökan", "Open the application"),
    );
    let (subject, mut paragraphs, link) = match kind {
        MessageKind::ApplicationReceived => {
            let (subject, paragraphs) = received(lang, &diary, title);
            return Ok(Letter {
                subject,
                paragraphs,
                link,
            });
        }
        MessageKind::InformationRequested => {
            let request = f.number("requestNumber")?;
            let by = f.optional_date("respondBy")?;
            let (subject, paragraphs) = information_requested(lang, &diary, request, by);
            (subject, paragraphs, link)
        }
        MessageKind::InformationReminder => {
            let request = f.number("requestNumber")?;
            let on = f.date("requestedOn")?;
            let by = f.optional_date("respondBy")?;
            let (subject, paragraphs) = information_reminder(lang, &diary, request, &on, by);
            (subject, paragraphs, link)
        }
        MessageKind::DecisionMade | MessageKind::AmendmentDecided => {
            let number = f.text("decisionNumber")?;
            let on = f.date("decidedOn")?;
            let outcome = f.outcome("outcome")?;
            let amendment = kind == MessageKind::AmendmentDecided;
            let (subject, paragraphs) = decided(lang, &diary, &number, &on, outcome, amendment);
            let link = (
                link.0,
                lang.pick("Lue päätös", "Läs beslutet", "Read the decision"),
            );
            (subject, paragraphs, link)
        }
        _ => return Err(RenderError::UnknownKind(kind.as_str().to_owned())),
    };
    if let Some(title) = title {
        paragraphs.push(lang.pick(
            format!("Hakemus: {title}"),
            format!("Ansökan: {title}"),
            format!("Application: {title}"),
        ));
    }
    Ok(Letter {
        subject,
        paragraphs,
        link,
    })
}

fn received(lang: Language, diary: &str, title: Option<String>) -> (String, Vec<String>) {
    let title = title.map(|t| format!(" {t}")).unwrap_or_default();
    let subject = lang.pick(
        "Hakemuksesi on vastaanotettu",
        "Din ansökan har tagits emot",
        "Your application has been received",
    );
    let paragraphs = vec![
        lang.pick(
            format!("Hakemuksesi{title} on vastaanotettu ja kirjattu diaarinumerolla {diary}. Mainitse diaarinumero, kun asioit hakemuksen tiimoilta."),
            format!("Din ansökan{title} har tagits emot och registrerats med diarienummer {diary}. Ange diarienumret när du kontaktar oss om ansökan."),
            format!("Your application{title} has been received and registered under diary number {diary}. Please quote the diary number when you contact us about it."),
        ),
        lang.pick(
            "Voit seurata hakemuksen käsittelyä palvelussa.",
            "Du kan följa behandlingen av ansökan i tjänsten.",
            "You can follow the processing of the application in the service.",
        )
        .to_owned(),
    ];
    (with_number(subject, Some(diary)), paragraphs)
}

fn information_requested(
    lang: Language,
    diary: &str,
    request: i64,
    by: Option<String>,
) -> (String, Vec<String>) {
    let subject = lang.pick(
        "Hakemukseesi tarvitaan lisätietoja",
        "Kompletterande uppgifter behövs för din ansökan",
        "More information is needed for your application",
    );
    let mut paragraphs = vec![lang.pick(
        format!("Hakemuksesi {diary} esittelijä pyytää lisätietoja (lisätietopyyntö {request}). Lue pyyntö ja vastaa siihen palvelussa."),
        format!("Föredraganden av din ansökan {diary} begär kompletterande uppgifter (begäran {request}). Läs begäran och svara på den i tjänsten."),
        format!("The presenter of your application {diary} asks for more information (request {request}). Please read the request and answer it in the service."),
    )];
    if let Some(by) = by {
        paragraphs.push(lang.pick(
            format!("Vastaathan viimeistään {by}."),
            format!("Svara senast {by}."),
            format!("Please answer by {by}."),
        ));
    }
    paragraphs.push(
        lang.pick(
            "Käsittelyaika ei kulu sinä aikana, kun pyyntö odottaa vastaustasi.",
            "Handläggningstiden löper inte medan begäran väntar på ditt svar.",
            "The processing time does not run while the request waits for your answer.",
        )
        .to_owned(),
    );
    (with_number(subject, Some(diary)), paragraphs)
}

fn information_reminder(
    lang: Language,
    diary: &str,
    request: i64,
    on: &str,
    by: Option<String>,
) -> (String, Vec<String>) {
    let subject = lang.pick(
        "Muistutus: lisätietopyyntö odottaa vastaustasi",
        "Påminnelse: en begäran om komplettering väntar på ditt svar",
        "Reminder: a request for more information is waiting for your answer",
    );
    let mut paragraphs = vec![lang.pick(
        format!("Hakemuksesi {diary} lisätietopyyntö {request}, joka lähetettiin {on}, odottaa yhä vastaustasi. Käsittely jatkuu, kun olet vastannut."),
        format!("Begäran {request} om kompletterande uppgifter för din ansökan {diary}, skickad {on}, väntar fortfarande på ditt svar. Behandlingen fortsätter när du har svarat."),
        format!("Request {request} for more information on your application {diary}, sent on {on}, is still waiting for your answer. Processing continues once you have answered."),
    )];
    if let Some(by) = by {
        paragraphs.push(lang.pick(
            format!("Vastaathan viimeistään {by}."),
            format!("Svara senast {by}."),
            format!("Please answer by {by}."),
        ));
    }
    (with_number(subject, Some(diary)), paragraphs)
}

fn draft_deletion(lang: Language, on: &str, title: Option<String>) -> Vec<String> {
    let title = title.map(|t| format!(" {t}")).unwrap_or_default();
    vec![
        lang.pick(
            format!("Hakemusluonnostasi{title} ei ole muokattu lähes kuuteen kuukauteen. Keskeneräiset luonnokset poistetaan kuuden kuukauden kuluttua viimeisestä muutoksesta, joten luonnos poistetaan {on}."),
            format!("Ditt ansökningsutkast{title} har inte ändrats på nästan sex månader. Ofullständiga utkast raderas sex månader efter den senaste ändringen, så utkastet raderas den {on}."),
            format!("Your draft application{title} has not been changed for almost six months. Unfinished drafts are deleted six months after their last change, so this draft will be deleted on {on}."),
        ),
        lang.pick(
            "Jos haluat säilyttää luonnoksen, avaa se ja tallenna se.",
            "Om du vill behålla utkastet, öppna det och spara det.",
            "To keep the draft, open it and save it.",
        )
        .to_owned(),
    ]
}

fn decided(
    lang: Language,
    diary: &str,
    number: &str,
    on: &str,
    outcome: &str,
    amendment: bool,
) -> (String, Vec<String>) {
    let (subject, first, last) = if amendment {
        (
            lang.pick(
                "Muutoshakemukseesi on tehty päätös",
                "Beslut har fattats om din ändringsansökan",
                "A decision has been made on your amendment",
            ),
            lang.pick(
                format!("Lupasi muutoshakemukseen {diary} on tehty päätös {number} {on}. Päätös: {outcome}."),
                format!("Beslut {number} om ändringsansökan {diary} för ditt tillstånd har fattats den {on}. Beslut: {outcome}."),
                format!("Decision {number} on the amendment {diary} of your permit was made on {on}. Outcome: {outcome}."),
            ),
            lang.pick(
                "Luvan voimassa olevat ehdot ja päätöksen perustelut näet palvelussa.",
                "Tillståndets gällande villkor och beslutets motivering finns i tjänsten.",
                "The permit's terms in force and the reasons for the decision are shown in the service.",
            ),
        )
    } else {
        (
            lang.pick(
                "Hakemukseesi on tehty päätös",
                "Beslut har fattats om din ansökan",
                "A decision has been made on your application",
            ),
            lang.pick(
                format!("Hakemukseesi {diary} on tehty päätös {number} {on}. Päätös: {outcome}."),
                format!("Beslut {number} om din ansökan {diary} har fattats den {on}. Beslut: {outcome}."),
                format!("Decision {number} on your application {diary} was made on {on}. Outcome: {outcome}."),
            ),
            lang.pick(
                "Voit lukea päätöksen perusteluineen ja muutoksenhakuohjeineen palvelussa.",
                "Du kan läsa beslutet med motivering och besvärsanvisning i tjänsten.",
                "You can read the decision with its reasons and how to appeal in the service.",
            ),
        )
    };
    (
        with_number(subject, Some(diary)),
        vec![first, last.to_owned()],
    )
}
