// The staff's side of an output request: start the review; then approve (a reason for each
// FAIL finding overridden), ask for changes or reject, each with its reason; a Director who
// was not the reviewer confirms an approval that overrode a FAIL (four eyes); then release.
import { useState, type FormEvent } from "react";
import { useMutation } from "urql";
import { fromCombinedError, type ApiError } from "../../api/errors.ts";
import { ErrorSummary, RadioGroup, TextArea } from "../../components/form/index.ts";
import { ErrorState } from "../../components/States.tsx";
import { Button, Notice } from "../../components/ui/index.ts";
import type { OutputRequestDetailFragment } from "../../gql/graphql.ts";
import { useI18n } from "../../i18n/context.tsx";
import { problemsFor, validationProblems, type FieldProblem } from "../../lib/validation.ts";
import {
  ApproveOutputRequestMutation,
  ConfirmOutputApprovalMutation,
  RejectOutputRequestMutation,
  ReleaseOutputMutation,
  RequestOutputChangesMutation,
  StartOutputReviewMutation,
} from "./operations.ts";
import { failingFindings, findingKey, overrideIndex, overridesFor, type OutputAction } from "./outputs.ts";

type Request = OutputRequestDetailFragment;
type Decision = "approve" | "requestChanges" | "reject";

export function OutputStaffActions({ request, actions }: { request: Request; actions: readonly OutputAction[] }) {
  const { t } = useI18n();
  const [started, start] = useMutation(StartOutputReviewMutation);
  const [confirmed, confirm] = useMutation(ConfirmOutputApprovalMutation);
  const [released, release] = useMutation(ReleaseOutputMutation);
  const vars = { id: request.id, version: request.version };
  const error = started.error ?? confirmed.error ?? released.error;
  return (
    <section aria-labelledby="review-heading" className="card output-review">
      <h2 id="review-heading">{t("output.review.title")}</h2>
      {error && <ErrorState error={fromCombinedError(error)} />}
      {actions.includes("startReview") && (
        <Button disabled={started.fetching} onClick={() => void start(vars)}>
          {t("output.review.start")}
        </Button>
      )}
      {actions.includes("approve") && <DecisionForm request={request} />}
      {actions.includes("confirm") && (
        <>
          <Notice status="warning" id="confirm-notice">
            {t("output.review.confirmNotice", { reviewer: request.reviewerName ?? "—" })}
          </Notice>
          <div className="actions">
            <Button disabled={confirmed.fetching} aria-describedby="confirm-notice" onClick={() => void confirm(vars)}>
              {t("output.review.confirm")}
            </Button>
          </div>
        </>
      )}
      {request.awaitingSecondApproval && !actions.includes("confirm") && <p data-testid="awaiting-second">{t("output.review.awaitingSecond")}</p>}
      {actions.includes("release") && (
        <div className="actions">
          <Button disabled={released.fetching} onClick={() => void release(vars)}>
            {t("output.review.release")}
          </Button>
        </div>
      )}
    </section>
  );
}

function DecisionForm({ request }: { request: Request }) {
  const { t } = useI18n();
  const [decision, setDecision] = useState<Decision>("approve");
  const [reason, setReason] = useState("");
  const [overrideReasons, setOverrideReasons] = useState<Record<string, string>>({});
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [approved, approve] = useMutation(ApproveOutputRequestMutation);
  const [changed, requestChanges] = useMutation(RequestOutputChangesMutation);
  const [rejected, reject] = useMutation(RejectOutputRequestMutation);
  const busy = approved.fetching || changed.fetching || rejected.fetching;
  const failing = failingFindings(request.files);
  const overrideField = (key: string) => `override-${key.replace(/[^A-Za-z0-9]+/g, "-")}`;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const vars = { id: request.id, version: request.version };
    let r;
    if (decision === "approve") {
      const { overrides, missing } = overridesFor(request.files, overrideReasons);
      if (missing.length > 0) {
        setProblems(missing.map((key) => ({ field: overrideField(key), message: t("output.review.overrideRequired") })));
        return;
      }
      r = await approve({ ...vars, overrides: overrides.length > 0 ? overrides : null });
    } else {
      if (reason.trim() === "") {
        setProblems([{ field: "reason", message: t("output.review.reasonRequired") }]);
        return;
      }
      r = decision === "reject" ? await reject({ ...vars, reason: reason.trim() }) : await requestChanges({ ...vars, reason: reason.trim() });
    }
    if (r.error) {
      const apiError = fromCombinedError(r.error);
      // The server names an override by its place in the list sent, which is the order of
      // the failing findings (all of them had a reason, or nothing was sent).
      const keys = failing.map(({ file, finding }) => findingKey(file.id, finding));
      const found = validationProblems(apiError).map((p) => {
        const index = overrideIndex(p.field);
        return index !== null && keys[index] ? { ...p, field: overrideField(keys[index]) } : p;
      });
      setProblems(found);
      setFailure(found.length === 0 ? apiError : null);
    } else {
      setProblems([]);
      setFailure(null);
    }
  }

  const labels = new Map<string, string>([["reason", t("output.review.reason")]]);
  for (const { file, finding } of failing) {
    const key = findingKey(file.id, finding);
    labels.set(overrideField(key), t("output.review.overrideFor", { file: file.name, row: finding.rowLabel, column: finding.columnLabel, rule: t(`output.rule.${finding.rule}`) }));
  }

  return (
    <form noValidate onSubmit={submit} aria-labelledby="decision-heading">
      <h3 id="decision-heading">{t("output.review.decision")}</h3>
      <ErrorSummary problems={problems} labelFor={(f) => labels.get(f)} />
      {failure && <ErrorState error={failure} />}
      <RadioGroup name="decision" label={t("output.review.decision")} value={decision} onChange={(v) => setDecision(v as Decision)}
        options={[
          { value: "approve", label: t("output.review.approve"), hint: failing.length > 0 ? t("output.review.approveHint", { count: failing.length }) : undefined },
          { value: "requestChanges", label: t("output.review.requestChanges") },
          { value: "reject", label: t("output.review.reject"), hint: t("output.review.rejectHint") },
        ]} />
      {decision === "approve" &&
        failing.map(({ file, finding }) => {
          const field = overrideField(findingKey(file.id, finding));
          return (
            <TextArea key={field} name={field} label={labels.get(field)!} hint={finding.explanation} rows={2} required
              value={overrideReasons[findingKey(file.id, finding)] ?? ""} errors={problemsFor(problems, field)}
              onChange={(v) => setOverrideReasons((r) => ({ ...r, [findingKey(file.id, finding)]: v }))} />
          );
        })}
      {decision !== "approve" && (
        <TextArea name="reason" label={labels.get("reason")!} hint={t("output.review.reasonHint")} rows={4} required
          value={reason} errors={problemsFor(problems, "reason")} onChange={setReason} />
      )}
      <div className="actions">
        <Button type="submit" variant={decision === "reject" ? "danger" : "primary"} disabled={busy}>
          {t(`output.review.submit.${decision}`)}
        </Button>
      </div>
    </form>
  );
}
