// Apply to amend a permit: choose the changes and their new values; the rest of the
// application is copied from the permit's application by the server.
import { useMemo, useState } from "react";
import { useMutation, useQuery } from "urql";
import { useLocation, useParams } from "wouter";
import { fromCombinedError } from "../../api/errors.ts";
import { ErrorSummary } from "../../components/form/index.ts";
import { Page } from "../../components/Page.tsx";
import { ErrorState, Loading } from "../../components/States.tsx";
import { useI18n } from "../../i18n/context.tsx";
import { problemsFor, validationProblems } from "../../lib/validation.ts";
import { amendmentToInput, emptyAmendment, type AmendmentDraft } from "./amendment.ts";
import { AmendmentFields } from "./AmendmentFields.tsx";
import { CreateApplicationMutation, PermitForAmendmentQuery } from "./operations.ts";
import { Button } from "../../components/ui/index.ts";

export default function AmendPermitPage() {
  const { t, formatDate } = useI18n();
  const { id = "" } = useParams();
  const [, navigate] = useLocation();
  const [permitResult, refetch] = useQuery({ query: PermitForAmendmentQuery, variables: { id } });
  const [draft, setDraft] = useState<AmendmentDraft>(emptyAmendment);
  const [result, create] = useMutation(CreateApplicationMutation);
  const permit = permitResult.data?.permit;
  // The summary takes focus whenever its problems change: derived anew on every render, they
  // would pull focus from each field the applicant types in after a failed attempt.
  const failure = useMemo(() => (result.error ? fromCombinedError(result.error) : null), [result.error]);
  const problems = useMemo(() => validationProblems(failure), [failure]);
  return (
    <Page title={t("applicant.amend.title")}>
      {permitResult.fetching && <Loading />}
      {permitResult.error && <ErrorState error={fromCombinedError(permitResult.error)} onRetry={() => refetch()} />}
      {permit && (
        <>
          <p>{t("applicant.amend.permit", { number: permit.decisionNumber, date: formatDate(permit.validUntil) })}</p>
          <ErrorSummary problems={problems} />
          {failure && problems.length === 0 && <ErrorState error={failure} />}
          <form
            noValidate
            onSubmit={async (e) => {
              e.preventDefault();
              const r = await create({ kind: "AMENDMENT", input: {}, permit: permit.id, amendment: amendmentToInput(draft) });
              if (r.data) navigate(`/applications/${r.data.createApplication.id}/edit`);
            }}
          >
            <AmendmentFields permit={permit} draft={draft} onChange={setDraft} errorsFor={(path) => problemsFor(problems, path)} />
            <Button type="submit" disabled={result.fetching}>
              {t("applicant.amend.create")}
            </Button>
          </form>
        </>
      )}
    </Page>
  );
}
