// The demo users seeded in dev mode (crates/store/src/seed/demo_users.rs), by `sub`.
export const demoUsers = {
  applicantResearcher: { sub: "demo-applicant-researcher", name: "Aino Virtanen" },
  applicantCompany: { sub: "demo-applicant-company", name: "Mikko Korhonen" },
  handler: { sub: "demo-handler-1", name: "Sanna Laine" },
  handler2: { sub: "demo-handler-2", name: "Jukka Nieminen" },
  director: { sub: "demo-director", name: "Päivi Heikkinen" },
  deputyDirector: { sub: "demo-deputy-director", name: "Timo Mäkelä" },
  registryClerk: { sub: "demo-registry-clerk", name: "Riitta Koskinen" },
  citizen: { sub: "demo-citizen", name: "Matti Meikäläinen" },
  citizenGuardian: { sub: "demo-citizen-guardian", name: "Maija Meikäläinen" },
  auditor: { sub: "demo-auditor", name: "Kaisa Lehtonen" },
  admin: { sub: "demo-admin", name: "Olli Järvinen" },
} as const;

export type DemoUser = (typeof demoUsers)[keyof typeof demoUsers];
