//! Messages to the authority's staff: to the presenter (case returned, answer received,
//! deadline approaching, delivery order overdue) and to the Director(s) (proposal waiting).
//!
//! The director's reasons for returning a case are internal and stay in the case.

use tietolupa_domain::message::MessageKind;

use super::{Fields, Letter, RenderError, with_number};

pub(super) fn letter(kind: MessageKind, f: &Fields<'_>) -> Result<Letter, RenderError> {
    let lang = f.language();
    let id = f.id("applicationId")?;
    let diary = f.text("diaryNumber")?;
    let case_link = (
        format!("/cases/{id}"),
        lang.pick("Avaa asia", "Öppna ärendet", "Open the case"),
    );
    let (subject, mut paragraphs, link) = match kind {
        MessageKind::CaseReturned => (
            lang.pick(
                "Esitys palautettiin valmisteltavaksi",
                "Föredragningen återförvisades för beredning",
                "Proposal returned for preparation",
            ),
            vec![lang.pick(
                format!("Johtaja palautti esityksesi asiassa {diary} uudelleen valmisteltavaksi. Palautuksen perustelu on asian tiedoissa."),
                format!("Direktören återförvisade din föredragning i ärende {diary} för ny beredning. Motiveringen finns i ärendet."),
                format!("The Director returned your proposal in case {diary} for further preparation. The reason is recorded in the case."),
            )],
            case_link,
        ),
        MessageKind::InformationAnswered => {
            let request = f.number("requestNumber")?;
            (
                lang.pick(
                    "Hakija vastasi lisätietopyyntöön",
                    "Sökanden har svarat på begäran om komplettering",
                    "The applicant answered the request for information",
                ),
                vec![lang.pick(
                    format!("Hakija on vastannut lisätietopyyntöön {request} asiassa {diary}. Käsittelyaika kulkee jälleen."),
                    format!("Sökanden har svarat på begäran {request} i ärende {diary}. Handläggningstiden löper igen."),
                    format!("The applicant has answered request {request} in case {diary}. The processing time runs again."),
                )],
                case_link,
            )
        }
        MessageKind::DeadlineApproaching => {
            let due = f.date("dueOn")?;
            let left = f.number("daysLeft")?;
            (
                lang.pick(
                    "Päätöksen määräaika lähestyy",
                    "Tidsfristen för beslutet närmar sig",
                    "The decision deadline is approaching",
                ),
                vec![lang.pick(
                    format!("Asian {diary} päätös on tehtävä viimeistään {due} (päiviä jäljellä: {left})."),
                    format!("Beslut i ärende {diary} ska fattas senast {due} (dagar kvar: {left})."),
                    format!("The decision in case {diary} is due by {due} (days left: {left})."),
                )],
                case_link,
            )
        }
        MessageKind::ProposalWaiting => (
            lang.pick(
                "Päätösesitys odottaa päätöstä",
                "Ett beslutsförslag väntar på beslut",
                "A proposal is waiting for a decision",
            ),
            vec![lang.pick(
                format!("Asiassa {diary} on tehty päätösesitys, joka odottaa päätöstä."),
                format!("I ärende {diary} finns ett beslutsförslag som väntar på beslut."),
                format!("A proposed decision in case {diary} is waiting for a decision."),
            )],
            (
                format!("/proposals/{id}"),
                lang.pick("Avaa esitys", "Öppna förslaget", "Open the proposal"),
            ),
        ),
        MessageKind::DeliveryOrderOverdue => {
            // The order is checked as a well-formed id; the link is the case's, whose
            // page lists its orders.
            f.id("deliveryOrderId")?;
            let due = f.date("dueOn")?;
            let late = f.number("daysOverdue")?;
            (
                lang.pick(
                    "Toimitustilaus on myöhässä",
                    "Leveransbeställningen är försenad",
                    "A delivery order is overdue",
                ),
                vec![lang.pick(
                    format!("Asian {diary} toimitustilauksen aineiston piti saapua rekisterinpitäjältä viimeistään {due} (myöhässä päiviä: {late}). Ota yhteyttä rekisterinpitäjään."),
                    format!("Uppgifterna i leveransbeställningen i ärende {diary} skulle ha kommit från den personuppgiftsansvarige senast {due} (dagar försenad: {late}). Kontakta den personuppgiftsansvarige."),
                    format!("The data of a delivery order in case {diary} was due from the data controller by {due} (days overdue: {late}). Contact the data controller."),
                )],
                case_link,
            )
        }
        _ => return Err(RenderError::UnknownKind(kind.as_str().to_owned())),
    };
    if let Some(title) = f.quoted_title() {
        paragraphs.push(lang.pick(
            format!("Hakemus: {title}"),
            format!("Ansökan: {title}"),
            format!("Application: {title}"),
        ));
    }
    Ok(Letter {
        subject: with_number(subject, Some(&diary)),
        paragraphs,
        link,
    })
}
