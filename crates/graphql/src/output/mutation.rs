//! The review steps of an output request, and a permit's stricter thresholds.

use async_graphql::{Context, Object};
use tietolupa_domain::MessageKey;
use tietolupa_store::output::PermitThresholds;
use tietolupa_store::output::review::{self as commands, OverrideInput};
use uuid::Uuid;

use super::types::{OutputCheckThresholdsInput, OutputOverrideInput, OutputRequest};
use crate::ApiError;
use crate::context::ContextExt;
use crate::permits::Permit;

#[derive(Default)]
pub struct OutputRequestMutation;

fn non_negative(value: i32, field: String) -> Result<usize, ApiError> {
    usize::try_from(value).map_err(|_| ApiError::validation(field, MessageKey::UnknownValue))
}

#[Object]
impl OutputRequestMutation {
    /// A handler takes a submitted request for review.
    async fn start_output_review(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        version: i32,
    ) -> Result<OutputRequest, ApiError> {
        Ok(OutputRequest(
            commands::start_review(ctx.db(), ctx.caller(), id, version).await?,
        ))
    }

    /// Approves the current submission. Every failing cell needs an override with a reason;
    /// overriding one leaves the request awaiting a Director's `confirmOutputApproval`.
    async fn approve_output_request(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        version: i32,
        overrides: Option<Vec<OutputOverrideInput>>,
    ) -> Result<OutputRequest, ApiError> {
        let overrides = overrides
            .unwrap_or_default()
            .into_iter()
            .enumerate()
            .map(|(i, o)| {
                Ok(OverrideInput {
                    file_id: o.file_id,
                    row: non_negative(o.row, format!("overrides.{i}.row"))?,
                    column: non_negative(o.column, format!("overrides.{i}.column"))?,
                    rule: o.rule.into(),
                    reason: o.reason,
                })
            })
            .collect::<Result<Vec<_>, ApiError>>()?;
        Ok(OutputRequest(
            commands::approve(ctx.db(), ctx.caller(), id, version, overrides).await?,
        ))
    }

    /// The second pair of eyes: a Director who is not the reviewer confirms an approval
    /// that overrode failing cells.
    async fn confirm_output_approval(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        version: i32,
    ) -> Result<OutputRequest, ApiError> {
        Ok(OutputRequest(
            commands::confirm_approval(ctx.db(), ctx.caller(), id, version).await?,
        ))
    }

    /// Sends the request back to the holder for a new submission.
    async fn request_output_changes(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        version: i32,
        reason: String,
    ) -> Result<OutputRequest, ApiError> {
        Ok(OutputRequest(
            commands::request_changes(ctx.db(), ctx.caller(), id, version, &reason).await?,
        ))
    }

    /// Rejects the request; its files are never released.
    async fn reject_output_request(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        version: i32,
        reason: String,
    ) -> Result<OutputRequest, ApiError> {
        Ok(OutputRequest(
            commands::reject(ctx.db(), ctx.caller(), id, version, &reason).await?,
        ))
    }

    /// Releases approved files to the holder; audited with each file's SHA-256.
    async fn release_output(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        version: i32,
    ) -> Result<OutputRequest, ApiError> {
        Ok(OutputRequest(
            commands::release(ctx.db(), ctx.caller(), id, version).await?,
        ))
    }

    /// A permit's own, stricter disclosure-check thresholds (staff). Unset fields keep the
    /// configured default; a looser value is a `VALIDATION` error.
    async fn set_output_check_thresholds(
        &self,
        ctx: &Context<'_>,
        permit_id: Uuid,
        version: i32,
        thresholds: OutputCheckThresholdsInput,
    ) -> Result<Permit, ApiError> {
        let positive = |v: Option<i32>, field: &str| -> Result<Option<u64>, ApiError> {
            v.map(|v| {
                u64::try_from(v).ok().filter(|v| *v > 0).ok_or_else(|| {
                    ApiError::validation(format!("thresholds.{field}"), MessageKey::UnknownValue)
                })
            })
            .transpose()
        };
        let own = PermitThresholds {
            minimum_frequency: positive(thresholds.minimum_frequency, "minimumFrequency")?,
            dominance_n: positive(thresholds.dominance_n, "dominanceN")?
                .map(|n| n.min(u64::from(u32::MAX)) as u32),
            dominance_k: thresholds.dominance_k,
            p_percent: thresholds.p_percent,
            zeros_disclosive: None,
        };
        Ok(Permit(
            commands::set_thresholds(
                ctx.db(),
                ctx.caller(),
                ctx.output_check(),
                permit_id,
                version,
                own,
            )
            .await?,
        ))
    }
}
