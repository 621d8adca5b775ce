import { Fragment, useEffect, useRef, useState, type FormEvent } from "react";
import { useMutation } from "urql";
import { fromCombinedError, type ApiError } from "../../api/errors.ts";
import { DateField, ErrorSummary, Select, TextField } from "../../components/form/index.ts";
import { Page } from "../../components/Page.tsx";
import { ErrorState } from "../../components/States.tsx";
import type { RecordObjectionMutation } from "../../gql/graphql.ts";
import { useI18n } from "../../i18n/context.tsx";
import type { MessageKey } from "../../i18n/index.ts";
import { problemsFor, validationProblems, type FieldProblem } from "../../lib/validation.ts";
import { IDENTITY_CODE_PROBLEM_KEYS, identityCodeProblem, localiseProblems } from "../citizen/identityCode.ts";
import { REPRESENTATION_BASES } from "../citizen/objectionForm.ts";
import { RecordObjectionDocument } from "./operations.ts";
import {
  EMPTY_RECORD_FORM,
  RECORD_CHANNELS,
  VERIFICATIONS,
  localRecordProblems,
  toRecordObjectionInput,
  withChannel,
  type RecordObjectionForm,
} from "./recordForm.ts";
import { Button } from "../../components/ui/index.ts";

type Recorded = RecordObjectionMutation["recordObjection"];

const FIELDS = [
  "identityCode",
  "channel",
  "identityVerification",
  "receivedOn",
  "processedOn",
  "representationBasis",
  "representativeIdentityCode",
] as const;

export default function RecordObjectionPage() {
  const { t, formatDate } = useI18n();
  const [form, setForm] = useState<RecordObjectionForm>(EMPTY_RECORD_FORM);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [recorded, setRecorded] = useState<Recorded | null>(null);
  const [state, record] = useMutation(RecordObjectionDocument);
  const announcement = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (recorded) announcement.current?.focus();
  }, [recorded]);

  const labels: Record<(typeof FIELDS)[number], string> = {
    identityCode: t("clerk.record.identityCode"),
    channel: t("clerk.record.channel"),
    identityVerification: t("clerk.record.verification"),
    receivedOn: t("clerk.record.receivedOn"),
    processedOn: t("clerk.record.processedOn"),
    representationBasis: t("clerk.record.basis"),
    representativeIdentityCode: t("clerk.record.representativeIdentityCode"),
  };
  const errorsFor = (field: string) => problemsFor(problems, field);

  function codeHint(value: string, base: MessageKey): string {
    const problem = value.trim().length >= 11 ? identityCodeProblem(value.trim()) : null;
    return problem ? `${t(base)} ${t(IDENTITY_CODE_PROBLEM_KEYS[problem])}` : t(base);
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (state.fetching) return;
    setRecorded(null);
    setError(null);
    const local = localRecordProblems(form).map((p) => ({ field: p.field, message: t(p.message) }));
    if (local.length > 0) {
      setProblems(local);
      return;
    }
    const response = await record({ input: toRecordObjectionInput(form) });
    if (response.error) {
      const apiError = fromCombinedError(response.error);
      const found = localiseProblems(validationProblems(apiError), t);
      setProblems(found);
      if (found.length === 0) setError(apiError);
      return;
    }
    // Identity codes are personal data: the form forgets them once recorded.
    setForm(EMPTY_RECORD_FORM);
    setProblems([]);
    setRecorded(response.data!.recordObjection);
  }

  const o = recorded?.objection;
  const facts: [MessageKey, string][] = o
    ? [
        ["citizen.objection.field.status", t(`citizen.objection.status.${o.status}`)],
        ["citizen.objection.field.channel", t(`citizen.objection.channel.${o.channel}`)],
        ["citizen.objection.field.verification", t(`citizen.objection.verification.${o.identityVerification}`)],
        ["citizen.objection.field.receivedOn", formatDate(o.receivedOn)],
        ["citizen.objection.field.processedOn", formatDate(o.processedOn)],
        ...(o.representationBasis
          ? [["citizen.objection.field.basis", t(`citizen.objection.basis.${o.representationBasis}`)] as [MessageKey, string]]
          : []),
      ]
    : [];

  return (
    <Page title={t("clerk.record.title")}>
      <p className="lead">{t("clerk.record.intro")}</p>
      <div ref={announcement} tabIndex={-1} role="status" data-testid="record-result">
        {recorded && o && (
          <div className="card">
            <h2>
              {t(recorded.created ? "clerk.record.created" : "clerk.record.existing", { code: o.maskedIdentityCode })}
            </h2>
            <dl className="facts">
              {facts.map(([key, value]) => (
                <Fragment key={key}>
                  <dt>{t(key)}</dt>
                  <dd>{value}</dd>
                </Fragment>
              ))}
            </dl>
          </div>
        )}
      </div>
      <ErrorSummary problems={problems} labelFor={(f) => labels[f as (typeof FIELDS)[number]]} />
      <form method="post" noValidate onSubmit={submit}>
        <TextField
          name="identityCode"
          label={labels.identityCode}
          hint={codeHint(form.identityCode, "citizen.identityCode.hint")}
          value={form.identityCode}
          onChange={(v) => setForm({ ...form, identityCode: v })}
          errors={errorsFor("identityCode")}
          autoComplete="off"
          required
        />
        <Select
          name="channel"
          label={labels.channel}
          value={form.channel}
          onChange={(v) => setForm(withChannel(form, RECORD_CHANNELS.find((c) => c === v) ?? "POST"))}
          options={RECORD_CHANNELS.map((c) => ({ value: c, label: t(`citizen.objection.channel.${c}`) }))}
          errors={errorsFor("channel")}
          required
        />
        <Select
          name="identityVerification"
          label={labels.identityVerification}
          hint={t("clerk.record.verificationHint")}
          value={form.identityVerification}
          onChange={(v) =>
            setForm({ ...form, identityVerification: VERIFICATIONS.find((x) => x === v) ?? form.identityVerification })
          }
          options={VERIFICATIONS.map((v) => ({ value: v, label: t(`citizen.objection.verification.${v}`) }))}
          errors={errorsFor("identityVerification")}
          required
        />
        <DateField
          name="receivedOn"
          label={labels.receivedOn}
          value={form.receivedOn}
          onChange={(v) => setForm({ ...form, receivedOn: v })}
          errors={errorsFor("receivedOn")}
          required
        />
        <DateField
          name="processedOn"
          label={labels.processedOn}
          hint={t("clerk.record.processedOnHint")}
          value={form.processedOn}
          onChange={(v) => setForm({ ...form, processedOn: v })}
          errors={errorsFor("processedOn")}
        />
        <Select
          name="representationBasis"
          label={labels.representationBasis}
          hint={t("clerk.record.basisHint")}
          value={form.representationBasis}
          onChange={(v) => setForm({ ...form, representationBasis: REPRESENTATION_BASES.find((b) => b === v) ?? "" })}
          placeholder={t("clerk.record.noRepresentative")}
          options={REPRESENTATION_BASES.map((b) => ({ value: b, label: t(`citizen.objection.basis.${b}`) }))}
          errors={errorsFor("representationBasis")}
        />
        {form.representationBasis !== "" && (
          <TextField
            name="representativeIdentityCode"
            label={labels.representativeIdentityCode}
            hint={codeHint(form.representativeIdentityCode, "clerk.record.representativeHint")}
            value={form.representativeIdentityCode}
            onChange={(v) => setForm({ ...form, representativeIdentityCode: v })}
            errors={errorsFor("representativeIdentityCode")}
            autoComplete="off"
          />
        )}
        {error && <ErrorState error={error} />}
        <Button type="submit" disabled={state.fetching}>
          {state.fetching ? t("clerk.record.pending") : t("clerk.record.submit")}
        </Button>
      </form>
    </Page>
  );
}
