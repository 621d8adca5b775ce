//! Work in every state for the demo users (dev mode only), so every role's first screen has
//! something to do: drafts (one untouched for 5½ months), cases submitted, in preparation with
//! remarks, waiting for information (one overdue), answered, proposed, returned and decided;
//! deadlines near, overdue and extended; an amendment waiting; permits active, expiring,
//! expired, revoked and destroyed; delivery orders in every state; output requests released,
//! waiting in the handlers' queue and waiting for a Director's second approval; objections
//! by each channel, one by a guardian, one withdrawn.
//!
//! Everything goes through the real commands as the demo users, each at a chosen past
//! instant (`CallContext::at`), so histories, deadlines, the audit chain and the outbox are
//! what the real journeys would have left. The identity codes are temporary ones (individual
//! numbers 900–999), which no real person has.
//!
//! Idempotent: the run ends with a `seed.demo_cases` audit entry, and a start that finds one
//! adds nothing.

use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use tietolupa_domain::application::content::Processor;
use tietolupa_domain::application::{
    ApplicationContent, ApplicationKind, DecisionOutcome, FeeCategory, FeeSchedule,
    ProposalContent, Purpose, RequestedDataSource,
};
use tietolupa_domain::permit::{AmendmentChange, AmendmentRequest};
use tietolupa_domain::{Actor, IdentityCodeClaim};
use tietolupa_entity::{audit_entry, data_source, organisation_contact, processing_environment};
use tietolupa_objection_crypto::ObjectionCrypto;
use time::{Date, Duration, OffsetDateTime};
use uuid::Uuid;

use super::demo_users;
use crate::applications::attachments::AttachmentFiles;
use crate::applications::{self as apps, Application, DecisionEdits, InformationAnswer};
use crate::applications::{NewAmendment, RemarkVisibility};
use crate::audit::{self, AuditEvent};
use crate::outbox::Directors;
use crate::output::OutputCheck;
use crate::{CallContext, Db, StoreError, permits};

mod deliveries;
mod objections;
mod outputs;
mod stories;

use objections::seed_objections;
use stories::*;

/// The audit action that marks the demo cases as seeded.
pub const SEEDED: &str = "seed.demo_cases";

const RESEARCHER: &str = "demo-applicant-researcher";
const COMPANY: &str = "demo-applicant-company";
const HANDLER: &str = "demo-handler-1";
const HANDLER_2: &str = "demo-handler-2";
const DIRECTOR: &str = "demo-director";
const CLERK: &str = "demo-registry-clerk";
const GUARDIAN: &str = "demo-citizen-guardian";

/// What the run added.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DemoCasesReport {
    pub applications: usize,
    pub objections: usize,
}

/// One seeding run: the moment "now" of the demo, and the settings the commands need.
struct Seeder<'a> {
    db: &'a Db,
    fees: &'a FeeSchedule,
    directors: &'a Directors,
    /// Where the output requests' files go, and the check they go through.
    files: &'a AttachmentFiles,
    check: &'a OutputCheck,
    now: OffsetDateTime,
    sources: Vec<(String, Uuid)>,
    environment: Uuid,
    /// The organisation each demo applicant is a contact person of, from the register.
    organisations: Vec<(String, Uuid)>,
    report: DemoCasesReport,
}

/// A demo user acting at `at`.
fn as_user(subject: &str, at: OffsetDateTime) -> CallContext {
    let user = demo_users::find(subject).expect("a demo user");
    CallContext::new(Actor::person(
        user.subject,
        Some(user.name.to_owned()),
        user.roles.iter().copied(),
        user.identity_code
            .map(|c| IdentityCodeClaim::new(c.to_owned())),
    ))
    .at(at)
}

impl Seeder<'_> {
    fn at(&self, days_ago: i64, hour: u8) -> OffsetDateTime {
        let day = self.now - Duration::days(days_ago);
        day.replace_time(time::Time::from_hms(hour, 15, 0).expect("a time"))
    }

    fn today(&self) -> Date {
        CallContext::system("seed").at(self.now).today()
    }

    fn source(&self, code: &str) -> Uuid {
        self.sources
            .iter()
            .find(|(c, _)| c == code)
            .or(self.sources.first())
            .map(|(_, id)| *id)
            .expect("the catalogue is seeded first")
    }

    /// The organisation `applicant` acts for: the register's, when they are a contact
    /// person of one.
    fn organisation_of(&self, applicant: &str) -> Option<Uuid> {
        self.organisations
            .iter()
            .find(|(subject, _)| subject == applicant)
            .map(|(_, id)| *id)
    }

    fn content(&self, story: &Story, valid_until: Date) -> ApplicationContent {
        let (organisation, business_id, email) = match story.applicant {
            COMPANY => (
                "Terveysanalytiikka Oy",
                "2617416-4",
                "mikko.korhonen@example.com",
            ),
            _ => (
                "Helsingin yliopisto",
                "0313471-7",
                "aino.virtanen@example.fi",
            ),
        };
        let permit = story.kind == ApplicationKind::DataPermit;
        ApplicationContent {
            applicant_name: demo_users::find(story.applicant).map(|u| u.name.to_owned()),
            // The register's name and business ID replace the ones below when it is set.
            organisation_id: self.organisation_of(story.applicant),
            organisation_name: Some(organisation.to_owned()),
            business_id: Some(business_id.to_owned()),
            contact_email: Some(email.to_owned()),
            billing_reference: Some("TL-DEMO".to_owned()),
            title: Some(story.title.to_owned()),
            public_summary: Some(story.summary.to_owned()),
            purpose: Some(if permit {
                Purpose::ScientificResearch
            } else {
                Purpose::Statistics
            }),
            research_plan: Some(PLAN.to_owned()),
            data_sources: story
                .sources
                .iter()
                .map(|(code, variables)| RequestedDataSource {
                    data_source_id: self.source(code),
                    variables: (*variables).to_owned(),
                    period_from: Some(time::macros::date!(2012 - 01 - 01)),
                    period_to: Some(time::macros::date!(2023 - 12 - 31)),
                })
                .collect(),
            cohort_definition: Some(COHORT.to_owned()),
            minimisation_justification: Some(
                "Syntymävuosi ja viiden vuoden ikäryhmät riittävät; nimiä, osoitteita tai \
                 tarkkoja päivämääriä ei pyydetä."
                    .to_owned(),
            ),
            processors: if permit {
                vec![
                    processor("Aino", "Virtanen", organisation),
                    processor("Eero", "Salminen", organisation),
                ]
            } else {
                Vec::new()
            },
            processing_environment_id: permit.then_some(self.environment),
            requested_validity_end: permit.then_some(valid_until),
            ethics_statement_needed: permit.then_some(true),
            ethics_reference: permit.then(|| "HUS/1234/2024".to_owned()),
            dpia_done: permit.then_some(true),
            is_thesis: false,
            applicant_outside_eea: false,
        }
    }

    /// The story's draft, submitted if the story says so.
    async fn application(&mut self, story: &Story) -> Result<Application, StoreError> {
        let created = self.at(story.created_days_ago, 9);
        let until = helsinki(created) + Duration::days(3 * 365);
        let draft = Box::pin(apps::create(
            self.db,
            &as_user(story.applicant, created),
            story.kind,
            self.content(story, until),
            None,
        ))
        .await?;
        self.report.applications += 1;
        match story.submitted_days_ago {
            None => Ok(draft),
            Some(days) => {
                let ctx = as_user(story.applicant, self.at(days, 10));
                Box::pin(apps::submit(self.db, &ctx, draft.id, draft.version)).await
            }
        }
    }

    async fn take(
        &self,
        handler: &str,
        case: &Application,
        days_ago: i64,
    ) -> Result<Application, StoreError> {
        Box::pin(apps::take(
            self.db,
            &as_user(handler, self.at(days_ago, 11)),
            case.id,
            case.version,
        ))
        .await
    }

    async fn remark(
        &self,
        handler: &str,
        case: &Application,
        days_ago: i64,
        visibility: RemarkVisibility,
        body: &str,
    ) -> Result<Application, StoreError> {
        let ctx = as_user(handler, self.at(days_ago, 13));
        Box::pin(apps::add_remark(
            self.db,
            &ctx,
            case.id,
            visibility,
            body.to_owned(),
        ))
        .await
    }

    async fn ask(
        &self,
        handler: &str,
        case: &Application,
        days_ago: i64,
        respond_within_days: i64,
        questions: &[&str],
    ) -> Result<Application, StoreError> {
        let ctx = as_user(handler, self.at(days_ago, 14));
        let by = ctx.today() + Duration::days(respond_within_days);
        let questions = questions.iter().map(|q| (*q).to_owned()).collect();
        Box::pin(apps::request_information(
            self.db,
            &ctx,
            case.id,
            case.version,
            questions,
            Some(by),
        ))
        .await
    }

    async fn propose(
        &self,
        handler: &str,
        case: &Application,
        days_ago: i64,
        outcome: DecisionOutcome,
        reasoning: &str,
        valid_until: Option<Date>,
    ) -> Result<Application, StoreError> {
        let ctx = as_user(handler, self.at(days_ago, 15));
        let data_request = case.kind == ApplicationKind::DataRequest;
        let proposal = ProposalContent::new(
            outcome,
            reasoning.to_owned(),
            outcome.grants().then(|| {
                "Tulokset julkaistaan vain vähintään viiden henkilön ryhminä. Aineisto \
                 hävitetään luvan päättyessä."
                    .to_owned()
            }),
            if outcome.grants() {
                case.content.requested_source_ids()
            } else {
                Vec::new()
            },
            (outcome.grants() && !data_request).then(|| valid_until.expect("a permit's end")),
            if data_request {
                FeeCategory::DataRequest
            } else {
                FeeCategory::Permit
            },
        );
        Box::pin(apps::propose(
            self.db,
            &ctx,
            case.id,
            case.version,
            proposal,
            self.fees,
            self.directors,
        ))
        .await
    }

    async fn decide(&self, case: &Application, days_ago: i64) -> Result<Application, StoreError> {
        let ctx = as_user(DIRECTOR, self.at(days_ago, 12));
        let (case, _) = Box::pin(apps::decide(
            self.db,
            &ctx,
            case.id,
            case.version,
            DecisionEdits::default(),
            self.fees,
        ))
        .await?;
        Ok(case)
    }

    /// A data permit granted `decided_days_ago` (the story's submission 60 days before),
    /// valid until `valid_for_days` from today.
    async fn granted(
        &mut self,
        story: &Story,
        handler: &str,
        decided_days_ago: i64,
        valid_for_days: i64,
    ) -> Result<Uuid, StoreError> {
        let submitted = decided_days_ago + 60;
        let case = self
            .application(&Story {
                created_days_ago: submitted + 4,
                submitted_days_ago: Some(submitted),
                ..*story
            })
            .await?;
        let case = self.take(handler, &case, submitted - 2).await?;
        let until = self.today() + Duration::days(valid_for_days);
        let case = self
            .propose(
                handler,
                &case,
                decided_days_ago + 3,
                DecisionOutcome::Granted,
                "Käyttötarkoitus on laissa tarkoitettua tieteellistä tutkimusta, pyydetyt \
                 tiedot ovat tarpeellisia ja käsittely tapahtuu rekisteröidyssä \
                 käyttöympäristössä.",
                Some(until),
            )
            .await?;
        let case = self.decide(&case, decided_days_ago).await?;
        let ctx = CallContext::system("seed").at(self.now);
        let permit = Box::pin(permits::for_application(self.db, &ctx, case.id))
            .await?
            .ok_or(StoreError::NotFound { entity: "permit" })?;
        Ok(permit.id)
    }
}

fn processor(first: &str, last: &str, organisation: &str) -> Processor {
    Processor {
        first_name: first.to_owned(),
        last_name: last.to_owned(),
        organisation: organisation.to_owned(),
        nda_signed: true,
    }
}

fn helsinki(at: OffsetDateTime) -> Date {
    tietolupa_domain::calendar::helsinki_date(at)
}

/// Whether the demo cases were seeded already.
pub async fn seeded(db: &Db) -> Result<bool, StoreError> {
    Ok(audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq(SEEDED))
        .count(db.conn())
        .await?
        > 0)
}

/// Seeds the demo cases unless they were seeded already; `now` is the demo's today.
/// Needs the catalogue, the demo users and the demo environments first.
pub async fn demo_cases(
    db: &Db,
    crypto: &ObjectionCrypto,
    files: &AttachmentFiles,
    check: &OutputCheck,
    fees: &FeeSchedule,
    directors: &Directors,
    now: OffsetDateTime,
) -> Result<DemoCasesReport, StoreError> {
    if seeded(db).await? {
        return Ok(DemoCasesReport::default());
    }
    let sources = data_source::Entity::find()
        .all(db.conn())
        .await?
        .into_iter()
        .map(|s| (s.code, s.id))
        .collect::<Vec<_>>();
    let environment = processing_environment::Entity::find()
        .filter(processing_environment::Column::Name.eq("Kapseli"))
        .one(db.conn())
        .await?
        .ok_or(StoreError::NotFound {
            entity: "demo processing environment",
        })?
        .id;
    let organisations = organisation_contact::Entity::find()
        .filter(organisation_contact::Column::UserSubject.is_in([RESEARCHER, COMPANY]))
        .all(db.conn())
        .await?
        .into_iter()
        .filter_map(|c| Some((c.user_subject?, c.organisation_id)))
        .collect();
    let mut seeder = Seeder {
        db,
        fees,
        directors,
        files,
        check,
        now,
        sources,
        environment,
        organisations,
        report: DemoCasesReport::default(),
    };
    // Boxed, like every command below: the futures of a few dozen commands in a row would
    // otherwise overflow a 2 MiB thread stack in debug builds.
    Box::pin(cases(&mut seeder)).await?;
    seeder.report.objections = Box::pin(seed_objections(db, crypto, &seeder)).await?;
    let report = seeder.report;
    let txn = db.begin_write().await?;
    audit::append(
        &txn,
        &CallContext::system("seed").at(now),
        AuditEvent::success(SEEDED, None).details(serde_json::json!({
            "applications": report.applications,
            "objections": report.objections,
        })),
    )
    .await?;
    txn.commit().await?;
    Ok(report)
}

async fn cases(s: &mut Seeder<'_>) -> Result<(), StoreError> {
    use RemarkVisibility::{Internal, ToApplicant};

    s.application(&UNTOUCHED_DRAFT).await?;
    s.application(&FRESH_DRAFT).await?;
    for story in &SUBMITTED {
        s.application(story).await?;
    }

    // In preparation, deadline near: remarks for staff and for the applicant.
    let case = s.application(&NEAR_DUE).await?;
    let case = s.take(HANDLER, &case, 80).await?;
    s.remark(HANDLER, &case, 30, Internal,
        "Syntymärekisterin muuttujat tarkistettu THL:n kanssa; äidin BMI löytyy vasta vuodesta 2016.").await?;
    s.remark(
        HANDLER,
        &case,
        12,
        ToApplicant,
        "Hakemus on esittelyssä. Arvioimme vielä, riittääkö syntymävuosi lasten tunnistetiedoksi.",
    )
    .await?;
    s.remark(
        HANDLER,
        &case,
        1,
        Internal,
        "Ehdotus valmis huomenna; johtajalle tiedoksi määräaika.",
    )
    .await?;

    // In preparation, overdue.
    let case = s.application(&OVERDUE).await?;
    let case = s.take(HANDLER_2, &case, 100).await?;
    s.remark(
        HANDLER_2,
        &case,
        20,
        Internal,
        "Odotetaan Hilmon poimintakuvausta rekisterinpitäjältä; määräaika ylittyy.",
    )
    .await?;

    // In preparation; the Director extended the deadline.
    let case = s.application(&EXTENDED).await?;
    let case = s.take(HANDLER, &case, 75).await?;
    let ctx = as_user(DIRECTOR, s.at(10, 9));
    let due = case.clock.due_on().unwrap_or_else(|| ctx.today()) + Duration::days(60);
    let reason = "Kolmen rekisterinpitäjän lausunnot tarvitaan ennen ratkaisua.".to_owned();
    Box::pin(apps::extend_deadline(
        s.db,
        &ctx,
        case.id,
        case.version,
        due,
        reason,
    ))
    .await?;

    // Waiting for the applicant's answer: the researcher's on time, the company's overdue.
    let case = s.application(&WAITING).await?;
    let case = s.take(HANDLER, &case, 20).await?;
    let case = s
        .remark(
            HANDLER,
            &case,
            9,
            ToApplicant,
            "Tarvitsemme vielä tarkennuksia ennen kuin voimme jatkaa; katso lisäselvityspyyntö.",
        )
        .await?;
    s.ask(HANDLER, &case, 9, 14, &[
        "Perustelkaa, miksi tarvitsette antibioottiostot kuukauden tarkkuudella eikä vuosittain.",
        "Toimittakaa eettisen toimikunnan lausunto (HUS/1234/2024) liitteenä.",
    ]).await?;
    let case = s.application(&WAITING_OVERDUE).await?;
    let case = s.take(HANDLER_2, &case, 60).await?;
    s.ask(HANDLER_2, &case, 40, 14, &[
        "Kuvatkaa, miten malli koulutetaan käyttöympäristössä ilman tietojen siirtoa sen ulkopuolelle.",
    ]).await?;

    // The answer received: back in preparation.
    let case = s.application(&ANSWERED).await?;
    let case = s.take(HANDLER_2, &case, 40).await?;
    let case = s
        .ask(
            HANDLER_2,
            &case,
            20,
            14,
            &["Mitä toimialaluokitusta käytätte, ja millä tarkkuudella?"],
        )
        .await?;
    let ctx = as_user(COMPANY, s.at(6, 16));
    let answers = vec![InformationAnswer {
        item_number: 1,
        answer: "Tilastokeskuksen TOL 2008 -luokitusta kahden numeron tarkkuudella.".to_owned(),
    }];
    Box::pin(apps::answer_information_request(
        s.db,
        &ctx,
        case.id,
        case.version,
        answers,
    ))
    .await?;

    // Proposed, waiting for the Director: a grant and a rejection.
    let case = s.application(&PROPOSED_GRANT).await?;
    let case = s.take(HANDLER, &case, 50).await?;
    let case = s
        .remark(
            HANDLER,
            &case,
            10,
            Internal,
            "Kuolemansyyt rajattu vuosiin 2012–2023; tutkija hyväksyi rajauksen puhelimessa.",
        )
        .await?;
    let until = s.today() + Duration::days(3 * 365);
    s.propose(
        HANDLER,
        &case,
        2,
        DecisionOutcome::Granted,
        "Tieteellinen tutkimus, tiedot tarpeellisia ja rajattuja; käyttöympäristö Kapseli on \
         rekisteröity ja sen sertifikaatti voimassa.",
        Some(until),
    )
    .await?;
    let case = s.application(&PROPOSED_REJECTION).await?;
    let case = s.take(HANDLER_2, &case, 30).await?;
    s.propose(
        HANDLER_2,
        &case,
        1,
        DecisionOutcome::Rejected,
        "Tietopyynnöllä saadaan vain anonyymia tilastotietoa; geenitietoja ei ole \
         pyydetyissä aineistoissa.",
        None,
    )
    .await?;

    // Returned for preparation by the Director.
    let case = s.application(&RETURNED).await?;
    let case = s.take(HANDLER_2, &case, 58).await?;
    let until = s.today() + Duration::days(4 * 365);
    let case = s
        .propose(
            HANDLER_2,
            &case,
            8,
            DecisionOutcome::Granted,
            "Tieteellinen tutkimus; tiedot tarpeellisia.",
            Some(until),
        )
        .await?;
    let ctx = as_user(DIRECTOR, s.at(5, 10));
    let reason = "Perustele sairauspäivärahatietojen tarpeellisuus ja lyhennä voimassaolo \
                  kolmeen vuoteen."
        .to_owned();
    Box::pin(apps::return_for_preparation(
        s.db,
        &ctx,
        case.id,
        case.version,
        reason,
    ))
    .await?;

    // Decided: permits active, expiring within 30 days, expired, revoked and destroyed.
    let active = s.granted(&ACTIVE, HANDLER, 200, 2 * 365).await?;
    let expiring = s.granted(&EXPIRING, HANDLER_2, 700, 20).await?;
    let expired = s.granted(&EXPIRED, HANDLER, 600, -30).await?;
    let revoked = s.granted(&REVOKED, HANDLER_2, 300, 365).await?;
    let destroyed = s.granted(&DESTROYED, HANDLER, 900, -60).await?;
    {
        use deliveries::{Reached::*, advance};
        advance(s, active, 200, &[Prepared, Ordered]).await?;
        advance(s, expiring, 700, &[Received]).await?;
        advance(s, expired, 600, &[Delivered]).await?;
        advance(s, destroyed, 900, &[Delivered]).await?;
    }
    Box::pin(outputs::seed_outputs(s, active, expiring)).await?;

    // The permits' own events, later than their decisions.
    let ctx = as_user(DIRECTOR, s.at(30, 11));
    let permit = Box::pin(permits::get(s.db, &ctx, revoked)).await?;
    Box::pin(permits::revoke(
        s.db,
        &ctx,
        revoked,
        permit.version,
        "Luvanhaltija ilmoitti tietoturvapoikkeamasta käyttöympäristössä; käsittely keskeytetään."
            .to_owned(),
    ))
    .await?;
    let ctx = CallContext::system("seed").at(s.now);
    Box::pin(permits::run_expiry(s.db, &ctx)).await?;
    let ctx = as_user(RESEARCHER, s.now);
    let permit = Box::pin(permits::get(s.db, &ctx, destroyed)).await?;
    Box::pin(permits::confirm_data_destruction(
        s.db,
        &ctx,
        destroyed,
        permit.version,
        s.today() - Duration::days(20),
    ))
    .await?;

    // An amendment waiting: the active permit extended by a year.
    let permit = Box::pin(permits::get(s.db, &ctx, active)).await?;
    let created = s.at(5, 9);
    let mut content = ApplicationContent {
        applicant_name: Some("Aino Virtanen".to_owned()),
        organisation_id: s.organisation_of(RESEARCHER),
        organisation_name: Some("Helsingin yliopisto".to_owned()),
        business_id: Some("0313471-7".to_owned()),
        contact_email: Some("aino.virtanen@example.fi".to_owned()),
        ..ApplicationContent::default()
    };
    content.title = Some("Eteisvärinän antikoagulaatiohoito: jatkoaika".to_owned());
    content.public_summary = Some(
        "Seuranta-aikaa jatketaan vuodella, jotta myöhäiset aivoinfarktit saadaan mukaan."
            .to_owned(),
    );
    let draft = Box::pin(apps::create(
        s.db,
        &as_user(RESEARCHER, created),
        ApplicationKind::Amendment,
        content,
        Some(NewAmendment {
            permit_id: active,
            request: AmendmentRequest {
                changes: vec![AmendmentChange::ExtendValidity],
                new_valid_until: Some(permit.terms.valid_until + Duration::days(365)),
                ..AmendmentRequest::default()
            },
        }),
    ))
    .await?;
    s.report.applications += 1;
    Box::pin(apps::submit(
        s.db,
        &as_user(RESEARCHER, s.at(4, 10)),
        draft.id,
        draft.version,
    ))
    .await?;
    Ok(())
}
