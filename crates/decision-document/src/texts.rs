//! The fixed texts of a decision in Finnish, Swedish and English: headings, labels, the fee's
//! legal basis and the appeal instructions.
//!
//! The appeal instructions follow the Act on Court Proceedings in Administrative Matters
//! (laki oikeudenkäynnistä hallintoasioissa 808/2019): appeal to the administrative court
//! within 30 days of notification. The permit authority sits in Helsinki, so the court is the
//! Helsinki Administrative Court.

use crate::model::{AmendmentChange, DecisionKind, FeeCategory, Language, Outcome, Purpose};

pub(crate) struct Texts {
    pub decision: &'static str,
    pub public_version: &'static str,
    pub public_version_note: &'static str,
    pub page: &'static str,
    pub diary_number: &'static str,
    pub decision_number: &'static str,
    pub decision_date: &'static str,
    pub subject: &'static str,
    pub title: &'static str,
    pub purpose: &'static str,
    pub public_summary: &'static str,
    pub permit: &'static str,
    pub changes: &'static str,
    pub parties: &'static str,
    pub applicant: &'static str,
    pub holder: &'static str,
    pub private_person: &'static str,
    pub business_id: &'static str,
    pub contact_person: &'static str,
    pub email: &'static str,
    pub phone: &'static str,
    pub postal_address: &'static str,
    pub billing_reference: &'static str,
    pub ruling: &'static str,
    pub outcome: &'static str,
    pub data_sources: &'static str,
    pub data_source: &'static str,
    pub controller: &'static str,
    pub variables: &'static str,
    pub time_span: &'static str,
    pub environment_and_validity: &'static str,
    pub processing_environment: &'static str,
    pub validity: &'static str,
    pub processors: &'static str,
    pub name: &'static str,
    pub organisation: &'static str,
    pub plans: &'static str,
    pub conditions: &'static str,
    pub refused: &'static str,
    pub refused_item: &'static str,
    pub refusal_reason: &'static str,
    pub reasoning: &'static str,
    pub fee: &'static str,
    pub amount: &'static str,
    pub fee_category: &'static str,
    pub legal_basis: &'static str,
    pub signatures: &'static str,
    pub decider: &'static str,
    pub presenter: &'static str,
    pub approved_electronically: &'static str,
    pub appeal: &'static str,
    pub appeal_paragraphs: &'static [&'static str],
}

pub(crate) fn texts(language: Language) -> &'static Texts {
    match language {
        Language::Fi => &FI,
        Language::Sv => &SV,
        Language::En => &EN,
    }
}

pub(crate) fn kind_heading(language: Language, kind: DecisionKind) -> &'static str {
    use DecisionKind::*;
    match (language, kind) {
        (Language::Fi, DataPermit) => "Päätös tietolupahakemukseen",
        (Language::Fi, DataRequest) => "Päätös tietopyyntöön",
        (Language::Fi, Amendment) => "Päätös tietoluvan muutoshakemukseen",
        (Language::Fi, Revocation) => "Päätös tietoluvan peruuttamisesta",
        (Language::Sv, DataPermit) => "Beslut om ansökan om dataanvändningstillstånd",
        (Language::Sv, DataRequest) => "Beslut om databegäran",
        (Language::Sv, Amendment) => "Beslut om ansökan om ändring av dataanvändningstillstånd",
        (Language::Sv, Revocation) => "Beslut om återkallelse av dataanvändningstillstånd",
        (Language::En, DataPermit) => "Decision on a data permit application",
        (Language::En, DataRequest) => "Decision on a data request",
        (Language::En, Amendment) => "Decision on an application to amend a data permit",
        (Language::En, Revocation) => "Decision to revoke a data permit",
    }
}

/// The ruling in one sentence.
pub(crate) fn ruling(
    language: Language,
    kind: DecisionKind,
    outcome: Option<Outcome>,
) -> &'static str {
    use DecisionKind::*;
    use Outcome::*;
    match (language, kind, outcome) {
        (_, Revocation, _) | (_, _, None) => match language {
            Language::Fi => "Lupaviranomainen peruuttaa tietoluvan.",
            Language::Sv => "Tillståndsmyndigheten återkallar dataanvändningstillståndet.",
            Language::En => "The permit authority revokes the data permit.",
        },
        (Language::Fi, DataPermit, Some(Granted)) => {
            "Lupaviranomainen myöntää tietoluvan haetulla tavalla."
        }
        (Language::Fi, DataPermit, Some(PartiallyGranted)) => {
            "Lupaviranomainen myöntää tietoluvan osittain. Hylätyt osat perusteluineen on esitetty jäljempänä."
        }
        (Language::Fi, DataPermit, Some(Rejected)) => {
            "Lupaviranomainen hylkää tietolupahakemuksen."
        }
        (Language::Fi, DataRequest, Some(Granted)) => "Lupaviranomainen hyväksyy tietopyynnön.",
        (Language::Fi, DataRequest, Some(PartiallyGranted)) => {
            "Lupaviranomainen hyväksyy tietopyynnön osittain. Hylätyt osat perusteluineen on esitetty jäljempänä."
        }
        (Language::Fi, DataRequest, Some(Rejected)) => "Lupaviranomainen hylkää tietopyynnön.",
        (Language::Fi, Amendment, Some(Granted)) => {
            "Lupaviranomainen muuttaa tietolupaa haetulla tavalla."
        }
        (Language::Fi, Amendment, Some(PartiallyGranted)) => {
            "Lupaviranomainen muuttaa tietolupaa osittain. Hylätyt osat perusteluineen on esitetty jäljempänä."
        }
        (Language::Fi, Amendment, Some(Rejected)) => "Lupaviranomainen hylkää muutoshakemuksen.",
        (Language::Sv, DataPermit, Some(Granted)) => {
            "Tillståndsmyndigheten beviljar dataanvändningstillstånd enligt ansökan."
        }
        (Language::Sv, DataPermit, Some(PartiallyGranted)) => {
            "Tillståndsmyndigheten beviljar dataanvändningstillstånd delvis. De avslagna delarna och skälen anges nedan."
        }
        (Language::Sv, DataPermit, Some(Rejected)) => {
            "Tillståndsmyndigheten avslår ansökan om dataanvändningstillstånd."
        }
        (Language::Sv, DataRequest, Some(Granted)) => {
            "Tillståndsmyndigheten godkänner databegäran."
        }
        (Language::Sv, DataRequest, Some(PartiallyGranted)) => {
            "Tillståndsmyndigheten godkänner databegäran delvis. De avslagna delarna och skälen anges nedan."
        }
        (Language::Sv, DataRequest, Some(Rejected)) => "Tillståndsmyndigheten avslår databegäran.",
        (Language::Sv, Amendment, Some(Granted)) => {
            "Tillståndsmyndigheten ändrar dataanvändningstillståndet enligt ansökan."
        }
        (Language::Sv, Amendment, Some(PartiallyGranted)) => {
            "Tillståndsmyndigheten ändrar dataanvändningstillståndet delvis. De avslagna delarna och skälen anges nedan."
        }
        (Language::Sv, Amendment, Some(Rejected)) => {
            "Tillståndsmyndigheten avslår ändringsansökan."
        }
        (Language::En, DataPermit, Some(Granted)) => {
            "The permit authority grants the data permit as applied for."
        }
        (Language::En, DataPermit, Some(PartiallyGranted)) => {
            "The permit authority grants the data permit in part. The refused parts and the reasons are set out below."
        }
        (Language::En, DataPermit, Some(Rejected)) => {
            "The permit authority rejects the data permit application."
        }
        (Language::En, DataRequest, Some(Granted)) => {
            "The permit authority grants the data request."
        }
        (Language::En, DataRequest, Some(PartiallyGranted)) => {
            "The permit authority grants the data request in part. The refused parts and the reasons are set out below."
        }
        (Language::En, DataRequest, Some(Rejected)) => {
            "The permit authority rejects the data request."
        }
        (Language::En, Amendment, Some(Granted)) => {
            "The permit authority amends the data permit as applied for."
        }
        (Language::En, Amendment, Some(PartiallyGranted)) => {
            "The permit authority amends the data permit in part. The refused parts and the reasons are set out below."
        }
        (Language::En, Amendment, Some(Rejected)) => {
            "The permit authority rejects the application for amendment."
        }
    }
}

pub(crate) fn outcome(language: Language, outcome: Option<Outcome>) -> &'static str {
    match (language, outcome) {
        (Language::Fi, Some(Outcome::Granted)) => "Myönnetty",
        (Language::Fi, Some(Outcome::PartiallyGranted)) => "Osittain myönnetty",
        (Language::Fi, Some(Outcome::Rejected)) => "Hylätty",
        (Language::Fi, None) => "Peruutettu",
        (Language::Sv, Some(Outcome::Granted)) => "Beviljat",
        (Language::Sv, Some(Outcome::PartiallyGranted)) => "Delvis beviljat",
        (Language::Sv, Some(Outcome::Rejected)) => "Avslaget",
        (Language::Sv, None) => "Återkallat",
        (Language::En, Some(Outcome::Granted)) => "Granted",
        (Language::En, Some(Outcome::PartiallyGranted)) => "Partially granted",
        (Language::En, Some(Outcome::Rejected)) => "Rejected",
        (Language::En, None) => "Revoked",
    }
}

pub(crate) fn purpose(language: Language, purpose: Purpose) -> &'static str {
    use Purpose::*;
    match (language, purpose) {
        (Language::Fi, ScientificResearch) => "Tieteellinen tutkimus",
        (Language::Fi, Statistics) => "Tilastointi",
        (Language::Fi, AuthorityPlanningAndReporting) => {
            "Viranomaisten suunnittelu- ja selvitystehtävät"
        }
        (Language::Fi, Education) => "Opetus",
        (Language::Fi, DevelopmentAndInnovation) => "Kehittämis- ja innovaatiotoiminta",
        (Language::Fi, KnowledgeManagement) => "Tietojohtaminen",
        (Language::Fi, SteeringAndSupervision) => "Ohjaus ja valvonta",
        (Language::Sv, ScientificResearch) => "Vetenskaplig forskning",
        (Language::Sv, Statistics) => "Statistikföring",
        (Language::Sv, AuthorityPlanningAndReporting) => {
            "Myndigheters planerings- och utredningsuppgifter"
        }
        (Language::Sv, Education) => "Undervisning",
        (Language::Sv, DevelopmentAndInnovation) => "Utvecklings- och innovationsverksamhet",
        (Language::Sv, KnowledgeManagement) => "Kunskapsbaserad ledning",
        (Language::Sv, SteeringAndSupervision) => "Styrning och tillsyn",
        (Language::En, ScientificResearch) => "Scientific research",
        (Language::En, Statistics) => "Statistics",
        (Language::En, AuthorityPlanningAndReporting) => {
            "Planning and reporting duties of an authority"
        }
        (Language::En, Education) => "Education",
        (Language::En, DevelopmentAndInnovation) => "Development and innovation",
        (Language::En, KnowledgeManagement) => "Knowledge management",
        (Language::En, SteeringAndSupervision) => "Steering and supervision",
    }
}

pub(crate) fn amendment_change(language: Language, change: AmendmentChange) -> &'static str {
    use AmendmentChange::*;
    match (language, change) {
        (Language::Fi, ExtendValidity) => "Voimassaolon jatkaminen",
        (Language::Fi, AddProcessors) => "Käsittelijöiden lisääminen",
        (Language::Fi, RemoveProcessors) => "Käsittelijöiden poistaminen",
        (Language::Fi, ChangeEnvironment) => "Käyttöympäristön vaihtaminen",
        (Language::Fi, CombinePermits) => "Tietolupien yhdistäminen",
        (Language::Sv, ExtendValidity) => "Förlängd giltighetstid",
        (Language::Sv, AddProcessors) => "Nya behandlare",
        (Language::Sv, RemoveProcessors) => "Behandlare som tas bort",
        (Language::Sv, ChangeEnvironment) => "Byte av behandlingsmiljö",
        (Language::Sv, CombinePermits) => "Sammanslagning av tillstånd",
        (Language::En, ExtendValidity) => "Extension of validity",
        (Language::En, AddProcessors) => "Addition of processors",
        (Language::En, RemoveProcessors) => "Removal of processors",
        (Language::En, ChangeEnvironment) => "Change of processing environment",
        (Language::En, CombinePermits) => "Combination of permits",
    }
}

pub(crate) fn fee_category(language: Language, category: FeeCategory) -> &'static str {
    use FeeCategory::*;
    match (language, category) {
        (Language::Fi, Permit) => "Tietolupa",
        (Language::Fi, ExtensivePermit) => {
            "Laaja tietolupa tai EU- tai ETA-alueen ulkopuolinen hakija"
        }
        (Language::Fi, ThesisPermit) => "Opinnäytetyön tietolupa",
        (Language::Fi, Amendment) => "Tietoluvan muutos",
        (Language::Fi, DataRequest) => "Tietopyyntö",
        (Language::Sv, Permit) => "Dataanvändningstillstånd",
        (Language::Sv, ExtensivePermit) => {
            "Omfattande tillstånd eller sökande utanför EU eller EES"
        }
        (Language::Sv, ThesisPermit) => "Tillstånd för lärdomsprov",
        (Language::Sv, Amendment) => "Ändring av tillstånd",
        (Language::Sv, DataRequest) => "Databegäran",
        (Language::En, Permit) => "Data permit",
        (Language::En, ExtensivePermit) => "Extensive permit, or an applicant outside the EU/EEA",
        (Language::En, ThesisPermit) => "Data permit for a thesis",
        (Language::En, Amendment) => "Amendment of a permit",
        (Language::En, DataRequest) => "Data request",
    }
}

/// The fee's legal basis, naming the fee decree applied when the input names it.
pub(crate) fn fee_basis(language: Language, decree: Option<&str>) -> String {
    let decree = decree.map(str::trim).filter(|d| !d.is_empty());
    match language {
        Language::Fi => format!(
            "Laki sosiaali- ja terveystietojen toissijaisesta käytöstä (552/2019), valtion maksuperustelaki (150/1992) ja sosiaali- ja terveysministeriön asetus lupaviranomaisen maksullisista suoritteista{}.",
            decree.map(|d| format!(" ({d})")).unwrap_or_default()
        ),
        Language::Sv => format!(
            "Lagen om sekundär användning av personuppgifter inom social- och hälsovården (552/2019), lagen om grunderna för avgifter till staten (150/1992) och social- och hälsovårdsministeriets förordning om tillståndsmyndighetens avgiftsbelagda prestationer{}.",
            decree.map(|d| format!(" ({d})")).unwrap_or_default()
        ),
        Language::En => format!(
            "Act on the Secondary Use of Health and Social Data (552/2019), Act on Criteria for Charges Payable to the State (150/1992) and the Decree of the Ministry of Social Affairs and Health on the chargeable services of the permit authority{}.",
            decree.map(|d| format!(" ({d})")).unwrap_or_default()
        ),
    }
}

static FI: Texts = Texts {
    decision: "PÄÄTÖS",
    public_version: "JULKINEN VERSIO",
    public_version_note: "Tästä julkisesta versiosta on jätetty pois tietojen käsittelijöiden nimet, suunnitelmat sekä hakijan ja luvanhaltijan yhteyshenkilöt ja yhteystiedot, kuten julkisesta päätösrekisteristäkin.",
    page: "Sivu",
    diary_number: "Diaarinumero",
    decision_number: "Päätösnumero",
    decision_date: "Päätöspäivä",
    subject: "Asia",
    title: "Hankkeen nimi",
    purpose: "Käyttötarkoitus",
    public_summary: "Julkinen kuvaus",
    permit: "Tietolupa",
    changes: "Haetut muutokset",
    parties: "Hakija ja luvanhaltija",
    applicant: "Hakija",
    holder: "Luvanhaltija",
    private_person: "Yksityishenkilö",
    business_id: "Y-tunnus",
    contact_person: "Yhteyshenkilö",
    email: "Sähköposti",
    phone: "Puhelin",
    postal_address: "Postiosoite",
    billing_reference: "Laskutusviite",
    ruling: "Ratkaisu",
    outcome: "Lopputulos",
    data_sources: "Luovutettavat tiedot",
    data_source: "Rekisteri tai aineisto",
    controller: "Rekisterinpitäjä",
    variables: "Muuttujat",
    time_span: "Ajanjakso",
    environment_and_validity: "Käyttöympäristö ja voimassaolo",
    processing_environment: "Käyttöympäristö",
    validity: "Voimassa",
    processors: "Tietojen käsittelijät",
    name: "Nimi",
    organisation: "Organisaatio",
    plans: "Päätöksen perusteena olevat suunnitelmat",
    conditions: "Luvan ehdot",
    refused: "Hylätyt osat",
    refused_item: "Hylätty osa",
    refusal_reason: "Peruste",
    reasoning: "Perustelut",
    fee: "Maksu",
    amount: "Määrä",
    fee_category: "Maksuluokka",
    legal_basis: "Oikeusperuste",
    signatures: "Päätöksen tekijät",
    decider: "Päättäjä",
    presenter: "Esittelijä",
    approved_electronically: "Päätös on hyväksytty sähköisesti lupaviranomaisen asianhallintajärjestelmässä.",
    appeal: "Valitusosoitus",
    appeal_paragraphs: &[
        "Tähän päätökseen tyytymätön saa hakea siihen muutosta valittamalla Helsingin hallinto-oikeuteen. Valitus on tehtävä 30 päivän kuluessa päätöksen tiedoksisaannista. Tiedoksisaantipäivää ei lueta valitusaikaan. Jos valitusajan viimeinen päivä on pyhäpäivä, itsenäisyyspäivä, vapunpäivä, joulu- tai juhannusaatto tai arkilauantai, valituksen saa tehdä ensimmäisenä arkipäivänä sen jälkeen.",
        "Jos päätös on annettu tiedoksi tavallisena kirjeenä, vastaanottajan katsotaan saaneen päätöksestä tiedon seitsemäntenä päivänä kirjeen lähettämisestä ja sähköisenä viestinä kolmantena päivänä viestin lähettämisestä, jollei muuta näytetä.",
        "Valituksessa on ilmoitettava päätös, johon haetaan muutosta; miltä osin päätökseen haetaan muutosta ja mitä muutoksia siihen vaaditaan; vaatimusten perustelut; sekä mihin valitusoikeus perustuu, jos päätös ei kohdistu valittajaan. Valituksessa on ilmoitettava valittajan nimi ja yhteystiedot sekä postiosoite ja mahdollinen muu osoite, johon oikeudenkäyntiin liittyvät asiakirjat voidaan lähettää. Valitukseen on liitettävä valituksen kohteena oleva päätös ja selvitys siitä, milloin valittaja on saanut päätöksen tiedoksi.",
        "Valituksen voi tehdä hallinto- ja erityistuomioistuinten asiointipalvelussa (asiointi.oikeus.fi) tai toimittaa Helsingin hallinto-oikeudelle postitse, sähköpostitse tai henkilökohtaisesti (Radanrakentajantie 5, 00520 Helsinki; helsinki.hao@oikeus.fi). Valituksen on oltava perillä hallinto-oikeudessa viimeistään valitusajan viimeisenä päivänä ennen virka-ajan päättymistä.",
        "Hallinto-oikeus perii valittajalta oikeudenkäyntimaksun tuomioistuinmaksulain (1455/2015) mukaisesti. Maksua ei peritä, jos hallinto-oikeus muuttaa valituksenalaista päätöstä valittajan eduksi.",
    ],
};

static SV: Texts = Texts {
    decision: "BESLUT",
    public_version: "OFFENTLIG VERSION",
    public_version_note: "I denna offentliga version har behandlarnas namn, planerna samt sökandens och tillståndshavarens kontaktpersoner och kontaktuppgifter utelämnats, liksom i det offentliga beslutsregistret.",
    page: "Sida",
    diary_number: "Diarienummer",
    decision_number: "Beslutsnummer",
    decision_date: "Beslutsdatum",
    subject: "Ärende",
    title: "Projektets namn",
    purpose: "Användningsändamål",
    public_summary: "Offentlig beskrivning",
    permit: "Dataanvändningstillstånd",
    changes: "Ändringar som söks",
    parties: "Sökande och tillståndshavare",
    applicant: "Sökande",
    holder: "Tillståndshavare",
    private_person: "Privatperson",
    business_id: "FO-nummer",
    contact_person: "Kontaktperson",
    email: "E-post",
    phone: "Telefon",
    postal_address: "Postadress",
    billing_reference: "Faktureringsreferens",
    ruling: "Avgörande",
    outcome: "Utfall",
    data_sources: "Uppgifter som lämnas ut",
    data_source: "Register eller datamaterial",
    controller: "Personuppgiftsansvarig",
    variables: "Variabler",
    time_span: "Tidsperiod",
    environment_and_validity: "Behandlingsmiljö och giltighet",
    processing_environment: "Behandlingsmiljö",
    validity: "Giltigt",
    processors: "Behandlare av uppgifterna",
    name: "Namn",
    organisation: "Organisation",
    plans: "Planer som beslutet grundar sig på",
    conditions: "Villkor för tillståndet",
    refused: "Avslagna delar",
    refused_item: "Avslagen del",
    refusal_reason: "Skäl",
    reasoning: "Motivering",
    fee: "Avgift",
    amount: "Belopp",
    fee_category: "Avgiftsklass",
    legal_basis: "Rättslig grund",
    signatures: "Beslutsfattare och föredragande",
    decider: "Beslutsfattare",
    presenter: "Föredragande",
    approved_electronically: "Beslutet har godkänts elektroniskt i tillståndsmyndighetens ärendehanteringssystem.",
    appeal: "Besvärsanvisning",
    appeal_paragraphs: &[
        "Den som är missnöjd med detta beslut får söka ändring i det genom besvär hos Helsingfors förvaltningsdomstol. Besvär ska anföras inom 30 dagar från delfåendet av beslutet. Delfåendedagen räknas inte in i besvärstiden. Om besvärstidens sista dag är en helgdag, självständighetsdagen, första maj, julafton, midsommarafton eller en helgfri lördag, får besvär anföras den första vardagen därefter.",
        "Om beslutet har delgetts som vanligt brev anses mottagaren ha fått del av beslutet den sjunde dagen efter att brevet sändes och, om det har delgetts som elektroniskt meddelande, den tredje dagen efter att meddelandet sändes, om inte något annat visas.",
        "I besvären ska uppges det beslut i vilket ändring söks; till vilka delar ändring söks i beslutet och vilka ändringar som yrkas; grunderna för yrkandena; samt vad besvärsrätten grundar sig på, om beslutet inte riktar sig till ändringssökanden. I besvären ska ändringssökandens namn och kontaktuppgifter uppges, liksom den postadress och eventuell annan adress dit handlingar som gäller rättegången kan sändas. Till besvären ska fogas det beslut som överklagas och en utredning om när ändringssökanden har fått del av beslutet.",
        "Besvär kan anföras i förvaltnings- och specialdomstolarnas e-tjänst (asiointi.oikeus.fi) eller tillställas Helsingfors förvaltningsdomstol per post, per e-post eller personligen (Banbyggarvägen 5, 00520 Helsingfors; helsinki.hao@oikeus.fi). Besvären ska vara framme vid förvaltningsdomstolen senast besvärstidens sista dag före tjänstetidens utgång.",
        "Förvaltningsdomstolen tar ut en rättegångsavgift av ändringssökanden enligt lagen om domstolsavgifter (1455/2015). Avgiften tas inte ut om förvaltningsdomstolen ändrar det överklagade beslutet till förmån för ändringssökanden.",
    ],
};

static EN: Texts = Texts {
    decision: "DECISION",
    public_version: "PUBLIC VERSION",
    public_version_note: "This public version leaves out the names of the processors, the plans, and the applicant's and permit holder's contact persons and contact details, as the public register of decisions does.",
    page: "Page",
    diary_number: "Diary number",
    decision_number: "Decision number",
    decision_date: "Date of decision",
    subject: "Subject",
    title: "Project title",
    purpose: "Purpose of use",
    public_summary: "Public summary",
    permit: "Data permit",
    changes: "Changes applied for",
    parties: "Applicant and permit holder",
    applicant: "Applicant",
    holder: "Permit holder",
    private_person: "Private person",
    business_id: "Business ID",
    contact_person: "Contact person",
    email: "E-mail",
    phone: "Telephone",
    postal_address: "Postal address",
    billing_reference: "Billing reference",
    ruling: "Ruling",
    outcome: "Outcome",
    data_sources: "Data to be disclosed",
    data_source: "Register or dataset",
    controller: "Data controller",
    variables: "Variables",
    time_span: "Time span",
    environment_and_validity: "Processing environment and validity",
    processing_environment: "Processing environment",
    validity: "Valid",
    processors: "Processors of the data",
    name: "Name",
    organisation: "Organisation",
    plans: "Plans on which the decision is based",
    conditions: "Conditions of the permit",
    refused: "Refused parts",
    refused_item: "Refused part",
    refusal_reason: "Reason",
    reasoning: "Reasoning",
    fee: "Fee",
    amount: "Amount",
    fee_category: "Fee category",
    legal_basis: "Legal basis",
    signatures: "Decision-makers",
    decider: "Decided by",
    presenter: "Presented by",
    approved_electronically: "The decision has been approved electronically in the permit authority's case management system.",
    appeal: "Instructions for appeal",
    appeal_paragraphs: &[
        "A party dissatisfied with this decision may appeal against it to the Helsinki Administrative Court. The appeal must be lodged within 30 days of notification of the decision. The day of notification is not counted in the period. If the last day of the period falls on a public holiday, Independence Day, May Day, Christmas Eve, Midsummer Eve or a Saturday, the appeal may be lodged on the first working day after it.",
        "If the decision was notified by ordinary letter, the recipient is deemed to have received it on the seventh day after the letter was sent, and if by electronic message, on the third day after the message was sent, unless shown otherwise.",
        "The appeal must state the decision appealed against; to what extent a change is sought and what changes are demanded; the grounds for the demands; and, if the decision is not addressed to the appellant, on what the right of appeal is based. The appeal must give the appellant's name and contact details, and the postal address and any other address to which documents concerning the proceedings may be sent. The decision appealed against and an account of when the appellant was notified of it must be attached. The appeal may be written in Finnish or Swedish.",
        "The appeal may be lodged in the e-service of the administrative and special courts (asiointi.oikeus.fi) or delivered to the Helsinki Administrative Court by post, by e-mail or in person (Radanrakentajantie 5, FI-00520 Helsinki; helsinki.hao@oikeus.fi). The appeal must reach the Administrative Court before the end of office hours on the last day of the appeal period.",
        "The Administrative Court charges the appellant a court fee under the Court Fees Act (1455/2015). No fee is charged if the Administrative Court changes the decision in the appellant's favour.",
    ],
};
