// A permit holder asks to take results out of the processing environment: a description and
// one or more tables, sent as one multipart upload. A handler does the same for a data
// request's statistics (`?order=ID`). The server checks the tables at once; the report is on
// the request's page, where the browser goes next.
import { useState, type FormEvent } from "react";
import { useLocation, useSearchParams } from "wouter";
import { asApiError, isAbort, type ApiError } from "../../api/errors.ts";
import { ErrorSummary, TextArea } from "../../components/form/index.ts";
import { Page } from "../../components/Page.tsx";
import { ErrorState } from "../../components/States.tsx";
import { Button } from "../../components/ui/index.ts";
import { useI18n } from "../../i18n/context.tsx";
import { problemsFor, validationProblems, type FieldProblem } from "../../lib/validation.ts";
import { Link } from "../../router/router.tsx";
import { OutputTablesFields, useOutputFieldLabel } from "./OutputTablesFields.tsx";
import { submitOutputRequest } from "./outputUpload.ts";
import { emptyTable, formProblems, outputFormData, validateOutputForm, type OutputTarget, type TableDraft } from "./outputs.ts";
import "../../styles/delivery.css";

export function useOutputMessages() {
  const { t } = useI18n();
  return {
    descriptionRequired: t("output.form.descriptionRequired"),
    fileRequired: t("output.form.fileRequired"),
    notCsv: t("output.form.notCsv"),
    tooLarge: t("output.form.tooLarge"),
    tablesRequired: t("output.form.tablesRequired"),
  };
}

export default function NewOutputRequestPage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const [, navigate] = useLocation();
  const permitId = params.get("permit");
  const orderId = params.get("order");
  const target: OutputTarget | null = permitId ? { permitId } : orderId ? { deliveryOrderId: orderId } : null;
  const [description, setDescription] = useState("");
  const [tables, setTables] = useState<TableDraft[]>(() => [emptyTable()]);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [sending, setSending] = useState(false);
  const messages = useOutputMessages();
  const labelFor = useOutputFieldLabel();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!target || sending) return;
    setError(null);
    const local = validateOutputForm(description, tables, messages);
    setProblems(local);
    if (local.length > 0) return;
    setSending(true);
    try {
      const created = await submitOutputRequest(outputFormData(target, description, tables));
      navigate(`/outputs/${created.id}`);
    } catch (e) {
      if (isAbort(e)) return;
      const apiError = asApiError(e);
      const found = formProblems(validationProblems(apiError));
      setProblems(found);
      if (found.length === 0) setError(apiError);
    } finally {
      setSending(false);
    }
  }

  return (
    <Page title={t("output.new.title")}>
      {!target ? (
        <p role="alert">{t("output.new.noTarget")}</p>
      ) : (
        <>
          <p className="lead">{t(orderId && !permitId ? "output.new.introStatistics" : "output.new.intro")}</p>
          <ErrorSummary problems={problems} labelFor={labelFor} />
          {error && <ErrorState error={error} />}
          <form noValidate onSubmit={submit} aria-label={t("output.new.title")}>
            <TextArea name="description" label={t("output.form.description")} hint={t("output.form.descriptionHint")} rows={4} required
              value={description} errors={problemsFor(problems, "description")} onChange={setDescription} />
            <OutputTablesFields tables={tables} onChange={setTables} problems={problems} />
            <div className="actions">
              <Button type="submit" disabled={sending}>
                {t("output.new.submit")}
              </Button>
            </div>
          </form>
          <p>
            {permitId ? <Link to={`/permits/${permitId}`}>{t("output.new.backToPermit")}</Link> : <Link to={`/deliveries/${orderId}`}>{t("output.new.backToOrder")}</Link>}
          </p>
        </>
      )}
    </Page>
  );
}
