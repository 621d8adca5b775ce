//! The real landscape of Finnish social and health data controllers (DESIGN.md section 11).

pub struct ControllerSeed {
    pub code: &'static str,
    pub name: &'static str,
    pub description: &'static str,
    pub sources: &'static [SourceSeed],
}

pub struct SourceSeed {
    pub code: &'static str,
    pub name: &'static str,
    /// `REGISTER` or `DATASET`.
    pub kind: &'static str,
    pub description: &'static str,
}

const fn register(code: &'static str, name: &'static str, description: &'static str) -> SourceSeed {
    SourceSeed {
        code,
        name,
        kind: "REGISTER",
        description,
    }
}

const COUNTY_RECORDS: &str = "Patient records of health care and client records of social welfare services organised by the county.";

macro_rules! county {
    ($code:literal, $name:literal) => {
        ControllerSeed {
            code: concat!("county-", $code),
            name: $name,
            description: "Wellbeing services county responsible for public social and health services in its area.",
            sources: &[SourceSeed {
                code: concat!("county-", $code, "-records"),
                name: concat!("Patient and client records, ", $name),
                kind: "REGISTER",
                description: COUNTY_RECORDS,
            }],
        }
    };
}

pub const CONTROLLERS: &[ControllerSeed] = &[
    ControllerSeed {
        code: "kela",
        name: "Kela (Social Insurance Institution of Finland)",
        description: "Administers social security benefits and reimbursements.",
        sources: &[
            register(
                "kela-prescriptions",
                "Reimbursed prescription medicines",
                "Purchases of prescription medicines reimbursed under the Health Insurance Act.",
            ),
            register(
                "kela-sickness-disability",
                "Sickness and disability benefits",
                "Sickness allowances, disability benefits and related decisions.",
            ),
            register(
                "kela-rehabilitation",
                "Rehabilitation",
                "Rehabilitation services and allowances arranged or reimbursed by Kela.",
            ),
        ],
    },
    ControllerSeed {
        code: "thl",
        name: "Finnish Institute for Health and Welfare (THL)",
        description: "National expert institute keeping the statutory health and welfare registers.",
        sources: &[
            register(
                "thl-hilmo",
                "Care Register for Health Care (Hilmo)",
                "Inpatient and specialised outpatient care periods with diagnoses and procedures.",
            ),
            register(
                "thl-avohilmo",
                "Register of Primary Health Care Visits (Avohilmo)",
                "Visits to primary health care, with reasons for visit and measures.",
            ),
            register(
                "thl-birth",
                "Medical Birth Register",
                "Births, pregnancies and the health of mothers and newborns.",
            ),
            register(
                "thl-malformations",
                "Register of Congenital Malformations",
                "Congenital anomalies in live births, stillbirths and terminated pregnancies.",
            ),
            register(
                "thl-infectious",
                "Infectious Diseases Register",
                "Laboratory-confirmed cases of notifiable infectious diseases.",
            ),
            register(
                "thl-vaccination",
                "Vaccination Register",
                "Vaccinations given in the national programme and others recorded by providers.",
            ),
            register(
                "thl-abortions",
                "Register of Induced Abortions",
                "Induced abortions and their grounds.",
            ),
            SourceSeed {
                code: "finregistry",
                name: "FinRegistry",
                kind: "DATASET",
                description: "Ready-made research dataset combining the above registers for the whole population.",
            },
        ],
    },
    ControllerSeed {
        code: "cancer-registry",
        name: "Finnish Cancer Registry",
        description: "Keeps the national register of cancer cases.",
        sources: &[register(
            "cancer-registry",
            "Cancer registry",
            "All diagnosed cancer cases in Finland since 1953.",
        )],
    },
    ControllerSeed {
        code: "statistics-finland",
        name: "Statistics Finland",
        description: "The national statistical authority.",
        sources: &[
            register(
                "sf-causes-of-death",
                "Causes of death",
                "Underlying and contributing causes of every death of a permanent resident.",
            ),
            register(
                "sf-education-employment",
                "Education and employment statistics",
                "Degrees, study rights, employment and occupation.",
            ),
        ],
    },
    ControllerSeed {
        code: "dvv",
        name: "Digital and Population Data Services Agency (DVV)",
        description: "Keeps the Population Information System.",
        sources: &[register(
            "dvv-population",
            "Population Information System",
            "Residence, family relations, births, deaths and migration.",
        )],
    },
    ControllerSeed {
        code: "etk",
        name: "Finnish Centre for Pensions (ETK)",
        description: "Central body of the earnings-related pension scheme.",
        sources: &[
            register(
                "etk-earnings",
                "Earnings register",
                "Earnings and periods of insurance under the pension acts.",
            ),
            register(
                "etk-pensions",
                "Pension register",
                "Earnings-related pensions granted and paid.",
            ),
        ],
    },
    ControllerSeed {
        code: "kanta",
        name: "Kanta Services",
        description: "National digital services for social welfare and health care records.",
        sources: &[
            register(
                "kanta-prescription-centre",
                "Prescription Centre",
                "Electronic prescriptions and their dispensing.",
            ),
            register(
                "kanta-patient-data",
                "Patient Data Repository",
                "Patient records stored by public and private health care providers.",
            ),
            register(
                "kanta-social-archive",
                "Client data archive for social welfare services",
                "Client documents of social welfare services.",
            ),
        ],
    },
    county!("ita-uusimaa", "Wellbeing services county of Itä-Uusimaa"),
    county!(
        "keski-uusimaa",
        "Wellbeing services county of Keski-Uusimaa"
    ),
    county!(
        "lansi-uusimaa",
        "Wellbeing services county of Länsi-Uusimaa"
    ),
    county!(
        "vantaa-kerava",
        "Wellbeing services county of Vantaa and Kerava"
    ),
    county!(
        "varsinais-suomi",
        "Wellbeing services county of Varsinais-Suomi"
    ),
    county!("satakunta", "Wellbeing services county of Satakunta"),
    county!("kanta-hame", "Wellbeing services county of Kanta-Häme"),
    county!("pirkanmaa", "Wellbeing services county of Pirkanmaa"),
    county!("paijat-hame", "Wellbeing services county of Päijät-Häme"),
    county!("kymenlaakso", "Wellbeing services county of Kymenlaakso"),
    county!(
        "etela-karjala",
        "Wellbeing services county of Etelä-Karjala"
    ),
    county!("etela-savo", "Wellbeing services county of Etelä-Savo"),
    county!("pohjois-savo", "Wellbeing services county of Pohjois-Savo"),
    county!(
        "pohjois-karjala",
        "Wellbeing services county of Pohjois-Karjala"
    ),
    county!("keski-suomi", "Wellbeing services county of Keski-Suomi"),
    county!(
        "etela-pohjanmaa",
        "Wellbeing services county of Etelä-Pohjanmaa"
    ),
    county!("pohjanmaa", "Wellbeing services county of Pohjanmaa"),
    county!(
        "keski-pohjanmaa",
        "Wellbeing services county of Keski-Pohjanmaa"
    ),
    county!(
        "pohjois-pohjanmaa",
        "Wellbeing services county of Pohjois-Pohjanmaa"
    ),
    county!("kainuu", "Wellbeing services county of Kainuu"),
    county!("lappi", "Wellbeing services county of Lappi"),
    county!("helsinki", "City of Helsinki"),
];
