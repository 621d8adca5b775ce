// One organisation (DESIGN.md section 12). Handlers change its details, end the customer
// relationship and keep its contact persons; its main user keeps the contact persons; other
// contact persons and the Director read it.
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useMutation, useQuery } from "urql";
import { useParams } from "wouter";
import { fromCombinedError } from "../../api/errors.ts";
import { useMe, type Me } from "../../api/session.tsx";
import { DateField, ErrorSummary } from "../../components/form/index.ts";
import { Page } from "../../components/Page.tsx";
import { ErrorState, Loading } from "../../components/States.tsx";
import type { OrganisationDetailQuery } from "../../gql/graphql.ts";
import { useI18n } from "../../i18n/context.tsx";
import { problemsFor } from "../../lib/validation.ts";
import { Link } from "../../router/router.tsx";
import { ChangeError, Facts, FormActions, OrganisationInputs, useChangeProblems, useFirstFieldFocus } from "./OrganisationParts.tsx";
import { ContactPersons } from "./ContactPersons.tsx";
import { OrganisationDetailQuery as OrganisationDetailDocument, EndCustomerRelationshipMutation, UpdateOrganisationMutation } from "./operations.ts";
import {
  administers,
  missingDate,
  openerId,
  organisationFields,
  organisationInput,
  type OpenForm,
  type OrganisationFields,
} from "./organisationForm.ts";
import { Button, Notice } from "../../components/ui/index.ts";

export type OrganisationDetail = OrganisationDetailQuery["organisation"];

export default function OrganisationPage() {
  const { t } = useI18n();
  const { id = "" } = useParams();
  const meState = useMe();
  const me = meState.status === "ready" ? meState.me : null;
  const [result, refetch] = useQuery({
    query: OrganisationDetailDocument,
    variables: { id },
    requestPolicy: "cache-and-network",
  });
  const organisation = result.data?.organisation;
  const reload = () => refetch({ requestPolicy: "network-only" });
  const isStaff = !!me && (me.roles.includes("HANDLER") || me.roles.includes("DIRECTOR"));
  return (
    <Page title={organisation?.name ?? t("organisations.titleLoading")}>
      {me && (
        <p>
          <Link to={isStaff ? "/organisations" : "/my-organisations"}>
            {t(isStaff ? "organisations.backToRegister" : "organisations.backToMine")}
          </Link>
        </p>
      )}
      {(result.fetching || !me) && !organisation && <Loading />}
      {result.error && !organisation && <ErrorState error={fromCombinedError(result.error)} onRetry={reload} />}
      {organisation && me && <OrganisationView organisation={organisation} me={me} onReload={reload} />}
    </Page>
  );
}

function OrganisationView({ organisation: o, me, onReload }: { organisation: OrganisationDetail; me: Me; onReload: () => void }) {
  const { t, formatDate } = useI18n();
  const isHandler = me.roles.includes("HANDLER");
  const purged = !!o.contactDataPurgedOn;
  const [open, setOpen] = useState<OpenForm>(null);
  const [done, setDone] = useState<string | null>(null);
  useFocusReturn(open);
  const start = (form: OpenForm) => {
    setDone(null);
    setOpen(form);
  };
  const finished = (message: string) => {
    setOpen(null);
    setDone(message);
  };
  const reload = () => {
    setOpen(null);
    onReload();
  };
  const facts: [string, string][] = [
    [t("organisations.name"), o.name],
    [t("organisations.businessId"), o.businessId],
    [t("organisations.address"), o.address ?? t("organisations.noneGiven")],
    [t("organisations.customerSince"), formatDate(o.customerSince)],
    [
      t("organisations.relationship"),
      o.relationshipEndedOn ? t("organisations.endedOnDate", { date: formatDate(o.relationshipEndedOn) }) : t("organisations.ongoing"),
    ],
  ];
  if (o.contactDataPurgedOn) facts.push([t("organisations.contactsTitle"), t("organisations.purgedOn", { date: formatDate(o.contactDataPurgedOn) })]);

  return (
    <>
      <div role="status" data-testid="organisation-done">
        {done && <Notice>{done}</Notice>}
      </div>
      <section aria-labelledby="organisation-details" className="card">
        <h2 id="organisation-details">{t("organisations.details")}</h2>
        <Facts facts={facts} />
        {o.relationshipEndedOn && !purged && <p>{t("organisations.purgeNote")}</p>}
        {isHandler && !purged && open !== "details" && (
          <div className="actions">
            <Button id={openerId("details")} type="button" variant="secondary" onClick={() => start("details")}>
              {t("organisations.edit.start")}
            </Button>
          </div>
        )}
        {open === "details" && (
          <DetailsForm organisation={o} onSaved={() => finished(t("organisations.edit.done"))} onCancel={() => setOpen(null)} onReload={reload} />
        )}
      </section>
      {isHandler && !o.relationshipEndedOn && (
        <section aria-labelledby="organisation-end" className="card">
          <h2 id="organisation-end">{t("organisations.end.title")}</h2>
          <p>{t("organisations.purgeNote")}</p>
          {open === "end" ? (
            <EndRelationshipForm organisation={o} onEnded={(date) => finished(t("organisations.end.done", { date: formatDate(date) }))}
              onCancel={() => setOpen(null)} onReload={reload} />
          ) : (
            <div className="actions">
              <Button id={openerId("end")} type="button" variant="danger" onClick={() => start("end")}>
                {t("organisations.end.start")}
              </Button>
            </div>
          )}
        </section>
      )}
      <ContactPersons
        organisation={o}
        manages={!purged && (isHandler || administers(me.id, o.contactPersons))}
        staff={isHandler || me.roles.includes("DIRECTOR")}
        subject={me.id}
        open={open}
        onOpen={start}
        onClose={() => setOpen(null)}
        onDone={finished}
        onReload={reload}
      />
    </>
  );
}

/**
 * A closed form took the focused element with it: focus goes back to the button that opened
 * it, where that is still there (not after a removal), so keyboard users keep their place.
 */
function useFocusReturn(open: OpenForm) {
  const last = useRef<OpenForm>(null);
  useEffect(() => {
    const closed = last.current;
    last.current = open;
    if (open !== null || closed === null) return;
    if (document.activeElement && document.activeElement !== document.body) return;
    document.getElementById(openerId(closed))?.focus();
  }, [open]);
}

interface FormProps {
  organisation: OrganisationDetail;
  onCancel: () => void;
  onReload: () => void;
}

function DetailsForm({ organisation, onSaved, onCancel, onReload }: FormProps & { onSaved: () => void }) {
  const { t } = useI18n();
  const [form, setForm] = useState<OrganisationFields>(() => organisationFields(organisation));
  const { problems, error, failed, local } = useChangeProblems();
  const [state, update] = useMutation(UpdateOrganisationMutation);
  const formRef = useFirstFieldFocus();
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (state.fetching || local(missingDate("customerSince", form.customerSince, t("form.required")))) return;
    const response = await update({ id: organisation.id, version: organisation.version, input: organisationInput(form) });
    if (response.error) failed(fromCombinedError(response.error));
    else onSaved();
  }

  return (
    <form ref={formRef} method="post" noValidate onSubmit={submit} aria-labelledby="organisation-edit-title">
      <h3 id="organisation-edit-title">{t("organisations.edit.title")}</h3>
      <OrganisationInputs form={form} onChange={setForm} problems={problems} />
      <ChangeError error={error} onReload={onReload} />
      <FormActions submit={t("organisations.edit.submit")} pending={state.fetching} onCancel={onCancel} />
    </form>
  );
}

function EndRelationshipForm({ organisation, onEnded, onCancel, onReload }: FormProps & { onEnded: (date: string) => void }) {
  const { t } = useI18n();
  const [endedOn, setEndedOn] = useState("");
  const { problems, error, failed, local } = useChangeProblems();
  const [state, end] = useMutation(EndCustomerRelationshipMutation);
  const formRef = useFirstFieldFocus();
  const label = t("organisations.end.endedOn");

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (state.fetching || local(missingDate("endedOn", endedOn, t("form.required")))) return;
    const response = await end({ id: organisation.id, version: organisation.version, endedOn });
    if (response.error) failed(fromCombinedError(response.error));
    else onEnded(endedOn);
  }

  return (
    <form ref={formRef} method="post" noValidate onSubmit={submit} aria-describedby="organisation-end-warning">
      <ErrorSummary problems={problems} labelFor={(f) => (f === "endedOn" ? label : undefined)} />
      <DateField name="endedOn" label={label} value={endedOn} required min={organisation.customerSince}
        onChange={setEndedOn} errors={problemsFor(problems, "endedOn")} />
      <Notice id="organisation-end-warning" status="warning">
        {t("organisations.end.warning")}
      </Notice>
      <ChangeError error={error} onReload={onReload} />
      <FormActions submit={t("organisations.end.confirm")} pending={state.fetching} danger onCancel={onCancel} />
    </form>
  );
}
