// The clerk's form for an objection received by post or in person: state, defaults that
// follow the channel, and the GraphQL input.
import type { IdentityVerification, RecordObjectionInput, RepresentationBasis } from "../../gql/graphql.ts";

export type RecordChannel = "POST" | "IN_PERSON";
export const RECORD_CHANNELS: readonly RecordChannel[] = ["POST", "IN_PERSON"];
export const VERIFICATIONS: readonly IdentityVerification[] = [
  "NOTARISED_SIGNATURE",
  "ID_DOCUMENT_AT_OFFICE",
  "STRONG_E_IDENTIFICATION",
];

/** DESIGN.md section 5: a letter carries a notarised signature; a visit an ID document. */
export const VERIFICATION_FOR_CHANNEL: Record<RecordChannel, IdentityVerification> = {
  POST: "NOTARISED_SIGNATURE",
  IN_PERSON: "ID_DOCUMENT_AT_OFFICE",
};

export interface RecordObjectionForm {
  identityCode: string;
  channel: RecordChannel;
  identityVerification: IdentityVerification;
  receivedOn: string;
  processedOn: string;
  representationBasis: RepresentationBasis | "";
  representativeIdentityCode: string;
}

export const EMPTY_RECORD_FORM: RecordObjectionForm = {
  identityCode: "",
  channel: "POST",
  identityVerification: "NOTARISED_SIGNATURE",
  receivedOn: "",
  processedOn: "",
  representationBasis: "",
  representativeIdentityCode: "",
};

/** Changing the channel moves the verification to the one that fits it. */
export function withChannel(form: RecordObjectionForm, channel: RecordChannel): RecordObjectionForm {
  return { ...form, channel, identityVerification: VERIFICATION_FOR_CHANNEL[channel] };
}

/**
 * Empty optional fields become null (the server defaults the processing date to today);
 * the representative's code only goes with a basis, since without one it means nothing.
 */
export function toRecordObjectionInput(form: RecordObjectionForm): RecordObjectionInput {
  const basis = form.representationBasis === "" ? null : form.representationBasis;
  const representative = form.representativeIdentityCode.trim();
  return {
    identityCode: form.identityCode.trim(),
    channel: form.channel,
    identityVerification: form.identityVerification,
    receivedOn: form.receivedOn,
    processedOn: form.processedOn === "" ? null : form.processedOn,
    representationBasis: basis,
    representativeIdentityCode: basis && representative !== "" ? representative : null,
  };
}

/** What the form can tell before asking the server: the received date is required. */
export function localRecordProblems(form: RecordObjectionForm): { field: string; message: "clerk.record.receivedRequired" }[] {
  return form.receivedOn === "" ? [{ field: "receivedOn", message: "clerk.record.receivedRequired" }] : [];
}
