// The organisation page's form logic, kept out of the components so it is tested alone:
// form values from what the server shows, inputs for the mutations, and who may do what.
import type { ApiError } from "../../api/errors.ts";
import type { ContactPersonInput, ContactRole, OrganisationInput } from "../../gql/graphql.ts";
import type { FieldProblem } from "../../lib/validation.ts";

/** The roles in the order the page lists them: the administrator first. */
export const CONTACT_ROLES: readonly ContactRole[] = ["MAIN_USER", "TECHNICAL", "DATA_PROTECTION_OFFICER", "INVOICING"];

export interface OrganisationFields {
  name: string;
  businessId: string;
  address: string;
  /** ISO date, "" for none yet. */
  customerSince: string;
}

export const EMPTY_ORGANISATION: OrganisationFields = { name: "", businessId: "", address: "", customerSince: "" };

export interface ContactFields {
  role: ContactRole;
  name: string;
  email: string;
  phone: string;
  /** The person's sign-in subject (token `sub`), "" for none. */
  userSubject: string;
}

export const EMPTY_CONTACT: ContactFields = { role: "TECHNICAL", name: "", email: "", phone: "", userSubject: "" };

interface ShownOrganisation {
  name: string;
  businessId: string;
  address?: string | null;
  customerSince: string;
}

interface ShownContact {
  role: ContactRole;
  name: string;
  email: string;
  phone?: string | null;
  userSubject?: string | null;
}

export function organisationFields(o: ShownOrganisation): OrganisationFields {
  return { name: o.name, businessId: o.businessId, address: o.address ?? "", customerSince: o.customerSince };
}

/** Blank optional text is "none" to the server, not an empty string it would keep. */
function optional(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed;
}

export function organisationInput(f: OrganisationFields): OrganisationInput {
  return { name: f.name, businessId: f.businessId.trim(), address: optional(f.address), customerSince: f.customerSince };
}

export function contactFields(c: ShownContact): ContactFields {
  return { role: c.role, name: c.name, email: c.email, phone: c.phone ?? "", userSubject: c.userSubject ?? "" };
}

export function contactInput(f: ContactFields): ContactPersonInput {
  return { role: f.role, name: f.name, email: f.email.trim(), phone: optional(f.phone), userSubject: optional(f.userSubject) };
}

/**
 * A date input left empty sends nothing the GraphQL `Date` scalar accepts, so the server
 * would answer with a bare parse error: say "required" beside the field instead.
 */
export function missingDate(field: string, value: string, required: string): FieldProblem[] {
  return value === "" ? [{ field, message: required }] : [];
}

/** Who holds a role in the organisation. */
type Holder = Pick<ShownContact, "role" | "userSubject">;

/** Whether `subject` is the organisation's main user, who manages its contact persons. */
export function administers(subject: string | null | undefined, contacts: readonly Holder[]): boolean {
  return !!subject && contacts.some((c) => c.role === "MAIN_USER" && c.userSubject === subject);
}

/** The caller's own roles in the organisation, in the page's order. */
export function rolesOf(subject: string | null | undefined, contacts: readonly Holder[]): ContactRole[] {
  if (!subject) return [];
  const mine = new Set(contacts.filter((c) => c.userSubject === subject).map((c) => c.role));
  return CONTACT_ROLES.filter((r) => mine.has(r));
}

/** Contact persons by role in the page's order; within a role, as the server listed them. */
export function byRole<T extends { role: ContactRole }>(contacts: readonly T[]): T[] {
  return CONTACT_ROLES.flatMap((role) => contacts.filter((c) => c.role === role));
}

/** Someone else saved the organisation since the page read it (its version moved on). */
export function isStale(error: ApiError | null | undefined): boolean {
  return error?.code === "CONFLICT";
}

/**
 * The one form open on the organisation page: forms share field names (`name`), so only one
 * at a time keeps field ids, error summaries and the reader's focus unambiguous.
 */
export type OpenForm = null | "details" | "end" | "addContact" | { edit: string } | { remove: string };

export function isEditing(open: OpenForm, contactId: string): boolean {
  return typeof open === "object" && open !== null && "edit" in open && open.edit === contactId;
}

export function isRemoving(open: OpenForm, contactId: string): boolean {
  return typeof open === "object" && open !== null && "remove" in open && open.remove === contactId;
}

/** The DOM id of the button that opens `open`, where focus returns once the form closes. */
export function openerId(open: Exclude<OpenForm, null>): string {
  if (typeof open === "string") return `organisation-open-${open}`;
  return "edit" in open ? `contact-${open.edit}-edit` : `contact-${open.remove}-remove`;
}
