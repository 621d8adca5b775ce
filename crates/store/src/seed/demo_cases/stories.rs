//! The research stories the demo cases tell: what each application asks and when.

use tietolupa_domain::application::ApplicationKind;

use super::{COMPANY, RESEARCHER};

/// The research story of one application, and when its applicant created and submitted it.
pub(super) struct Story {
    pub(super) kind: ApplicationKind,
    pub(super) applicant: &'static str,
    pub(super) title: &'static str,
    pub(super) summary: &'static str,
    /// Data source codes of the catalogue, and the variables asked from each.
    pub(super) sources: &'static [(&'static str, &'static str)],
    pub(super) created_days_ago: i64,
    pub(super) submitted_days_ago: Option<i64>,
}

pub(super) const PLAN: &str = "Rekisteripohjainen kohorttitutkimus. Altistus ja vasteet muodostetaan \
    rekisteritiedoista; analyysi Coxin regressiolla, vakioiden ikä, sukupuoli, koulutus ja \
    liitännäissairaudet. Tulokset raportoidaan vain ryhmätasolla.";

pub(super) const COHORT: &str = "Kaikki Suomessa vakinaisesti asuneet, joilla on tutkittava diagnoosi \
    vuosina 2012–2023, sekä ikä- ja sukupuolivakioidut verrokit (1:4).";

pub(super) const PERMIT: ApplicationKind = ApplicationKind::DataPermit;
pub(super) const REQUEST: ApplicationKind = ApplicationKind::DataRequest;
pub(super) const HILMO: (&str, &str) = (
    "thl-hilmo",
    "diagnoosit (ICD-10), hoitojaksot, toimenpiteet",
);
pub(super) const AVOHILMO: (&str, &str) = ("thl-avohilmo", "käynnit, käyntisyyt (ICPC-2, ICD-10)");
pub(super) const PRESCRIPTIONS: (&str, &str) =
    ("kela-prescriptions", "ATC-koodi, ostopäivä, DDD-määrä");
pub(super) const POPULATION: (&str, &str) =
    ("dvv-population", "syntymävuosi, sukupuoli, kotikunta");
pub(super) const BIRTHS: (&str, &str) =
    ("thl-birth", "raskausviikot, syntymäpaino, äidin diagnoosit");
pub(super) const CANCER: (&str, &str) = (
    "cancer-registry",
    "diagnoosipäivä, levinneisyys, hoitomuoto",
);
pub(super) const SICKNESS: (&str, &str) = (
    "kela-sickness-disability",
    "sairauspäivärahakaudet, diagnoosit",
);
pub(super) const DEATHS: (&str, &str) = ("sf-causes-of-death", "kuolinvuosi, peruskuolemansyy");
pub(super) const VACCINATIONS: (&str, &str) = ("thl-vaccination", "rokote, rokotusvuosi, ikäryhmä");
pub(super) const REHABILITATION: (&str, &str) = (
    "kela-rehabilitation",
    "kuntoutusmuoto, alkamis- ja päättymisvuosi",
);

/// Shorthand for the tables below: kind, applicant, title, summary, sources, created and
/// submitted (days ago).
const fn story(
    kind: ApplicationKind,
    applicant: &'static str,
    title: &'static str,
    summary: &'static str,
    sources: &'static [(&'static str, &'static str)],
    created_days_ago: i64,
    submitted_days_ago: Option<i64>,
) -> Story {
    Story {
        kind,
        applicant,
        title,
        summary,
        sources,
        created_days_ago,
        submitted_days_ago,
    }
}

// Drafts: one untouched for 5½ months (the retention warning), one from this week.
pub(super) const UNTOUCHED_DRAFT: Story = story(
    PERMIT,
    RESEARCHER,
    "Uniapnean hoito ja liikenneonnettomuudet",
    "Tutkimme, vähentääkö uniapnean CPAP-hoito liikenneonnettomuuksia.",
    &[HILMO],
    168,
    None,
);
pub(super) const FRESH_DRAFT: Story = story(
    PERMIT,
    COMPANY,
    "Diabeteslääkkeiden käyttö ja sydäntapahtumat",
    "SGLT2-estäjien ja GLP-1-analogien käyttö ja sydäntapahtumat tyypin 2 diabeteksessa.",
    &[PRESCRIPTIONS, HILMO],
    3,
    None,
);
// Submitted; nobody has taken them yet.
pub(super) const SUBMITTED: [Story; 2] = [
    story(
        PERMIT,
        RESEARCHER,
        "Lasten mielenterveyspalvelut koronapandemian aikana",
        "Lasten ja nuorten mielenterveyspalvelujen käyttö ennen pandemiaa ja sen aikana.",
        &[AVOHILMO, POPULATION],
        9,
        Some(6),
    ),
    story(
        REQUEST,
        COMPANY,
        "Influenssarokotusten kattavuus yli 65-vuotiailla",
        "Influenssarokotusten kattavuus hyvinvointialueittain 2015–2023.",
        &[VACCINATIONS],
        4,
        Some(2),
    ),
];
pub(super) const NEAR_DUE: Story = story(
    PERMIT,
    RESEARCHER,
    "Raskausdiabetes ja lapsen myöhempi terveys",
    "Raskausdiabeteksen yhteys lapsen ylipainoon ja astmaan kouluikään mennessä.",
    &[BIRTHS, HILMO, PRESCRIPTIONS],
    88,
    Some(84),
);
pub(super) const OVERDUE: Story = story(
    REQUEST,
    COMPANY,
    "Lonkkamurtumapotilaiden kuntoutus ja kotiutuminen",
    "Kuinka moni lonkkamurtumapotilas kotiutuu kolmen kuukauden kuluessa.",
    &[HILMO, POPULATION],
    110,
    Some(104),
);
pub(super) const EXTENDED: Story = story(
    PERMIT,
    RESEARCHER,
    "Syöpäpotilaiden hoitoviiveet hyvinvointialueittain",
    "Diagnoosin ja hoidon alun välinen viive eri hyvinvointialueilla.",
    &[CANCER, HILMO, DEATHS],
    85,
    Some(80),
);
pub(super) const WAITING: Story = story(
    PERMIT,
    RESEARCHER,
    "Antibioottien käyttö ja lasten astma",
    "Varhaislapsuuden antibioottikuurien yhteys astmaan ja allergioihin.",
    &[PRESCRIPTIONS, BIRTHS, AVOHILMO],
    30,
    Some(26),
);
pub(super) const WAITING_OVERDUE: Story = story(
    PERMIT,
    COMPANY,
    "Tekoälyavusteinen ihosyöpädiagnostiikka",
    "Koneoppimismallin kehitys melanooman tunnistamiseksi perusterveydenhuollossa.",
    &[CANCER, AVOHILMO],
    70,
    Some(66),
);
pub(super) const ANSWERED: Story = story(
    PERMIT,
    COMPANY,
    "Työperäinen stressi ja sairauspoissaolot",
    "Mielenterveysperusteisten sairauspoissaolojen kehitys toimialoittain.",
    &[SICKNESS, POPULATION],
    50,
    Some(45),
);
pub(super) const PROPOSED_GRANT: Story = story(
    PERMIT,
    RESEARCHER,
    "Statiinien käyttö ja muistisairauksien riski",
    "Pitkäaikaisen statiinihoidon yhteys muistisairauksien ilmaantuvuuteen.",
    &[PRESCRIPTIONS, HILMO, DEATHS],
    60,
    Some(55),
);
pub(super) const PROPOSED_REJECTION: Story = story(
    REQUEST,
    COMPANY,
    "Geenitiedot ja lääkevasteet",
    "Perimän vaikutus masennuslääkkeiden tehoon.",
    &[PRESCRIPTIONS],
    40,
    Some(35),
);
pub(super) const RETURNED: Story = story(
    PERMIT,
    RESEARCHER,
    "Psykoosien ensivaiheen hoitopolut",
    "Ensipsykoosin sairastaneiden hoitopolut ja työllistyminen.",
    &[HILMO, AVOHILMO, SICKNESS],
    65,
    Some(62),
);
// Granted permits (created and submitted 60 days before the decision).
pub(super) const ACTIVE: Story = story(
    PERMIT,
    RESEARCHER,
    "Eteisvärinän antikoagulaatiohoito ja aivoinfarktit",
    "Suorien antikoagulanttien käyttö ja aivoinfarktien ilmaantuvuus eteisvärinässä.",
    &[PRESCRIPTIONS, HILMO],
    0,
    None,
);
pub(super) const EXPIRING: Story = story(
    PERMIT,
    COMPANY,
    "Uniapnea ja sydän- ja verisuonitaudit",
    "Uniapnean hoidon yhteys sydän- ja verisuonitautien ilmaantuvuuteen.",
    &[HILMO],
    0,
    None,
);
pub(super) const EXPIRED: Story = story(
    PERMIT,
    RESEARCHER,
    "Astman biologiset lääkkeet ja sairaalahoito",
    "Biologisten astmalääkkeiden käyttöönotto ja sairaalahoitojaksot.",
    &[PRESCRIPTIONS, HILMO],
    0,
    None,
);
pub(super) const REVOKED: Story = story(
    PERMIT,
    COMPANY,
    "Kuntoutuksen vaikuttavuus aivoinfarktin jälkeen",
    "Kelan kuntoutuksen yhteys työhön paluuseen aivoinfarktin jälkeen.",
    &[HILMO, REHABILITATION],
    0,
    None,
);
pub(super) const DESTROYED: Story = story(
    PERMIT,
    RESEARCHER,
    "Keisarileikkaus ja lapsen allergiat",
    "Synnytystavan yhteys lapsen allergioihin ja astmaan.",
    &[BIRTHS, PRESCRIPTIONS],
    0,
    None,
);
