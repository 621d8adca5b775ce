//! The demo permits' output requests (DESIGN.md section 13), made and moved by the real
//! steps so that their files, reports, history and decision records are real: under the
//! active permit one released long ago (the holder can download its tables) and one just
//! submitted, waiting in the handlers' queue with a cell under the minimum frequency; under
//! the expiring permit one approved by overriding a failing cell, waiting for a Director's
//! second approval.

use uuid::Uuid;

use super::{COMPANY, HANDLER, HANDLER_2, RESEARCHER, Seeder, as_user};
use crate::StoreError;
use crate::output::commands::{NewOutputFile, NewOutputRequest, submit};
use crate::output::review::{OverrideInput, approve, release, start_review};
use crate::output::{OutputCheckStatus, OutputRequest, OutputTableKind};

/// Every cell well above the minimum frequency.
const STROKES: &str = "hoito,2019,2020,2021\n\
    DOAC,412,455,498\n\
    varfariini,288,241,197\n\
    ei hoitoa,133,121,118\n";
const AGE_GROUPS: &str = "ikäryhmä,miehet,naiset\n\
    18-64,214,131\n\
    65-79,402,377\n\
    80+,217,308\n";
/// 80+ on warfarin: 7 persons, under the minimum frequency.
const BLEEDS: &str = "ikäryhmä,DOAC,varfariini\n\
    18-64,96,41\n\
    65-79,310,122\n\
    80+,204,7\n";
/// Operated women: 8 persons, under the minimum frequency.
const APNOEA: &str = "hoito,miehet,naiset\n\
    CPAP,1240,512\n\
    leikkaus,64,8\n";

fn table(name: &str, body: &str) -> NewOutputFile {
    NewOutputFile {
        name: name.to_owned(),
        kind: OutputTableKind::Frequency,
        bytes: body.as_bytes().to_vec(),
    }
}

/// The holder's request under `permit`, submitted `days_ago`.
async fn submitted(
    s: &Seeder<'_>,
    holder: &str,
    permit: Uuid,
    days_ago: i64,
    description: &str,
    files: Vec<NewOutputFile>,
) -> Result<OutputRequest, StoreError> {
    let input = NewOutputRequest {
        permit_id: Some(permit),
        delivery_order_id: None,
        description: description.to_owned(),
        files,
    };
    let ctx = as_user(holder, s.at(days_ago, 10));
    Box::pin(submit(s.db, &ctx, s.files, s.check, input)).await
}

/// `handler` reviews the request `days_ago` and approves it, overriding each failing cell
/// with `reason`.
async fn approved(
    s: &Seeder<'_>,
    handler: &str,
    request: OutputRequest,
    days_ago: i64,
    reason: &str,
) -> Result<OutputRequest, StoreError> {
    let ctx = as_user(handler, s.at(days_ago, 9));
    let request = Box::pin(start_review(s.db, &ctx, request.id, request.version)).await?;
    let overrides = request
        .files
        .iter()
        .flat_map(|file| {
            file.findings
                .iter()
                .filter(|f| f.status == OutputCheckStatus::Fail)
                .map(|f| OverrideInput {
                    file_id: file.id,
                    row: f.row,
                    column: f.column,
                    rule: f.rule,
                    reason: reason.to_owned(),
                })
        })
        .collect();
    let ctx = as_user(handler, s.at(days_ago, 14));
    Box::pin(approve(s.db, &ctx, request.id, request.version, overrides)).await
}

pub(super) async fn seed_outputs(
    s: &Seeder<'_>,
    active: Uuid,
    expiring: Uuid,
) -> Result<(), StoreError> {
    // Released: every cell passed, so one handler approved and released it.
    let request = submitted(
        s,
        RESEARCHER,
        active,
        60,
        "Aivoinfarktit hoitoryhmittäin vuosina 2019–2021 ja hoidetut ikäryhmittäin.",
        vec![
            table("aivoinfarktit-hoidoittain.csv", STROKES),
            table("hoidetut-ikaryhmittain.csv", AGE_GROUPS),
        ],
    )
    .await?;
    let request = approved(s, HANDLER, request, 58, "").await?;
    let ctx = as_user(HANDLER, s.at(58, 15));
    Box::pin(release(s.db, &ctx, request.id, request.version)).await?;

    // Waiting in the queue: a cell under the minimum frequency for the reviewer to weigh.
    submitted(
        s,
        RESEARCHER,
        active,
        2,
        "Vuotokomplikaatiot ikäryhmittäin ja lääkkeittäin.",
        vec![table("vuodot-ikaryhmittain.csv", BLEEDS)],
    )
    .await?;

    // Approved over a failing cell: the four eyes' second pair is a Director's.
    let request = submitted(
        s,
        COMPANY,
        expiring,
        9,
        "Uniapnean hoitomuodot sukupuolittain.",
        vec![table("uniapnea-hoidot.csv", APNOEA)],
    )
    .await?;
    approved(
        s,
        HANDLER_2,
        request,
        6,
        "Leikattujen naisten määrä on julkaistu jo THL:n tilastoraportissa 2023.",
    )
    .await?;
    Ok(())
}
