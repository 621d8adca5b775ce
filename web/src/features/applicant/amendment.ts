// The amendment form's state and its AmendmentInput: only the chosen change types carry values.
import type { AmendmentChange, AmendmentInput } from "../../gql/graphql.ts";
import type { DraftProcessor } from "./draft.ts";

export interface AmendmentDraft {
  changes: AmendmentChange[];
  newValidUntil: string;
  addFirstName: string;
  addLastName: string;
  addOrganisation: string;
  /** Indexes of the permit's processors to remove (the checkboxes' values). */
  remove: number[];
  removeProcessors: DraftProcessor[];
  newEnvironmentId: string;
}

export function emptyAmendment(): AmendmentDraft {
  return {
    changes: [],
    newValidUntil: "",
    addFirstName: "",
    addLastName: "",
    addOrganisation: "",
    remove: [],
    removeProcessors: [],
    newEnvironmentId: "",
  };
}

export function amendmentToInput(d: AmendmentDraft): AmendmentInput {
  const has = (c: AmendmentChange) => d.changes.includes(c);
  return {
    changes: d.changes,
    newValidUntil: has("EXTEND_VALIDITY") && d.newValidUntil !== "" ? d.newValidUntil : null,
    addProcessors: has("ADD_PROCESSORS")
      ? [{ firstName: d.addFirstName, lastName: d.addLastName, organisation: d.addOrganisation, ndaSigned: false }]
      : [],
    removeProcessors: has("REMOVE_PROCESSORS")
      ? d.removeProcessors.map((p) => ({ firstName: p.firstName, lastName: p.lastName, organisation: p.organisation, ndaSigned: p.ndaSigned }))
      : [],
    newEnvironmentId: has("CHANGE_ENVIRONMENT") && d.newEnvironmentId !== "" ? d.newEnvironmentId : null,
    combinePermitIds: [],
  };
}
