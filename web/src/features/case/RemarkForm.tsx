import { useState } from "react";
import { useMutation } from "urql";
import { fromCombinedError } from "../../api/errors.ts";
import { Select, TextArea } from "../../components/form/index.ts";
import { ErrorState } from "../../components/States.tsx";
import { Button } from "../../components/ui/index.ts";
import type { RemarkVisibility } from "../../gql/graphql.ts";
import { useI18n } from "../../i18n/context.tsx";
import { problemsFor, validationProblems } from "../../lib/validation.ts";
import { AddRemarkMutation } from "./operations.ts";

/**
 * Staff add an internal remark or one addressed to the applicant. After each remark the
 * choice goes back to internal, so a note meant for colleagues never reaches the applicant
 * because the previous remark was addressed to them.
 */
export function RemarkForm({ applicationId }: { applicationId: string }) {
  const { t } = useI18n();
  const [visibility, setVisibility] = useState<RemarkVisibility>("INTERNAL");
  const [body, setBody] = useState("");
  const [result, add] = useMutation(AddRemarkMutation);
  const failure = result.error ? fromCombinedError(result.error) : null;
  const problems = validationProblems(failure);
  return (
    <form
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        const r = await add({ applicationId, visibility, body });
        if (!r.error) {
          setBody("");
          setVisibility("INTERNAL");
        }
      }}
    >
      <h3>{t("case.remarkForm.title")}</h3>
      {failure && problems.length === 0 && <ErrorState error={failure} />}
      <Select name="visibility" label={t("case.remarkForm.visibility")} value={visibility}
        options={(["INTERNAL", "TO_APPLICANT"] as const).map((v) => ({ value: v, label: t(`case.remark.${v}`) }))}
        onChange={(v) => setVisibility(v as RemarkVisibility)} />
      <TextArea name="body" label={t("case.remarkForm.body")} required rows={3} value={body}
        errors={problemsFor(problems, "body")} onChange={setBody} />
      <Button type="submit" disabled={result.fetching}>
        {t("case.remarkForm.submit")}
      </Button>
    </form>
  );
}
