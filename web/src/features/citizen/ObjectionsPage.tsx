import { Fragment, useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import { useMutation, useQuery } from "urql";
import { asApiError, fromCombinedError, isAbort, type ApiError } from "../../api/errors.ts";
import { ErrorSummary, Select, TextField } from "../../components/form/index.ts";
import { Page } from "../../components/Page.tsx";
import { EmptyState, ErrorState, Loading } from "../../components/States.tsx";
import { useI18n } from "../../i18n/context.tsx";
import type { MessageKey } from "../../i18n/index.ts";
import type { MyObjectionsQuery } from "../../gql/graphql.ts";
import { problemsFor, validationProblems, type FieldProblem } from "../../lib/validation.ts";
import { AccessLogSection } from "../access-log/AccessLogSection.tsx";
import { fetchAccessExport, saveBlob } from "./accessExport.ts";
import { IDENTITY_CODE_PROBLEM_KEYS, identityCodeProblem, localiseProblems } from "./identityCode.ts";
import {
  EMPTY_FILE_OBJECTION_FORM,
  REPRESENTATION_BASES,
  placeFileObjectionProblems,
  toFileObjectionInput,
  type FileObjectionForm,
} from "./objectionForm.ts";
import { FileObjectionDocument, MyObjectionsDocument, WithdrawObjectionDocument } from "./operations.ts";
import { Button } from "../../components/ui/index.ts";

type Objection = MyObjectionsQuery["myObjections"]["nodes"][number];

const LIST_SIZE = 100;

export default function ObjectionsPage() {
  const { t } = useI18n();
  const [result, reexecute] = useQuery({ query: MyObjectionsDocument, variables: { first: LIST_SIZE } });
  const refresh = useCallback(() => reexecute({ requestPolicy: "network-only" }), [reexecute]);
  const objections = result.data?.myObjections.nodes;
  const [notice, setNotice] = useState<string | null>(null);
  const noticeRef = useFocusOnChange(notice);
  const withdrawn = useCallback(
    (code: string) => {
      setNotice(t("citizen.withdraw.done", { code }));
      refresh();
    },
    [t, refresh],
  );

  return (
    <Page title={t("citizen.title")}>
      <p className="lead">{t("citizen.intro")}</p>
      <ObjectionForm
        onFiled={() => {
          setNotice(null);
          refresh();
        }}
      />
      <section className="card" aria-labelledby="citizen-list-heading">
        <h2 id="citizen-list-heading">{t("citizen.list.heading")}</h2>
        <div ref={noticeRef} tabIndex={-1} role="status" data-testid="withdraw-result">
          {notice && <p>{notice}</p>}
        </div>
        {result.fetching && !objections && <Loading />}
        {result.error && <ErrorState error={fromCombinedError(result.error)} onRetry={refresh} />}
        {objections?.length === 0 && (
          <EmptyState>
            <p>{t("citizen.list.empty")}</p>
          </EmptyState>
        )}
        {objections && objections.length > 0 && (
          <div>
            {objections.map((o) => (
              <ObjectionCard key={o.id} objection={o} onWithdrawn={withdrawn} />
            ))}
          </div>
        )}
        {result.data?.myObjections.pageInfo.hasNextPage && <p>{t("citizen.list.truncated", { count: LIST_SIZE })}</p>}
      </section>
      <AccessLogSection />
      <AccessExportSection />
    </Page>
  );
}

function useFocusOnChange<T>(value: T) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (value) ref.current?.focus();
  }, [value]);
  return ref;
}

interface Filed {
  created: boolean;
  forOther: boolean;
  masked: string;
}

function ObjectionForm({ onFiled }: { onFiled: () => void }) {
  const { t } = useI18n();
  const [form, setForm] = useState<FileObjectionForm>(EMPTY_FILE_OBJECTION_FORM);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [filed, setFiled] = useState<Filed | null>(null);
  const [state, fileObjection] = useMutation(FileObjectionDocument);
  const announcement = useFocusOnChange(filed);

  const represented = form.filingFor === "REPRESENTED";
  const labels: Record<string, string> = {
    representedIdentityCode: t("citizen.form.identityCode"),
    representationBasis: t("citizen.form.basis"),
  };
  const codeProblem = identityCodeProblem(form.representedIdentityCode.trim());

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (state.fetching) return;
    setFiled(null);
    setError(null);
    const response = await fileObjection({ input: toFileObjectionInput(form) });
    if (response.error) {
      const apiError = fromCombinedError(response.error);
      const found = localiseProblems(placeFileObjectionProblems(validationProblems(apiError)), t);
      setProblems(found);
      if (found.length === 0) setError(apiError);
      return;
    }
    const payload = response.data!.fileObjection;
    // The identity code is personal data: forget it as soon as it has been used.
    setForm(EMPTY_FILE_OBJECTION_FORM);
    setProblems([]);
    setFiled({
      created: payload.created,
      forOther: payload.objection.filedForRepresentedPerson === true,
      masked: payload.objection.maskedIdentityCode,
    });
    onFiled();
  }

  return (
    <section className="card" aria-labelledby="citizen-file-heading">
      <h2 id="citizen-file-heading">{t("citizen.form.heading")}</h2>
      <p>{t("citizen.form.explanation")}</p>
      <div ref={announcement} tabIndex={-1} role="status" data-testid="file-result">
        {filed && (
          <p>
            {t(filed.created ? "citizen.form.filed" : "citizen.form.alreadyInForce", { code: filed.masked })}
          </p>
        )}
      </div>
      <ErrorSummary problems={problems} labelFor={(f) => labels[f]} />
      <form method="post" noValidate onSubmit={submit}>
        <Select
          name="filingFor"
          label={t("citizen.form.filingFor")}
          value={form.filingFor}
          onChange={(v) => setForm({ ...form, filingFor: v === "REPRESENTED" ? "REPRESENTED" : "SELF" })}
          options={[
            { value: "SELF", label: t("citizen.form.self") },
            { value: "REPRESENTED", label: t("citizen.form.represented") },
          ]}
        />
        {represented && (
          <>
            <TextField
              name="representedIdentityCode"
              label={t("citizen.form.identityCode")}
              hint={[
                t("citizen.identityCode.hint"),
                codeProblem && form.representedIdentityCode.trim().length >= 11 ? t(IDENTITY_CODE_PROBLEM_KEYS[codeProblem]) : null,
              ]
                .filter(Boolean)
                .join(" ")}
              value={form.representedIdentityCode}
              onChange={(v) => setForm({ ...form, representedIdentityCode: v })}
              errors={problemsFor(problems, "representedIdentityCode")}
              autoComplete="off"
              required
            />
            <Select
              name="representationBasis"
              label={t("citizen.form.basis")}
              hint={t("citizen.form.basisHint")}
              value={form.representationBasis}
              onChange={(v) => setForm({ ...form, representationBasis: REPRESENTATION_BASES.find((b) => b === v) ?? "" })}
              placeholder={t("citizen.form.choose")}
              options={REPRESENTATION_BASES.map((b) => ({ value: b, label: t(`citizen.objection.basis.${b}`) }))}
              errors={problemsFor(problems, "representationBasis")}
              required
            />
          </>
        )}
        {error && <ErrorState error={error} />}
        <Button type="submit" disabled={state.fetching}>
          {state.fetching ? t("citizen.form.pending") : t("citizen.form.submit")}
        </Button>
      </form>
    </section>
  );
}

function ObjectionCard({ objection: o, onWithdrawn }: { objection: Objection; onWithdrawn: (code: string) => void }) {
  const { t, formatDate } = useI18n();
  const [confirming, setConfirming] = useState(false);
  const [state, withdraw] = useMutation(WithdrawObjectionDocument);
  const [error, setError] = useState<ApiError | null>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const askButton = useRef<HTMLButtonElement>(null);
  const headingId = `objection-${o.id}`;

  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);

  async function confirm() {
    setError(null);
    const response = await withdraw({ id: o.id, version: o.version });
    if (response.error) {
      setError(fromCombinedError(response.error));
      return;
    }
    setConfirming(false);
    onWithdrawn(o.maskedIdentityCode);
  }

  function cancel() {
    setConfirming(false);
    askButton.current?.focus();
  }

  const facts: [MessageKey, string][] = [
    ["citizen.objection.field.status", t(`citizen.objection.status.${o.status}`)],
    ["citizen.objection.field.filedFor", t(o.filedForRepresentedPerson ? "citizen.objection.filedFor.other" : "citizen.objection.filedFor.self")],
    ...(o.representationBasis ? [["citizen.objection.field.basis", t(`citizen.objection.basis.${o.representationBasis}`)] as [MessageKey, string]] : []),
    ["citizen.objection.field.channel", t(`citizen.objection.channel.${o.channel}`)],
    ["citizen.objection.field.receivedOn", formatDate(o.receivedOn)],
    ["citizen.objection.field.processedOn", formatDate(o.processedOn)],
    ...(o.withdrawnOn ? [["citizen.objection.field.withdrawnOn", formatDate(o.withdrawnOn)] as [MessageKey, string]] : []),
  ];

  return (
    <article className="card" aria-labelledby={headingId}>
      <h3 id={headingId}>{t("citizen.list.item", { code: o.maskedIdentityCode })}</h3>
      <dl className="facts">
        {facts.map(([key, value]) => (
          <Fragment key={key}>
            <dt>{t(key)}</dt>
            <dd>{value}</dd>
          </Fragment>
        ))}
      </dl>
      {o.status === "IN_FORCE" && !confirming && (
        <p>
          <Button ref={askButton} type="button" onClick={() => setConfirming(true)}>
            {t("citizen.withdraw.button")}
          </Button>
        </p>
      )}
      {confirming && (
        <div role="group" aria-labelledby={`${headingId}-confirm`}>
          <p id={`${headingId}-confirm`}>{t("citizen.withdraw.confirm")}</p>
          <div className="row">
            <Button ref={confirmButton} type="button" onClick={confirm} disabled={state.fetching}>
              {t("citizen.withdraw.yes")}
            </Button>
            <Button type="button" onClick={cancel}>
              {t("citizen.withdraw.no")}
            </Button>
          </div>
        </div>
      )}
      {error && <ErrorState error={error} />}
    </article>
  );
}

function AccessExportSection() {
  const { t } = useI18n();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);

  async function download() {
    if (pending) return;
    setPending(true);
    setError(null);
    setSaved(false);
    try {
      const { blob, filename } = await fetchAccessExport();
      saveBlob(blob, filename);
      setSaved(true);
    } catch (e) {
      if (!isAbort(e)) setError(asApiError(e));
    } finally {
      setPending(false);
    }
  }

  return (
    <section className="card" aria-labelledby="citizen-export-heading">
      <h2 id="citizen-export-heading">{t("citizen.export.heading")}</h2>
      <p>{t("citizen.export.explanation")}</p>
      <Button type="button" onClick={download} disabled={pending}>
        {pending ? t("citizen.export.pending") : t("citizen.export.button")}
      </Button>
      <div role="status">{saved && <p>{t("citizen.export.saved")}</p>}</div>
      {error && <ErrorState error={error} onRetry={download} />}
    </section>
  );
}
