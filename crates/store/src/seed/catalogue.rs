//! The real landscape of Finnish social and health data controllers (DESIGN.md section 11),
//! with the controllers' official names in Finnish, Swedish and English.

use tietolupa_domain::Names;

/// A text in Finnish, Swedish and English.
#[derive(Clone, Copy)]
pub struct Text {
    pub fi: &'static str,
    pub sv: &'static str,
    pub en: &'static str,
}

impl Text {
    pub fn names(&self) -> Names {
        Names::new(self.fi, self.sv, self.en)
    }
}

const fn t(fi: &'static str, sv: &'static str, en: &'static str) -> Text {
    Text { fi, sv, en }
}

pub struct ControllerSeed {
    pub code: &'static str,
    pub name: Text,
    pub description: Text,
    pub sources: &'static [SourceSeed],
}

pub struct SourceSeed {
    pub code: &'static str,
    pub name: Text,
    /// `REGISTER` or `DATASET`.
    pub kind: &'static str,
    pub description: Text,
}

const fn register(code: &'static str, name: Text, description: Text) -> SourceSeed {
    SourceSeed {
        code,
        name,
        kind: "REGISTER",
        description,
    }
}

const COUNTY: Text = t(
    "Hyvinvointialue, joka järjestää alueensa julkiset sosiaali- ja terveyspalvelut.",
    "Välfärdsområde som ordnar den offentliga social- och hälsovården i sitt område.",
    "Wellbeing services county responsible for public social and health services in its area.",
);

const RECORDS: Text = t(
    "Potilas- ja asiakastiedot",
    "Patient- och klientuppgifter",
    "Patient and client records",
);

const RECORDS_DESCRIPTION: Text = t(
    "Järjestäjän terveydenhuollon potilastiedot ja sosiaalihuollon asiakastiedot.",
    "Patientuppgifter inom hälso- och sjukvården och klientuppgifter inom socialvården som organisatören har.",
    "Patient records of health care and client records of social welfare services organised by the county.",
);

macro_rules! county {
    ($code:literal, $fi:literal, $sv:literal, $en:literal) => {
        county!($code, t($fi, $sv, $en), COUNTY)
    };
    ($code:literal, $name:expr, $description:expr) => {
        ControllerSeed {
            code: concat!("county-", $code),
            name: $name,
            description: $description,
            sources: &[SourceSeed {
                code: concat!("county-", $code, "-records"),
                name: RECORDS,
                kind: "REGISTER",
                description: RECORDS_DESCRIPTION,
            }],
        }
    };
}

pub const CONTROLLERS: &[ControllerSeed] = &[
    ControllerSeed {
        code: "kela",
        name: t(
            "Kansaneläkelaitos (Kela)",
            "Folkpensionsanstalten (FPA)",
            "Social Insurance Institution of Finland (Kela)",
        ),
        description: t(
            "Hoitaa sosiaaliturvan etuudet ja korvaukset.",
            "Sköter socialskyddets förmåner och ersättningar.",
            "Administers social security benefits and reimbursements.",
        ),
        sources: &[
            register(
                "kela-prescriptions",
                t(
                    "Korvatut reseptilääkkeet",
                    "Ersatta receptbelagda läkemedel",
                    "Reimbursed prescription medicines",
                ),
                t(
                    "Sairausvakuutuslain nojalla korvatut reseptilääkeostot.",
                    "Köp av receptbelagda läkemedel som ersatts enligt sjukförsäkringslagen.",
                    "Purchases of prescription medicines reimbursed under the Health Insurance Act.",
                ),
            ),
            register(
                "kela-sickness-disability",
                t(
                    "Sairaus- ja vammaisetuudet",
                    "Sjukdoms- och funktionshinderförmåner",
                    "Sickness and disability benefits",
                ),
                t(
                    "Sairauspäivärahat, vammaisetuudet ja niihin liittyvät päätökset.",
                    "Sjukdagpenningar, funktionshinderförmåner och beslut om dem.",
                    "Sickness allowances, disability benefits and related decisions.",
                ),
            ),
            register(
                "kela-rehabilitation",
                t("Kuntoutus", "Rehabilitering", "Rehabilitation"),
                t(
                    "Kelan järjestämät tai korvaamat kuntoutuspalvelut ja -rahat.",
                    "Rehabiliteringstjänster och -penningar som FPA ordnar eller ersätter.",
                    "Rehabilitation services and allowances arranged or reimbursed by Kela.",
                ),
            ),
        ],
    },
    ControllerSeed {
        code: "thl",
        name: t(
            "Terveyden ja hyvinvoinnin laitos (THL)",
            "Institutet för hälsa och välfärd (THL)",
            "Finnish Institute for Health and Welfare (THL)",
        ),
        description: t(
            "Kansallinen asiantuntijalaitos, joka pitää lakisääteisiä terveys- ja hyvinvointirekistereitä.",
            "Nationellt expertinstitut som för de lagstadgade hälso- och välfärdsregistren.",
            "National expert institute keeping the statutory health and welfare registers.",
        ),
        sources: &[
            register(
                "thl-hilmo",
                t(
                    "Hoitoilmoitusrekisteri (Hilmo)",
                    "Vårdanmälningsregistret (Hilmo)",
                    "Care Register for Health Care (Hilmo)",
                ),
                t(
                    "Vuodeosastohoidon ja erikoissairaanhoidon avohoidon jaksot diagnooseineen ja toimenpiteineen.",
                    "Vårdperioder inom slutenvård och specialiserad öppenvård med diagnoser och åtgärder.",
                    "Inpatient and specialised outpatient care periods with diagnoses and procedures.",
                ),
            ),
            register(
                "thl-avohilmo",
                t(
                    "Perusterveydenhuollon avohoidon hoitoilmoitusrekisteri (Avohilmo)",
                    "Vårdanmälningsregistret för primärvårdens öppenvård (Avohilmo)",
                    "Register of Primary Health Care Visits (Avohilmo)",
                ),
                t(
                    "Perusterveydenhuollon käynnit, käyntisyyt ja toimenpiteet.",
                    "Besök inom primärvården med besöksorsaker och åtgärder.",
                    "Visits to primary health care, with reasons for visit and measures.",
                ),
            ),
            register(
                "thl-birth",
                t(
                    "Syntyneiden lasten rekisteri",
                    "Födelseregistret",
                    "Medical Birth Register",
                ),
                t(
                    "Synnytykset, raskaudet sekä äitien ja vastasyntyneiden terveys.",
                    "Förlossningar, graviditeter samt mödrarnas och de nyföddas hälsa.",
                    "Births, pregnancies and the health of mothers and newborns.",
                ),
            ),
            register(
                "thl-malformations",
                t(
                    "Epämuodostumarekisteri",
                    "Missbildningsregistret",
                    "Register of Congenital Malformations",
                ),
                t(
                    "Synnynnäiset epämuodostumat elävänä ja kuolleena syntyneillä sekä keskeytetyissä raskauksissa.",
                    "Medfödda missbildningar hos levande och dödfödda samt vid avbrutna graviditeter.",
                    "Congenital anomalies in live births, stillbirths and terminated pregnancies.",
                ),
            ),
            register(
                "thl-infectious",
                t(
                    "Tartuntatautirekisteri",
                    "Registret över smittsamma sjukdomar",
                    "Infectious Diseases Register",
                ),
                t(
                    "Laboratoriossa varmistetut ilmoitettavat tartuntataudit.",
                    "Laboratoriebekräftade fall av anmälningspliktiga smittsamma sjukdomar.",
                    "Laboratory-confirmed cases of notifiable infectious diseases.",
                ),
            ),
            register(
                "thl-vaccination",
                t(
                    "Rokotusrekisteri",
                    "Vaccinationsregistret",
                    "Vaccination Register",
                ),
                t(
                    "Kansallisen rokotusohjelman ja muut palveluntuottajien kirjaamat rokotukset.",
                    "Vaccinationer inom det nationella programmet och andra som vårdgivarna registrerat.",
                    "Vaccinations given in the national programme and others recorded by providers.",
                ),
            ),
            register(
                "thl-abortions",
                t(
                    "Raskaudenkeskeytysrekisteri",
                    "Registret över inducerade aborter",
                    "Register of Induced Abortions",
                ),
                t(
                    "Raskaudenkeskeytykset ja niiden perusteet.",
                    "Inducerade aborter och grunderna för dem.",
                    "Induced abortions and their grounds.",
                ),
            ),
            SourceSeed {
                code: "finregistry",
                name: t("FinRegistry", "FinRegistry", "FinRegistry"),
                kind: "DATASET",
                description: t(
                    "Valmis tutkimusaineisto, joka yhdistää edellä mainitut rekisterit koko väestöstä.",
                    "Färdigt forskningsmaterial som kombinerar registren ovan för hela befolkningen.",
                    "Ready-made research dataset combining the above registers for the whole population.",
                ),
            },
        ],
    },
    ControllerSeed {
        code: "cancer-registry",
        name: t(
            "Suomen Syöpärekisteri",
            "Finlands cancerregister",
            "Finnish Cancer Registry",
        ),
        description: t(
            "Pitää valtakunnallista syöpärekisteriä.",
            "För det riksomfattande cancerregistret.",
            "Keeps the national register of cancer cases.",
        ),
        sources: &[register(
            "cancer-registry",
            t("Syöpärekisteri", "Cancerregistret", "Cancer registry"),
            t(
                "Kaikki Suomessa todetut syöpätapaukset vuodesta 1953.",
                "Alla cancerfall som konstaterats i Finland sedan 1953.",
                "All diagnosed cancer cases in Finland since 1953.",
            ),
        )],
    },
    ControllerSeed {
        code: "statistics-finland",
        name: t("Tilastokeskus", "Statistikcentralen", "Statistics Finland"),
        description: t(
            "Kansallinen tilastoviranomainen.",
            "Den nationella statistikmyndigheten.",
            "The national statistical authority.",
        ),
        sources: &[
            register(
                "sf-causes-of-death",
                t("Kuolemansyyt", "Dödsorsaker", "Causes of death"),
                t(
                    "Jokaisen vakinaisen asukkaan kuoleman perus- ja myötävaikuttavat syyt.",
                    "Underliggande och bidragande dödsorsaker för varje stadigvarande invånare.",
                    "Underlying and contributing causes of every death of a permanent resident.",
                ),
            ),
            register(
                "sf-education-employment",
                t(
                    "Koulutus- ja työssäkäyntitilastot",
                    "Utbildnings- och sysselsättningsstatistik",
                    "Education and employment statistics",
                ),
                t(
                    "Tutkinnot, opinto-oikeudet, työssäkäynti ja ammatti.",
                    "Examina, studierätter, sysselsättning och yrke.",
                    "Degrees, study rights, employment and occupation.",
                ),
            ),
        ],
    },
    ControllerSeed {
        code: "dvv",
        name: t(
            "Digi- ja väestötietovirasto (DVV)",
            "Myndigheten för digitalisering och befolkningsdata (MDB)",
            "Digital and Population Data Services Agency (DVV)",
        ),
        description: t(
            "Pitää väestötietojärjestelmää.",
            "För befolkningsdatasystemet.",
            "Keeps the Population Information System.",
        ),
        sources: &[register(
            "dvv-population",
            t(
                "Väestötietojärjestelmä",
                "Befolkningsdatasystemet",
                "Population Information System",
            ),
            t(
                "Asuinpaikka, perhesuhteet, syntymät, kuolemat ja muutot.",
                "Boningsort, familjeförhållanden, födslar, dödsfall och flyttningar.",
                "Residence, family relations, births, deaths and migration.",
            ),
        )],
    },
    ControllerSeed {
        code: "etk",
        name: t(
            "Eläketurvakeskus (ETK)",
            "Pensionsskyddscentralen (PSC)",
            "Finnish Centre for Pensions (ETK)",
        ),
        description: t(
            "Työeläkejärjestelmän keskuslaitos.",
            "Arbetspensionssystemets centralorgan.",
            "Central body of the earnings-related pension scheme.",
        ),
        sources: &[
            register(
                "etk-earnings",
                t(
                    "Ansaintarekisteri",
                    "Intjäningsregistret",
                    "Earnings register",
                ),
                t(
                    "Eläkelakien mukaiset ansiot ja vakuutusjaksot.",
                    "Inkomster och försäkringsperioder enligt pensionslagarna.",
                    "Earnings and periods of insurance under the pension acts.",
                ),
            ),
            register(
                "etk-pensions",
                t("Eläkerekisteri", "Pensionsregistret", "Pension register"),
                t(
                    "Myönnetyt ja maksetut työeläkkeet.",
                    "Beviljade och utbetalda arbetspensioner.",
                    "Earnings-related pensions granted and paid.",
                ),
            ),
        ],
    },
    ControllerSeed {
        code: "kanta",
        name: t("Kanta-palvelut", "Kanta-tjänsterna", "Kanta Services"),
        description: t(
            "Sosiaali- ja terveydenhuollon valtakunnalliset digitaaliset palvelut.",
            "Nationella digitala tjänster för social- och hälsovårdens uppgifter.",
            "National digital services for social welfare and health care records.",
        ),
        sources: &[
            register(
                "kanta-prescription-centre",
                t("Reseptikeskus", "Receptcentret", "Prescription Centre"),
                t(
                    "Sähköiset reseptit ja niiden toimitukset.",
                    "Elektroniska recept och expedieringen av dem.",
                    "Electronic prescriptions and their dispensing.",
                ),
            ),
            register(
                "kanta-patient-data",
                t(
                    "Potilastiedon arkisto",
                    "Patientdataarkivet",
                    "Patient Data Repository",
                ),
                t(
                    "Julkisten ja yksityisten terveydenhuollon palvelunantajien tallentamat potilastiedot.",
                    "Patientuppgifter som offentliga och privata vårdgivare har sparat.",
                    "Patient records stored by public and private health care providers.",
                ),
            ),
            register(
                "kanta-social-archive",
                t(
                    "Sosiaalihuollon asiakastiedon arkisto",
                    "Klientdataarkivet för socialvården",
                    "Client data archive for social welfare services",
                ),
                t(
                    "Sosiaalihuollon palvelujen asiakasasiakirjat.",
                    "Klienthandlingar inom socialvårdens tjänster.",
                    "Client documents of social welfare services.",
                ),
            ),
        ],
    },
    county!(
        "ita-uusimaa",
        "Itä-Uudenmaan hyvinvointialue",
        "Östra Nylands välfärdsområde",
        "Eastern Uusimaa Wellbeing Services County"
    ),
    county!(
        "keski-uusimaa",
        "Keski-Uudenmaan hyvinvointialue",
        "Mellersta Nylands välfärdsområde",
        "Central Uusimaa Wellbeing Services County"
    ),
    county!(
        "lansi-uusimaa",
        "Länsi-Uudenmaan hyvinvointialue",
        "Västra Nylands välfärdsområde",
        "Western Uusimaa Wellbeing Services County"
    ),
    county!(
        "vantaa-kerava",
        "Vantaan ja Keravan hyvinvointialue",
        "Vanda och Kervo välfärdsområde",
        "Vantaa and Kerava Wellbeing Services County"
    ),
    county!(
        "varsinais-suomi",
        "Varsinais-Suomen hyvinvointialue",
        "Egentliga Finlands välfärdsområde",
        "Southwest Finland Wellbeing Services County"
    ),
    county!(
        "satakunta",
        "Satakunnan hyvinvointialue",
        "Satakunta välfärdsområde",
        "Satakunta Wellbeing Services County"
    ),
    county!(
        "kanta-hame",
        "Kanta-Hämeen hyvinvointialue",
        "Egentliga Tavastlands välfärdsområde",
        "Kanta-Häme Wellbeing Services County"
    ),
    county!(
        "pirkanmaa",
        "Pirkanmaan hyvinvointialue",
        "Birkalands välfärdsområde",
        "Pirkanmaa Wellbeing Services County"
    ),
    county!(
        "paijat-hame",
        "Päijät-Hämeen hyvinvointialue",
        "Päijänne-Tavastlands välfärdsområde",
        "Päijät-Häme Wellbeing Services County"
    ),
    county!(
        "kymenlaakso",
        "Kymenlaakson hyvinvointialue",
        "Kymmenedalens välfärdsområde",
        "Kymenlaakso Wellbeing Services County"
    ),
    county!(
        "etela-karjala",
        "Etelä-Karjalan hyvinvointialue",
        "Södra Karelens välfärdsområde",
        "South Karelia Wellbeing Services County"
    ),
    county!(
        "etela-savo",
        "Etelä-Savon hyvinvointialue",
        "Södra Savolax välfärdsområde",
        "South Savo Wellbeing Services County"
    ),
    county!(
        "pohjois-savo",
        "Pohjois-Savon hyvinvointialue",
        "Norra Savolax välfärdsområde",
        "North Savo Wellbeing Services County"
    ),
    county!(
        "pohjois-karjala",
        "Pohjois-Karjalan hyvinvointialue",
        "Norra Karelens välfärdsområde",
        "North Karelia Wellbeing Services County"
    ),
    county!(
        "keski-suomi",
        "Keski-Suomen hyvinvointialue",
        "Mellersta Finlands välfärdsområde",
        "Central Finland Wellbeing Services County"
    ),
    county!(
        "etela-pohjanmaa",
        "Etelä-Pohjanmaan hyvinvointialue",
        "Södra Österbottens välfärdsområde",
        "South Ostrobothnia Wellbeing Services County"
    ),
    county!(
        "pohjanmaa",
        "Pohjanmaan hyvinvointialue",
        "Österbottens välfärdsområde",
        "Ostrobothnia Wellbeing Services County"
    ),
    county!(
        "keski-pohjanmaa",
        "Keski-Pohjanmaan hyvinvointialue",
        "Mellersta Österbottens välfärdsområde",
        "Central Ostrobothnia Wellbeing Services County"
    ),
    county!(
        "pohjois-pohjanmaa",
        "Pohjois-Pohjanmaan hyvinvointialue",
        "Norra Österbottens välfärdsområde",
        "North Ostrobothnia Wellbeing Services County"
    ),
    county!(
        "kainuu",
        "Kainuun hyvinvointialue",
        "Kajanalands välfärdsområde",
        "Kainuu Wellbeing Services County"
    ),
    county!(
        "lappi",
        "Lapin hyvinvointialue",
        "Lapplands välfärdsområde",
        "Lapland Wellbeing Services County"
    ),
    // Helsinki organises its social and health services itself, outside the counties.
    county!(
        "helsinki",
        t("Helsingin kaupunki", "Helsingfors stad", "City of Helsinki"),
        t(
            "Kaupunki, joka järjestää itse sosiaali- ja terveyspalvelunsa.",
            "Staden som själv ordnar sin social- och hälsovård.",
            "The city, which organises its social and health services itself.",
        )
    ),
];
