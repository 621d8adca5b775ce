// An organisation's contact persons by role; whoever manages them (a handler, or the
// organisation's main user) adds, edits and removes them here.
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useMutation } from "urql";
import { fromCombinedError, type ApiError } from "../../api/errors.ts";
import { ErrorSummary, Select, TextField } from "../../components/form/index.ts";
import { useI18n } from "../../i18n/context.tsx";
import { problemsFor } from "../../lib/validation.ts";
import { ChangeError, Facts, FormActions, useChangeProblems, useFirstFieldFocus } from "./OrganisationParts.tsx";
import type { OrganisationDetail } from "./OrganisationPage.tsx";
import { AddContactPersonMutation, RemoveContactPersonMutation, UpdateContactPersonMutation } from "./operations.ts";
import {
  byRole,
  CONTACT_ROLES,
  contactFields,
  contactInput,
  EMPTY_CONTACT,
  isEditing,
  isRemoving,
  openerId,
  type ContactFields,
  type OpenForm,
} from "./organisationForm.ts";
import { Button, Notice } from "../../components/ui/index.ts";

type Contact = OrganisationDetail["contactPersons"][number];

/** Where the contact form's fields live, apart from the organisation form's `name`. */
const PREFIX = "contact";

interface ContactPersonsProps {
  organisation: OrganisationDetail;
  /** The caller may add, edit and remove contact persons. */
  manages: boolean;
  /** The caller is staff, whose reads of contact persons are audited. */
  staff: boolean;
  /** The caller's sign-in subject, to warn before they remove themselves. */
  subject: string;
  open: OpenForm;
  onOpen: (form: OpenForm) => void;
  onClose: () => void;
  onDone: (message: string) => void;
  onReload: () => void;
}

export function ContactPersons(props: ContactPersonsProps) {
  const { t, formatDate } = useI18n();
  const { organisation: o, manages, open } = props;
  const contacts = byRole(o.contactPersons);
  return (
    <section aria-labelledby="organisation-contact-persons" className="card" data-testid="organisation-contact-persons">
      <h2 id="organisation-contact-persons">{t("organisations.contactsTitle")}</h2>
      {o.contactDataPurgedOn ? (
        <p>{t("organisations.purgedNote", { date: formatDate(o.contactDataPurgedOn) })}</p>
      ) : (
        props.staff && <p className="lead">{t("organisations.contactsNote")}</p>
      )}
      {!o.contactDataPurgedOn && contacts.length === 0 && <p>{t("organisations.noContacts")}</p>}
      {!props.staff && !manages && !o.contactDataPurgedOn && <p>{t("organisations.readOnly")}</p>}
      {contacts.length > 0 && (
        <ul className="plain-list">
          {contacts.map((c) => (
            <li key={c.id}>
              <ContactCard contact={c} {...props} />
            </li>
          ))}
        </ul>
      )}
      {manages && open !== "addContact" && (
        <div className="actions">
          <Button id={openerId("addContact")} type="button" onClick={() => props.onOpen("addContact")}>
            {t("organisations.contact.add")}
          </Button>
        </div>
      )}
      {open === "addContact" && (
        <ContactForm organisation={o} onCancel={props.onClose} onReload={props.onReload}
          onSaved={(name) => props.onDone(t("organisations.contact.added", { name }))} />
      )}
    </section>
  );
}

function ContactCard({ contact: c, manages, open, ...props }: ContactPersonsProps & { contact: Contact }) {
  const { t } = useI18n();
  const headingId = `contact-${c.id}`;
  const facts: [string, string][] = [
    [t("organisations.role"), t(`organisations.role.${c.role}`)],
    [t("organisations.email"), c.email],
  ];
  if (c.phone) facts.push([t("organisations.phone"), c.phone]);
  if (c.userSubject) facts.push([t("organisations.userSubject"), c.userSubject]);
  const editing = isEditing(open, c.id);
  const removing = isRemoving(open, c.id);
  return (
    <article aria-labelledby={headingId} data-testid="contact-person">
      <h3 id={headingId}>{c.name}</h3>
      <Facts facts={facts} />
      {manages && !editing && !removing && (
        <div className="actions">
          <Button id={openerId({ edit: c.id })} type="button" variant="secondary" onClick={() => props.onOpen({ edit: c.id })}>
            {t("organisations.contact.edit", { name: c.name })}
          </Button>
          <Button id={openerId({ remove: c.id })} type="button" variant="secondary" onClick={() => props.onOpen({ remove: c.id })}>
            {t("organisations.contact.remove", { name: c.name })}
          </Button>
        </div>
      )}
      {editing && (
        <ContactForm organisation={props.organisation} contact={c} onCancel={props.onClose} onReload={props.onReload}
          onSaved={(name) => props.onDone(t("organisations.contact.saved", { name }))} />
      )}
      {removing && (
        <RemoveContact organisation={props.organisation} contact={c} yourself={c.userSubject === props.subject} onCancel={props.onClose} onReload={props.onReload}
          onRemoved={() => props.onDone(t("organisations.contact.removed", { name: c.name }))} />
      )}
    </article>
  );
}

interface ChangeProps {
  organisation: OrganisationDetail;
  onCancel: () => void;
  onReload: () => void;
}

/** Adds a contact person, or with `contact` replaces that one's details. */
function ContactForm({ organisation, contact, onSaved, onCancel, onReload }: ChangeProps & { contact?: Contact; onSaved: (name: string) => void }) {
  const { t } = useI18n();
  const [form, setForm] = useState<ContactFields>(() => (contact ? contactFields(contact) : EMPTY_CONTACT));
  const { problems, error, failed } = useChangeProblems();
  const [added, add] = useMutation(AddContactPersonMutation);
  const [updated, update] = useMutation(UpdateContactPersonMutation);
  const pending = added.fetching || updated.fetching;
  const labels: Record<keyof ContactFields, string> = {
    role: t("organisations.role"),
    name: t("organisations.name"),
    email: t("organisations.email"),
    phone: t("organisations.phone"),
    userSubject: t("organisations.userSubject"),
  };
  const field = (name: keyof ContactFields) => `${PREFIX}.${name}`;
  const set = (name: keyof ContactFields) => (value: string) => setForm({ ...form, [name]: value });
  const titleId = "contact-form-title";
  const formRef = useFirstFieldFocus();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const common = { organisationId: organisation.id, version: organisation.version, input: contactInput(form) };
    const response = contact ? await update({ ...common, contactPersonId: contact.id }) : await add(common);
    if (response.error) failed(fromCombinedError(response.error), PREFIX);
    else onSaved(form.name.trim());
  }

  return (
    <form ref={formRef} method="post" noValidate onSubmit={submit} aria-labelledby={titleId}>
      {contact ? (
        <h4 id={titleId}>{t("organisations.contact.editTitle", { name: contact.name })}</h4>
      ) : (
        <h3 id={titleId}>{t("organisations.contact.addTitle")}</h3>
      )}
      <ErrorSummary problems={problems} labelFor={(f) => labels[f.slice(PREFIX.length + 1) as keyof ContactFields]} />
      <Select name={field("role")} label={labels.role} value={form.role} required
        options={CONTACT_ROLES.map((r) => ({ value: r, label: t(`organisations.role.${r}`) }))}
        onChange={(v) => setForm({ ...form, role: v as ContactFields["role"] })} errors={problemsFor(problems, field("role"))} />
      <TextField name={field("name")} label={labels.name} value={form.name} required autoComplete="off"
        onChange={set("name")} errors={problemsFor(problems, field("name"))} />
      <TextField name={field("email")} label={labels.email} type="email" value={form.email} required autoComplete="off"
        onChange={set("email")} errors={problemsFor(problems, field("email"))} />
      <TextField name={field("phone")} label={labels.phone} type="tel" value={form.phone} autoComplete="off"
        onChange={set("phone")} errors={problemsFor(problems, field("phone"))} />
      <TextField name={field("userSubject")} label={labels.userSubject} hint={t("organisations.userSubjectHint")} value={form.userSubject}
        autoComplete="off" onChange={set("userSubject")} errors={problemsFor(problems, field("userSubject"))} />
      <ChangeError error={error} onReload={onReload} />
      <FormActions submit={contact ? t("organisations.contact.save") : t("organisations.contact.add")} pending={pending} onCancel={onCancel} />
    </form>
  );
}

function RemoveContact({ organisation, contact, yourself, onRemoved, onCancel, onReload }: ChangeProps & {
  contact: Contact;
  /** The caller is this contact person: removing it may take their access to the organisation. */
  yourself: boolean;
  onRemoved: () => void;
}) {
  const { t } = useI18n();
  const [state, remove] = useMutation(RemoveContactPersonMutation);
  const [error, setError] = useState<ApiError | null>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const questionId = `remove-${contact.id}`;

  useEffect(() => confirmButton.current?.focus(), []);

  async function confirm() {
    if (state.fetching) return;
    setError(null);
    const response = await remove({ organisationId: organisation.id, version: organisation.version, contactPersonId: contact.id });
    if (response.error) setError(fromCombinedError(response.error));
    else onRemoved();
  }

  return (
    <div role="group" aria-labelledby={questionId}>
      <p id={questionId}>{t("organisations.contact.removeConfirm", { name: contact.name, role: t(`organisations.role.${contact.role}`) })}</p>
      {yourself && <Notice status="warning">{t("organisations.contact.removeYourself")}</Notice>}
      <div className="actions">
        <Button ref={confirmButton} type="button" variant="danger" onClick={confirm} disabled={state.fetching}>
          {t("organisations.contact.removeYes")}
        </Button>
        <Button type="button" variant="secondary" onClick={onCancel}>
          {t("organisations.cancel")}
        </Button>
      </div>
      <ChangeError error={error} onReload={onReload} />
    </div>
  );
}
