use serde_json::{Value, json};
use tietolupa_domain::message::MessageKind;

use super::*;

const APP: &str = "0190f3a2-7c1e-7d6b-9a51-2f4c8e1d0b37";
const BASE: &str = "https://tietolupa.example/";

/// A payload of every kind, as the store queues it, with a title that needs escaping.
fn sample(kind: MessageKind) -> Value {
    let title = "Statins & <dementia>";
    match kind {
        MessageKind::ApplicationReceived => {
            json!({ "applicationId": APP, "diaryNumber": "TL/7/2026", "title": title })
        }
        MessageKind::InformationRequested => json!({ "applicationId": APP,
            "diaryNumber": "TL/7/2026", "title": title, "requestNumber": 2, "respondBy": "2027-01-15" }),
        MessageKind::InformationReminder => json!({ "applicationId": APP,
            "diaryNumber": "TL/7/2026", "title": title, "requestNumber": 2,
            "requestedOn": "2026-12-01", "respondBy": null }),
        MessageKind::DecisionMade | MessageKind::AmendmentDecided => json!({ "applicationId": APP,
            "diaryNumber": "TL/7/2026", "title": title, "decisionNumber": "D/3/2026",
            "decidedOn": "2026-12-06", "outcome": "PARTIALLY_GRANTED" }),
        MessageKind::PermitExpiryReminder => json!({ "permitId": APP, "applicationId": APP,
            "diaryNumber": "TL/7/2026", "validUntil": "2027-03-01", "daysBefore": 90 }),
        MessageKind::PermitRevoked => json!({ "permitId": APP, "applicationId": APP,
            "diaryNumber": "TL/7/2026", "decisionNumber": "D/3/2026", "revokedOn": "2026-12-06" }),
        MessageKind::CaseReturned | MessageKind::ProposalWaiting => {
            json!({ "applicationId": APP, "diaryNumber": "TL/7/2026", "title": title })
        }
        MessageKind::InformationAnswered => json!({ "applicationId": APP,
            "diaryNumber": "TL/7/2026", "title": title, "requestNumber": 2 }),
        MessageKind::DeadlineApproaching => json!({ "applicationId": APP,
            "diaryNumber": "TL/7/2026", "title": title, "dueOn": "2026-12-20", "daysLeft": 14 }),
        MessageKind::DeliveryOrderOverdue => json!({ "applicationId": APP,
            "diaryNumber": "TL/7/2026", "title": title, "deliveryOrderId": APP,
            "dueOn": "2026-12-20", "daysOverdue": 3 }),
        MessageKind::DraftDeletionReminder => json!({ "applicationId": APP,
            "diaryNumber": null, "title": title, "deletedOn": "2027-01-12" }),
        MessageKind::FeeNotice => json!({ "applicationId": APP, "diaryNumber": "TL/7/2026",
            "title": title, "decisionNumber": "D/3/2026", "decidedOn": "2026-12-06",
            "feeCents": 100_000, "billingReference": "HY-4711",
            "organisationName": "Helsingin yliopisto", "businessId": "0313471-7",
            "recipient": "INVOICING_CONTACT" }),
    }
}

#[test]
fn every_kind_renders_in_every_language_as_text_and_escaped_html() {
    for kind in MessageKind::ALL {
        let payload = sample(kind);
        let mut subjects = Vec::new();
        for language in Language::ALL {
            let r = render(kind.as_str(), &payload, language, BASE)
                .unwrap_or_else(|e| panic!("{kind:?} in {language:?}: {e}"));
            // A draft has no diary number: its title and deletion day name it.
            let number = payload["diaryNumber"].as_str().unwrap_or("12");
            assert!(r.text.contains(number), "{kind:?}: {}", r.text);
            if payload["diaryNumber"].is_string() {
                assert!(r.subject.contains(number), "{kind:?}: {}", r.subject);
            }
            assert!(
                r.text.contains("https://tietolupa.example/"),
                "{kind:?}: a link"
            );
            assert!(r.html.contains(&format!("lang=\"{}\"", language.code())));
            // The title is text in the text part, and escaped in the HTML part.
            if payload.get("title").is_some() {
                assert!(r.text.contains("Statins & <dementia>"), "{kind:?}");
                assert!(
                    r.html.contains("Statins &amp; &lt;dementia&gt;"),
                    "{kind:?}"
                );
            }
            assert!(!r.html.contains("<dementia>"), "{kind:?}: unescaped");
            subjects.push(r.subject);
        }
        subjects.dedup();
        assert_eq!(subjects.len(), 3, "{kind:?}: one subject per language");
    }
}

#[test]
fn links_point_at_the_page_of_the_recipient() {
    let link = |kind: MessageKind| {
        render(kind.as_str(), &sample(kind), Language::En, BASE)
            .unwrap()
            .text
    };
    let applicant = format!("https://tietolupa.example/applications/{APP}");
    assert!(link(MessageKind::DecisionMade).contains(&applicant));
    assert!(link(MessageKind::PermitRevoked).contains(&applicant));
    assert!(link(MessageKind::CaseReturned).contains(&format!("/cases/{APP}")));
    assert!(link(MessageKind::ProposalWaiting).contains(&format!("/proposals/{APP}")));
    assert!(link(MessageKind::DraftDeletionReminder).contains(&format!("{applicant}/edit")));
    // The invoicing contact has no account: the decision in the public register.
    assert!(link(MessageKind::FeeNotice).contains("/register/TL%2F7%2F2026"));
}

#[test]
fn the_fee_notice_names_the_fee_the_reference_and_the_organisation_in_each_language() {
    let kind = MessageKind::FeeNotice;
    let fi = render(kind.as_str(), &sample(kind), Language::Fi, BASE).unwrap();
    let sv = render(kind.as_str(), &sample(kind), Language::Sv, BASE).unwrap();
    let en = render(kind.as_str(), &sample(kind), Language::En, BASE).unwrap();
    for (r, fee, date) in [
        (&fi, "1 000,00 €", "6.12.2026"),
        (&sv, "1 000,00 €", "6.12.2026"),
        (&en, "€1,000.00", "6 December 2026"),
    ] {
        for expected in [
            fee,
            date,
            "TL/7/2026",
            "D/3/2026",
            "HY-4711",
            "Helsingin yliopisto",
            "0313471-7",
        ] {
            assert!(r.text.contains(expected), "{expected} in {}", r.text);
        }
        assert!(!r.text.contains("pass it on") && !r.text.contains("Välitä"));
    }
    assert_eq!(en.subject, "Fee for a decision – TL/7/2026");
    // Sent to the applicant for want of an invoicing contact, it asks them to pass it on.
    let mut fallback = sample(kind);
    fallback["recipient"] = json!("APPLICANT");
    let en = render(kind.as_str(), &fallback, Language::En, BASE).unwrap();
    assert!(
        en.text.contains("no invoicing contact registered"),
        "{}",
        en.text
    );
    let fi = render(kind.as_str(), &fallback, Language::Fi, BASE).unwrap();
    assert!(fi.text.contains("Välitä se"), "{}", fi.text);
}

#[test]
fn a_fee_notice_link_cannot_be_steered() {
    let mut steering = sample(MessageKind::FeeNotice);
    steering["diaryNumber"] = json!("TL/7/2026?x=//evil.example");
    assert!(matches!(
        render("FEE_NOTICE", &steering, Language::En, ""),
        Err(RenderError::InvalidField {
            field: "diaryNumber",
            ..
        })
    ));
}

#[test]
fn the_draft_deletion_reminder_names_the_day_in_the_recipients_language() {
    let kind = MessageKind::DraftDeletionReminder;
    let fi = render(kind.as_str(), &sample(kind), Language::Fi, BASE).unwrap();
    let en = render(kind.as_str(), &sample(kind), Language::En, BASE).unwrap();
    assert_eq!(fi.subject, "Hakemusluonnoksesi poistetaan pian");
    assert!(fi.text.contains("poistetaan 12.1.2027"), "{}", fi.text);
    assert!(
        en.text.contains("deleted on 12 January 2027"),
        "{}",
        en.text
    );
}

#[test]
fn dates_and_outcomes_are_written_in_the_recipients_language() {
    let kind = MessageKind::DecisionMade;
    let fi = render(kind.as_str(), &sample(kind), Language::Fi, BASE).unwrap();
    let sv = render(kind.as_str(), &sample(kind), Language::Sv, BASE).unwrap();
    let en = render(kind.as_str(), &sample(kind), Language::En, BASE).unwrap();
    assert!(fi.text.contains("6.12.2026") && fi.text.contains("myönnetty osittain"));
    assert!(sv.text.contains("6.12.2026") && sv.text.contains("delvis beviljad"));
    assert!(en.text.contains("6 December 2026") && en.text.contains("partially granted"));
    assert_eq!(sv.subject, "Beslut har fattats om din ansökan – TL/7/2026");
}

#[test]
fn an_unknown_kind_a_missing_field_and_a_bad_value_are_errors() {
    let empty = json!({});
    assert_eq!(
        render("NOPE", &empty, Language::Fi, ""),
        Err(RenderError::UnknownKind("NOPE".into()))
    );
    assert!(matches!(
        render("DECISION_MADE", &empty, Language::En, ""),
        Err(RenderError::MissingField {
            field: "applicationId",
            ..
        })
    ));
    let mut steering = sample(MessageKind::DecisionMade);
    steering["applicationId"] = json!("../../evil.example/");
    assert!(matches!(
        render("DECISION_MADE", &steering, Language::En, ""),
        Err(RenderError::InvalidField {
            field: "applicationId",
            ..
        })
    ));
    let mut undated = sample(MessageKind::DeadlineApproaching);
    undated["dueOn"] = json!("soon");
    assert!(matches!(
        render("DEADLINE_APPROACHING", &undated, Language::Sv, ""),
        Err(RenderError::InvalidField { field: "dueOn", .. })
    ));
}

#[test]
fn a_permit_message_queued_before_applications_were_named_still_renders() {
    let old = json!({ "permitId": APP, "validUntil": "2027-03-01", "daysBefore": 30 });
    let r = render("PERMIT_EXPIRY_REMINDER", &old, Language::Fi, "https://x.fi").unwrap();
    assert_eq!(r.subject, "Lupasi päättyy pian");
    assert!(r.text.contains("1.3.2027") && r.text.contains("https://x.fi/\n"));
}

#[test]
fn language_codes_round_trip_and_default_to_finnish() {
    for language in Language::ALL {
        assert_eq!(Language::from_code(language.code()), language);
    }
    assert_eq!(Language::from_code("de"), Language::Fi);
}
