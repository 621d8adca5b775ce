//! People for trying the system in dev mode: at least one for every role. Their identity
//! codes are temporary codes (individual numbers 900-999), which no real person has.

use tietolupa_domain::Role;

pub struct DemoUser {
    pub subject: &'static str,
    pub name: &'static str,
    pub email: &'static str,
    pub organisation: Option<&'static str>,
    pub roles: &'static [Role],
    /// Only for citizens; a temporary code, accepted in dev mode.
    pub identity_code: Option<&'static str>,
}

pub const DEMO_USERS: &[DemoUser] = &[
    DemoUser {
        subject: "demo-applicant-researcher",
        name: "Aino Virtanen",
        email: "aino.virtanen@example.fi",
        organisation: Some("University of Helsinki"),
        roles: &[Role::Applicant],
        identity_code: None,
    },
    DemoUser {
        subject: "demo-applicant-company",
        name: "Mikko Korhonen",
        email: "mikko.korhonen@example.com",
        organisation: Some("Terveysanalytiikka Oy"),
        roles: &[Role::Applicant],
        identity_code: None,
    },
    DemoUser {
        subject: "demo-handler-1",
        name: "Sanna Laine",
        email: "sanna.laine@tietolupa.example",
        organisation: Some("Tietolupa"),
        roles: &[Role::Handler],
        identity_code: None,
    },
    DemoUser {
        subject: "demo-handler-2",
        name: "Jukka Nieminen",
        email: "jukka.nieminen@tietolupa.example",
        organisation: Some("Tietolupa"),
        roles: &[Role::Handler],
        identity_code: None,
    },
    DemoUser {
        subject: "demo-director",
        name: "Päivi Heikkinen",
        email: "paivi.heikkinen@tietolupa.example",
        organisation: Some("Tietolupa"),
        roles: &[Role::Director],
        identity_code: None,
    },
    DemoUser {
        subject: "demo-deputy-director",
        name: "Timo Mäkelä",
        email: "timo.makela@tietolupa.example",
        organisation: Some("Tietolupa"),
        roles: &[Role::Director, Role::Handler],
        identity_code: None,
    },
    DemoUser {
        subject: "demo-registry-clerk",
        name: "Riitta Koskinen",
        email: "riitta.koskinen@tietolupa.example",
        organisation: Some("Tietolupa"),
        roles: &[Role::RegistryClerk],
        identity_code: None,
    },
    DemoUser {
        subject: "demo-citizen",
        name: "Matti Meikäläinen",
        email: "matti.meikalainen@example.fi",
        organisation: None,
        roles: &[Role::Citizen],
        identity_code: Some("010180-9004"),
    },
    DemoUser {
        subject: "demo-citizen-guardian",
        name: "Maija Meikäläinen",
        email: "maija.meikalainen@example.fi",
        organisation: None,
        roles: &[Role::Citizen],
        identity_code: Some("150275-901P"),
    },
    DemoUser {
        subject: "demo-auditor",
        name: "Kaisa Lehtonen",
        email: "kaisa.lehtonen@tietolupa.example",
        organisation: Some("Tietolupa"),
        roles: &[Role::Auditor],
        identity_code: None,
    },
    DemoUser {
        subject: "demo-admin",
        name: "Olli Järvinen",
        email: "olli.jarvinen@tietolupa.example",
        organisation: Some("Tietolupa"),
        roles: &[Role::Admin],
        identity_code: None,
    },
];

pub fn find(subject: &str) -> Option<&'static DemoUser> {
    DEMO_USERS.iter().find(|u| u.subject == subject)
}
