import { describe, expect, it } from "vitest";
import { ApiError } from "../../api/errors.ts";
import {
  administers,
  byRole,
  contactFields,
  contactInput,
  EMPTY_CONTACT,
  isEditing,
  isRemoving,
  isStale,
  openerId,
  missingDate,
  organisationFields,
  organisationInput,
  rolesOf,
} from "./organisationForm.ts";

const helsinki = {
  name: "Helsingin yliopisto",
  businessId: "0313471-7",
  address: null,
  customerSince: "2019-09-02",
};

describe("the organisation's details form", () => {
  it("starts from the details shown and sends them back unchanged", () => {
    const fields = organisationFields(helsinki);
    expect(fields).toEqual({ name: "Helsingin yliopisto", businessId: "0313471-7", address: "", customerSince: "2019-09-02" });
    expect(organisationInput(fields)).toEqual({ ...helsinki, address: null });
  });

  it("trims the business ID and sends a blank address as none", () => {
    expect(organisationInput({ ...organisationFields(helsinki), businessId: " 0313471-7 ", address: "   " })).toMatchObject({
      businessId: "0313471-7",
      address: null,
    });
    expect(organisationInput({ ...organisationFields(helsinki), address: " PL 33 " }).address).toBe("PL 33");
  });

  it("says an empty date is required beside its field, and nothing for a date", () => {
    expect(missingDate("endedOn", "", "is required")).toEqual([{ field: "endedOn", message: "is required" }]);
    expect(missingDate("endedOn", "2026-12-31", "is required")).toEqual([]);
  });
});

describe("the contact person form", () => {
  it("starts empty as a technical contact, and from the person's details when editing", () => {
    expect(EMPTY_CONTACT.role).toBe("TECHNICAL");
    expect(
      contactFields({ role: "MAIN_USER", name: "Aino Virtanen", email: "aino@example.fi", phone: null, userSubject: "demo-applicant-researcher" }),
    ).toEqual({ role: "MAIN_USER", name: "Aino Virtanen", email: "aino@example.fi", phone: "", userSubject: "demo-applicant-researcher" });
  });

  it("sends blank phone and sign-in ID as none, and the email trimmed", () => {
    expect(contactInput({ ...EMPTY_CONTACT, name: "Eeva", email: " eeva@example.com ", phone: " ", userSubject: "" })).toEqual({
      role: "TECHNICAL",
      name: "Eeva",
      email: "eeva@example.com",
      phone: null,
      userSubject: null,
    });
    expect(contactInput({ ...EMPTY_CONTACT, phone: " +358 50 1 ", userSubject: " demo-x " })).toMatchObject({
      phone: "+358 50 1",
      userSubject: "demo-x",
    });
  });
});

describe("who manages the contact persons", () => {
  const contacts = [
    { role: "TECHNICAL" as const, userSubject: "demo-applicant-researcher" },
    { role: "MAIN_USER" as const, userSubject: "demo-applicant-company" },
    { role: "INVOICING" as const, userSubject: null },
  ];

  it("is the main user with the caller's subject, not another role's holder", () => {
    expect(administers("demo-applicant-company", contacts)).toBe(true);
    expect(administers("demo-applicant-researcher", contacts)).toBe(false);
  });

  it("is nobody for a caller without a subject, even beside a main user without one", () => {
    const noSubject = [{ role: "MAIN_USER" as const, userSubject: null }];
    expect(administers(null, noSubject)).toBe(false);
    expect(administers("", noSubject)).toBe(false);
  });

  it("lists the caller's roles in the page's order", () => {
    const both = [...contacts, { role: "MAIN_USER" as const, userSubject: "demo-applicant-researcher" }];
    expect(rolesOf("demo-applicant-researcher", both)).toEqual(["MAIN_USER", "TECHNICAL"]);
    expect(rolesOf(null, both)).toEqual([]);
  });
});

describe("the contact persons' order", () => {
  it("puts the main user first and keeps the server's order within a role", () => {
    const listed = [
      { id: "1", role: "INVOICING" as const },
      { id: "2", role: "TECHNICAL" as const },
      { id: "3", role: "MAIN_USER" as const },
      { id: "4", role: "TECHNICAL" as const },
      { id: "5", role: "DATA_PROTECTION_OFFICER" as const },
    ];
    expect(byRole(listed).map((c) => c.id)).toEqual(["3", "2", "4", "5", "1"]);
  });
});

describe("the open form", () => {
  it("names the contact being edited or removed, and no other", () => {
    expect(isEditing({ edit: "a" }, "a")).toBe(true);
    expect(isEditing({ edit: "a" }, "b")).toBe(false);
    expect(isEditing({ remove: "a" }, "a")).toBe(false);
    expect(isRemoving({ remove: "a" }, "a")).toBe(true);
    expect(isRemoving("addContact", "a")).toBe(false);
    expect(isEditing(null, "a")).toBe(false);
  });

  it("gives each form's opening button its own id, for focus to return to", () => {
    const ids = ["details", "end", "addContact", { edit: "a" }, { remove: "a" }, { edit: "b" }].map((o) => openerId(o as never));
    expect(new Set(ids).size).toBe(ids.length);
    expect(openerId({ edit: "a" })).toBe("contact-a-edit");
  });
});

describe("a stale version", () => {
  it("is the server's CONFLICT and nothing else", () => {
    expect(isStale(new ApiError("CONFLICT", "stale"))).toBe(true);
    expect(isStale(new ApiError("VALIDATION", "bad"))).toBe(false);
    expect(isStale(null)).toBe(false);
  });
});
