import { describe, expect, it } from "vitest";
import { EMPTY_RECORD_FORM, localRecordProblems, toRecordObjectionInput, withChannel } from "./recordForm.ts";

describe("the clerk's record form", () => {
  it("moves the verification to the one that fits the channel", () => {
    const inPerson = withChannel(EMPTY_RECORD_FORM, "IN_PERSON");
    expect(inPerson).toMatchObject({ channel: "IN_PERSON", identityVerification: "ID_DOCUMENT_AT_OFFICE" });
    expect(withChannel(inPerson, "POST")).toMatchObject({ channel: "POST", identityVerification: "NOTARISED_SIGNATURE" });
  });

  it("maps to RecordObjectionInput with empty optional fields as null", () => {
    expect(
      toRecordObjectionInput({ ...EMPTY_RECORD_FORM, identityCode: " 200750Y970R ", receivedOn: "2026-11-20" }),
    ).toEqual({
      identityCode: "200750Y970R",
      channel: "POST",
      identityVerification: "NOTARISED_SIGNATURE",
      receivedOn: "2026-11-20",
      processedOn: null,
      representationBasis: null,
      representativeIdentityCode: null,
    });
  });

  it("sends the representative's code only with a basis", () => {
    const form = {
      ...EMPTY_RECORD_FORM,
      identityCode: "010615A9500",
      receivedOn: "2026-11-20",
      processedOn: "2026-11-21",
      representativeIdentityCode: "150275-901P",
    };
    expect(toRecordObjectionInput(form)).toMatchObject({ processedOn: "2026-11-21", representativeIdentityCode: null });
    expect(toRecordObjectionInput({ ...form, representationBasis: "GUARDIAN_OF_MINOR" })).toMatchObject({
      representationBasis: "GUARDIAN_OF_MINOR",
      representativeIdentityCode: "150275-901P",
    });
    expect(
      toRecordObjectionInput({ ...form, representationBasis: "MANDATE", representativeIdentityCode: "  " }),
    ).toMatchObject({ representationBasis: "MANDATE", representativeIdentityCode: null });
  });

  it("asks for the received date before calling the server", () => {
    expect(localRecordProblems(EMPTY_RECORD_FORM)).toEqual([
      { field: "receivedOn", message: "clerk.record.receivedRequired" },
    ]);
    expect(localRecordProblems({ ...EMPTY_RECORD_FORM, receivedOn: "2026-11-20" })).toEqual([]);
  });
});
