//! The table of every message: key, parameters with a sample value, and the three texts.
//! See the parent module for how to add one.

use crate::sign_in::UiLanguage;

// The entries of `after_permit.rs` join these: one table, one `MessageKey`.
with_after_permit_messages! {
    // --- Any field -------------------------------------------------------------------
    Required => { en: "is required", fi: "on pakollinen", sv: "är obligatoriskt" }
    TooLong => { en: "is too long", fi: "on liian pitkä", sv: "är för långt" }
    MaxChars { max: usize = 300 } => {
        en: "must be at most {max} characters",
        fi: "saa olla enintään {max} merkkiä",
        sv: "får vara högst {max} tecken",
    }
    MustBeInFuture => {
        en: "must be in the future", fi: "on oltava tulevaisuudessa", sv: "måste ligga i framtiden",
    }
    MustNotBeInFuture => {
        en: "must not be in the future",
        fi: "ei saa olla tulevaisuudessa",
        sv: "får inte ligga i framtiden",
    }
    AtMostSixYearsAhead => {
        en: "must be at most six years ahead",
        fi: "saa olla enintään kuuden vuoden päässä",
        sv: "får ligga högst sex år framåt",
    }
    NotAnEmail => {
        en: "is not an email address", fi: "ei ole sähköpostiosoite", sv: "är inte en e-postadress",
    }
    PeriodEndsBeforeStart => {
        en: "must not be before the start of the period",
        fi: "ei saa olla ennen jakson alkua",
        sv: "får inte vara före periodens början",
    }
    ListedTwice => { en: "is listed twice", fi: "on mainittu kahdesti", sv: "anges två gånger" }
    UnknownValue => { en: "unknown value", fi: "tuntematon arvo", sv: "okänt värde" }

    // --- Business ID (Y-tunnus) --------------------------------------------------------
    BusinessIdFormat => {
        en: "must have the form 1234567-8",
        fi: "on oltava muotoa 1234567-8",
        sv: "måste ha formen 1234567-8",
    }
    BusinessIdCheckDigit => {
        en: "check digit does not match",
        fi: "tarkistusnumero ei täsmää",
        sv: "kontrollsiffran stämmer inte",
    }

    // --- Organisation register ---------------------------------------------------------
    NotAPhoneNumber => {
        en: "may contain only digits, spaces, hyphens and a leading +",
        fi: "saa sisältää vain numeroita, välilyöntejä, yhdysmerkkejä ja alussa +-merkin",
        sv: "får bara innehålla siffror, mellanslag, bindestreck och ett inledande +",
    }
    EndedBeforeCustomerSince => {
        en: "must not be before the date the customer relationship began",
        fi: "ei saa olla ennen asiakkuuden alkamispäivää",
        sv: "får inte vara före den dag kundrelationen började",
    }
    RelationshipAlreadyEnded => {
        en: "the customer relationship has already ended",
        fi: "asiakkuus on jo päättynyt",
        sv: "kundrelationen har redan upphört",
    }
    ContactDataPurged => {
        en: "the organisation's contact data has been deleted under the retention rule; it can no longer be changed",
        fi: "organisaation yhteystiedot on poistettu säilytysajan päätyttyä; niitä ei voi enää muuttaa",
        sv: "organisationens kontaktuppgifter har raderats enligt lagringsregeln; de kan inte längre ändras",
    }
    BusinessIdTaken => {
        en: "an organisation with this business ID is already registered",
        fi: "tällä Y-tunnuksella on jo rekisteröity organisaatio",
        sv: "en organisation med detta FO-nummer är redan registrerad",
    }
    NotMainUser => {
        en: "only staff or the organisation's main user may manage its contact persons",
        fi: "vain henkilöstö tai organisaation pääkäyttäjä voi hallita sen yhteyshenkilöitä",
        sv: "endast personalen eller organisationens huvudanvändare kan hantera dess kontaktpersoner",
    }
    NotYourOrganisation => {
        en: "you are not a contact person of this organisation",
        fi: "et ole tämän organisaation yhteyshenkilö",
        sv: "du är inte kontaktperson för denna organisation",
    }

    // --- Personal identity code (never quoted back) -----------------------------------
    HetuNotAscii => {
        en: "must contain only ASCII characters",
        fi: "saa sisältää vain ASCII-merkkejä",
        sv: "får bara innehålla ASCII-tecken",
    }
    HetuLength => {
        en: "must be exactly 11 characters",
        fi: "on oltava täsmälleen 11 merkkiä",
        sv: "måste vara exakt 11 tecken",
    }
    HetuNotDigits => {
        en: "birth date and individual number must be digits",
        fi: "syntymäajan ja yksilönumeron on oltava numeroita",
        sv: "födelsedatum och individnummer måste vara siffror",
    }
    HetuCenturySign => {
        en: "has no valid century sign (+, -, Y, X, W, V, U, A, B, C, D, E or F)",
        fi: "välimerkki ei ole kelvollinen (+, -, Y, X, W, V, U, A, B, C, D, E tai F)",
        sv: "har inget giltigt sekeltecken (+, -, Y, X, W, V, U, A, B, C, D, E eller F)",
    }
    HetuDate => {
        en: "birth date is not a real calendar date",
        fi: "syntymäaika ei ole todellinen päivämäärä",
        sv: "födelsedatumet är inget verkligt datum",
    }
    HetuIndividualNumber => {
        en: "individual number must be between 002 and 999",
        fi: "yksilönumeron on oltava välillä 002–999",
        sv: "individnumret måste vara mellan 002 och 999",
    }
    HetuTemporary => {
        en: "temporary identity codes (individual number 900-999) are not accepted",
        fi: "väliaikaisia henkilötunnuksia (yksilönumero 900–999) ei hyväksytä",
        sv: "tillfälliga personbeteckningar (individnummer 900–999) godtas inte",
    }
    HetuCheckCharacter => {
        en: "check character does not match",
        fi: "tarkistusmerkki ei täsmää",
        sv: "kontrolltecknet stämmer inte",
    }

    // --- Application content ---------------------------------------------------------
    BusinessIdRequiredForOrganisation => {
        en: "is required for an organisation",
        fi: "on pakollinen organisaatiolle",
        sv: "är obligatoriskt för en organisation",
    }
    OrganisationNameRequiredWithBusinessId => {
        en: "is required with a business ID",
        fi: "on pakollinen, kun Y-tunnus on annettu",
        sv: "är obligatoriskt när FO-nummer anges",
    }
    PurposeNeedsDataRequest => {
        en: "serves anonymous statistics only: apply with a data request instead of a data permit",
        fi: "tuottaa vain anonyymejä tilastoja: hae tietopyynnöllä tietoluvan sijaan",
        sv: "ger endast anonym statistik: ansök med en databegäran i stället för ett dataanvändningstillstånd",
    }
    DataSourceRequired => {
        en: "at least one data source is required",
        fi: "vähintään yksi tietolähde vaaditaan",
        sv: "minst en datakälla krävs",
    }
    NotInDataCatalogue => {
        en: "is not in the data catalogue",
        fi: "ei ole aineistoluettelossa",
        sv: "finns inte i datakatalogen",
    }
    ProcessorRequired => {
        en: "at least one named processor is required",
        fi: "vähintään yksi nimetty käsittelijä vaaditaan",
        sv: "minst en namngiven behandlare krävs",
    }
    NotInEnvironmentRegister => {
        en: "is not in the processing-environment register",
        fi: "ei ole käyttöympäristörekisterissä",
        sv: "finns inte i registret över användarmiljöer",
    }
    EthicsReferenceRequired => {
        en: "is required when an ethics statement is needed",
        fi: "on pakollinen, kun eettinen lausunto tarvitaan",
        sv: "är obligatoriskt när ett etiskt utlåtande behövs",
    }
    DataRequestNamesNoProcessors => {
        en: "data requests yield anonymous statistics and name no processors",
        fi: "tietopyyntö tuottaa anonyymejä tilastoja eikä nimeä käsittelijöitä",
        sv: "en databegäran ger anonym statistik och namnger inga behandlare",
    }
    DataRequestNeedsNoEnvironment => {
        en: "data requests need no processing environment",
        fi: "tietopyyntö ei tarvitse käyttöympäristöä",
        sv: "en databegäran behöver ingen användarmiljö",
    }
    AmendmentNamesPermit => {
        en: "an amendment names the permit it changes",
        fi: "muutoshakemus nimeää muutettavan luvan",
        sv: "en ändringsansökan anger tillståndet den ändrar",
    }
    OnlyAmendmentNamesPermit => {
        en: "only an amendment names a permit",
        fi: "vain muutoshakemus nimeää luvan",
        sv: "endast en ändringsansökan anger ett tillstånd",
    }
    OnlyAmendmentNamesChanges => {
        en: "only an amendment names changes to a permit",
        fi: "vain muutoshakemus nimeää luvan muutoksia",
        sv: "endast en ändringsansökan anger ändringar i ett tillstånd",
    }

    // --- Proposals and decisions -------------------------------------------------------
    FeeCategoryDoesNotFit => {
        en: "does not fit the kind of application",
        fi: "ei sovi hakemuksen lajiin",
        sv: "passar inte ansökans typ",
    }
    GrantedSourcesNotRequested => {
        en: "may only contain data sources the application asked for",
        fi: "saa sisältää vain hakemuksessa pyydettyjä tietolähteitä",
        sv: "får bara innehålla datakällor som ansökan gäller",
    }
    GrantNeedsDataSource => {
        en: "a granting decision grants at least one data source",
        fi: "myönteinen päätös myöntää vähintään yhden tietolähteen",
        sv: "ett bifallande beslut beviljar minst en datakälla",
    }
    RejectionGrantsNoSources => {
        en: "a rejection grants no data sources",
        fi: "kielteinen päätös ei myönnä tietolähteitä",
        sv: "ett avslag beviljar inga datakällor",
    }
    ValidUntilRequiredForPermit => {
        en: "is required for a granted data permit",
        fi: "on pakollinen myönnetylle tietoluvalle",
        sv: "är obligatoriskt för ett beviljat dataanvändningstillstånd",
    }
    PermitNeedsEnvironment => {
        en: "a granted data permit needs a registered processing environment",
        fi: "myönnetty tietolupa edellyttää rekisteröityä käyttöympäristöä",
        sv: "ett beviljat dataanvändningstillstånd kräver en registrerad användarmiljö",
    }
    NoProposalToDecide => {
        en: "there is no proposal to decide",
        fi: "ratkaistavaa esitystä ei ole",
        sv: "det finns inget förslag att avgöra",
    }

    // --- Processing environments -------------------------------------------------------
    EnvironmentRemoved => {
        en: "the processing environment has been removed from the register",
        fi: "käyttöympäristö on poistettu rekisteristä",
        sv: "användarmiljön har avförts ur registret",
    }
    EnvironmentDeviation => {
        en: "the processing environment has a significant deviation and cannot be named in new permits",
        fi: "käyttöympäristössä on merkittävä poikkeama, eikä sitä voi nimetä uusiin lupiin",
        sv: "användarmiljön har en väsentlig avvikelse och kan inte anges i nya tillstånd",
    }
    EnvironmentCertificateExpired => {
        en: "the processing environment's certificate expired before the decision date",
        fi: "käyttöympäristön sertifikaatti päättyi ennen päätöspäivää",
        sv: "användarmiljöns certifikat gick ut före beslutsdagen",
    }
    CertificateBeforeRegistration => {
        en: "must not be before the registration date",
        fi: "ei saa olla ennen rekisteröintipäivää",
        sv: "får inte vara före registreringsdagen",
    }
    EnvironmentNameTaken => {
        en: "an environment of this name is already registered",
        fi: "tämänniminen käyttöympäristö on jo rekisterissä",
        sv: "en användarmiljö med detta namn är redan registrerad",
    }

    // --- Permits and amendments --------------------------------------------------------
    NewApplicationNeeded => {
        en: "data sources and cohort cannot change in an amendment: submit a new application",
        fi: "tietolähteet ja kohdejoukko eivät voi muuttua muutoshakemuksella: jätä uusi hakemus",
        sv: "datakällor och kohort kan inte ändras genom en ändringsansökan: lämna in en ny ansökan",
    }
    AmendmentKeepsPurpose => {
        en: "an amendment keeps its permit's purpose",
        fi: "muutoshakemus säilyttää luvan käyttötarkoituksen",
        sv: "en ändringsansökan behåller tillståndets ändamål",
    }
    OnlyActivePermitAmended => {
        en: "only an active permit can be amended",
        fi: "vain voimassa olevaa lupaa voi muuttaa",
        sv: "endast ett gällande tillstånd kan ändras",
    }
    OnlyActivePermitRevoked => {
        en: "only an active permit can be revoked",
        fi: "vain voimassa olevan luvan voi peruuttaa",
        sv: "endast ett gällande tillstånd kan återkallas",
    }
    CombinedPermitNotDestroyed => {
        en: "only an active permit can be confirmed destroyed (it was combined)",
        fi: "vain voimassa olevan luvan aineiston hävittämisen voi vahvistaa (lupa on yhdistetty)",
        sv: "förstöring kan bekräftas endast för ett gällande tillstånd (det har slagits samman)",
    }
    AlreadyDestroyed => {
        en: "data destruction has already been confirmed",
        fi: "aineiston hävittäminen on jo vahvistettu",
        sv: "förstöringen av uppgifterna har redan bekräftats",
    }
    DestroyedBeforeValidity => {
        en: "must not be before the permit's validity began",
        fi: "ei saa olla ennen luvan voimaantuloa",
        sv: "får inte vara före tillståndets giltighet började",
    }
    NameAtLeastOneChange => {
        en: "name at least one change",
        fi: "nimeä vähintään yksi muutos",
        sv: "ange minst en ändring",
    }
    ChangeListedTwice => {
        en: "a change is listed twice",
        fi: "sama muutos on mainittu kahdesti",
        sv: "en ändring anges två gånger",
    }
    NewValidUntilRequired => {
        en: "is required to extend validity",
        fi: "on pakollinen voimassaolon jatkamiseksi",
        sv: "är obligatoriskt för att förlänga giltigheten",
    }
    NewValidUntilNotLater => {
        en: "must be later than the permit's current validity",
        fi: "on oltava myöhemmin kuin luvan nykyinen voimassaolo",
        sv: "måste vara senare än tillståndets nuvarande giltighet",
    }
    OnlyWithChange { change: &'static str = "EXTEND_VALIDITY" } => {
        en: "is only given with {change}",
        fi: "annetaan vain muutoksen {change} kanssa",
        sv: "anges endast med ändringen {change}",
    }
    NameAtLeastOneProcessor => {
        en: "name at least one processor",
        fi: "nimeä vähintään yksi käsittelijä",
        sv: "ange minst en behandlare",
    }
    AlreadyProcessor => {
        en: "is already a processor of the permit",
        fi: "on jo luvan käsittelijä",
        sv: "är redan behandlare enligt tillståndet",
    }
    NotAProcessor => {
        en: "is not a processor of the permit",
        fi: "ei ole luvan käsittelijä",
        sv: "är inte behandlare enligt tillståndet",
    }
    PermitKeepsProcessor => {
        en: "a permit keeps at least one named processor",
        fi: "luvalla on oltava vähintään yksi nimetty käsittelijä",
        sv: "ett tillstånd behåller minst en namngiven behandlare",
    }
    AlreadyPermitEnvironment => {
        en: "is already the permit's environment",
        fi: "on jo luvan käyttöympäristö",
        sv: "är redan tillståndets användarmiljö",
    }
    NameAnotherPermit => {
        en: "name at least one other permit",
        fi: "nimeä vähintään yksi toinen lupa",
        sv: "ange minst ett annat tillstånd",
    }
    IsPermitBeingAmended => {
        en: "is the permit being amended",
        fi: "on muutettava lupa itse",
        sv: "är tillståndet som ändras",
    }
    NoSuchPermit => { en: "no such permit", fi: "lupaa ei ole", sv: "tillståndet finns inte" }
    OtherPurpose => {
        en: "was granted for another purpose: only permits for the same purpose can be combined",
        fi: "on myönnetty toiseen käyttötarkoitukseen: vain saman käyttötarkoituksen lupia voi yhdistää",
        sv: "beviljades för ett annat ändamål: endast tillstånd för samma ändamål kan slås samman",
    }
    OnlyActivePermitsCombined => {
        en: "only active permits can be combined",
        fi: "vain voimassa olevia lupia voi yhdistää",
        sv: "endast gällande tillstånd kan slås samman",
    }

    // --- Information requests and deadlines --------------------------------------------
    AskQuestions { max: usize = 20 } => {
        en: "ask 1 to {max} questions", fi: "esitä 1–{max} kysymystä", sv: "ställ 1–{max} frågor",
    }
    NoSuchItem => {
        en: "no such item in the request",
        fi: "pyynnössä ei ole tällaista kohtaa",
        sv: "begäran har ingen sådan punkt",
    }
    EveryItemNeedsAnswer => {
        en: "every item needs an answer",
        fi: "jokaiseen kohtaan tarvitaan vastaus",
        sv: "varje punkt behöver ett svar",
    }
    ItemNotAnswered => {
        en: "the item has not been answered yet",
        fi: "kohtaan ei ole vielä vastattu",
        sv: "punkten har inte besvarats ännu",
    }
    DeadlineAlreadyExtended => {
        en: "the deadline has already been extended once",
        fi: "määräaikaa on jo jatkettu kerran",
        sv: "tidsfristen har redan förlängts en gång",
    }
    DeadlineNotLater => {
        en: "the new deadline must be later than the current one",
        fi: "uuden määräajan on oltava nykyistä myöhempi",
        sv: "den nya tidsfristen måste vara senare än den nuvarande",
    }
    DeadlineTooLong => {
        en: "the deadline can be extended by at most three months",
        fi: "määräaikaa voi jatkaa enintään kolmella kuukaudella",
        sv: "tidsfristen kan förlängas med högst tre månader",
    }
    DecisionClockNotStarted => {
        en: "the decision clock has not started",
        fi: "ratkaisuaika ei ole alkanut",
        sv: "handläggningstiden har inte börjat löpa",
    }

    // --- Who may do what, and when -------------------------------------------------------
    NotAllowedForRole => {
        en: "not allowed for your role",
        fi: "roolisi ei salli tätä",
        sv: "din roll tillåter inte detta",
    }
    OnlyPresenter => {
        en: "only the case's presenter may do this",
        fi: "vain asian esittelijä voi tehdä tämän",
        sv: "endast ärendets föredragande får göra detta",
    }
    PresenterCannotDecide => {
        en: "the presenter cannot decide or return their own case",
        fi: "esittelijä ei voi ratkaista tai palauttaa omaa asiaansa",
        sv: "föredraganden kan inte avgöra eller återförvisa sitt eget ärende",
    }
    NotPossibleInState { state: &'static str = "DRAFT" } => {
        en: "not possible while the application is {state}",
        fi: "ei mahdollista, kun hakemuksen tila on {state}",
        sv: "inte möjligt när ansökans status är {state}",
    }
    Stale => {
        en: "changed by someone else since you loaded it; reload and try again",
        fi: "joku muu on muuttanut tätä sen jälkeen, kun latasit sen; lataa uudelleen ja yritä uudestaan",
        sv: "någon annan har ändrat detta sedan du laddade det; ladda om och försök igen",
    }
    OnlyDeadLetterRetried => {
        en: "only a dead letter can be retried",
        fi: "vain perille menemätöntä viestiä voi yrittää uudelleen",
        sv: "endast ett olevererbart meddelande kan försökas igen",
    }

    // --- Objections ----------------------------------------------------------------------
    ObjectionAlreadyWithdrawn => {
        en: "the objection is already withdrawn",
        fi: "vastustus on jo peruttu",
        sv: "invändningen har redan återkallats",
    }
    ObjectionChanged => {
        en: "the objection changed since it was read",
        fi: "vastustus on muuttunut lukemisen jälkeen",
        sv: "invändningen har ändrats sedan den lästes",
    }
    ObjectionChangedConcurrently => {
        en: "the objection changed concurrently; try again",
        fi: "vastustus muuttui samanaikaisesti; yritä uudelleen",
        sv: "invändningen ändrades samtidigt; försök igen",
    }
    ReasonRequiredToRead => {
        en: "a reason is required to read an objection",
        fi: "vastustuksen lukemiseen tarvitaan peruste",
        sv: "det krävs en motivering för att läsa en invändning",
    }
    ReceivedAfterProcessed => {
        en: "received date must not be after the processing date",
        fi: "saapumispäivä ei saa olla käsittelypäivän jälkeen",
        sv: "ankomstdagen får inte vara efter behandlingsdagen",
    }
    ChannelNotRecordable => {
        en: "clerks record objections received by POST or IN_PERSON",
        fi: "kirjaaja kirjaa vain postitse (POST) tai henkilökohtaisesti (IN_PERSON) saapuneet vastustukset",
        sv: "registratorer registrerar invändningar som kommit per post (POST) eller personligen (IN_PERSON)",
    }
    VerificationMismatch => {
        en: "does not fit the channel", fi: "ei sovi saapumistapaan", sv: "passar inte kanalen",
    }
    NotAMinor => {
        en: "the represented person is not a minor",
        fi: "edustettava ei ole alaikäinen",
        sv: "den företrädda personen är inte minderårig",
    }
    RepresentingSelf => {
        en: "a representative files for someone else",
        fi: "edustaja tekee vastustuksen toisen puolesta",
        sv: "en företrädare lämnar in för någon annan",
    }
    RepresentationBasisRequired => {
        en: "is required when filing for a represented person",
        fi: "on pakollinen, kun vastustus tehdään edustettavan puolesta",
        sv: "är obligatoriskt när invändningen lämnas för en företrädd person",
    }
    RepresentedCodeRequired => {
        en: "is required with a representation basis",
        fi: "on pakollinen, kun edustusperuste on annettu",
        sv: "är obligatoriskt när grund för företrädande anges",
    }
    RepresentationBasisWithRepresentative => {
        en: "is required with a representative",
        fi: "on pakollinen, kun edustaja on annettu",
        sv: "är obligatoriskt när en företrädare anges",
    }
    NoIdentityCodeInToken => {
        en: "the token carries no personal identity code",
        fi: "tunnisteessa ei ole henkilötunnusta",
        sv: "token innehåller ingen personbeteckning",
    }
    SessionCodeUnreadable => {
        en: "the session's identity code cannot be read",
        fi: "istunnon henkilötunnusta ei voi lukea",
        sv: "sessionens personbeteckning kan inte läsas",
    }
    StoredCodeUnreadable => {
        en: "the stored identity code cannot be read",
        fi: "tallennettua henkilötunnusta ei voi lukea",
        sv: "den lagrade personbeteckningen kan inte läsas",
    }
    StoredObjectionCorrupt => {
        en: "the stored objection is corrupt",
        fi: "tallennettu vastustus on vioittunut",
        sv: "den lagrade invändningen är skadad",
    }
    StoredCodeMalformed => {
        en: "a stored encrypted identity code is malformed or does not authenticate",
        fi: "tallennettu salattu henkilötunnus on virheellinen tai sen aitous ei varmistu",
        sv: "en lagrad krypterad personbeteckning är felaktig eller kan inte autentiseras",
    }
    ObjectionKeyMissing { count: i64 = 3, key_id: String = "k1".to_owned() } => {
        en: "{count} objections are encrypted under the key `{key_id}`, which the secrets file no longer holds",
        fi: "{count} vastustusta on salattu avaimella `{key_id}`, jota salaisuustiedostossa ei enää ole",
        sv: "{count} invändningar är krypterade med nyckeln `{key_id}`, som hemlighetsfilen inte längre innehåller",
    }
    ObjectionsPartlyLoaded { loaded: usize = 2, expected: i64 = 3 } => {
        en: "loaded {loaded} of {expected} objections in force; refusing to filter",
        fi: "voimassa olevista vastustuksista luettiin {loaded}/{expected}; poimintaa ei tehdä",
        sv: "{loaded} av {expected} gällande invändningar lästes; filtreringen görs inte",
    }
    ObjectionUnreadable { id: String = "0".to_owned(), detail: String = "aead".to_owned() } => {
        en: "objection {id}: {detail}",
        fi: "vastustus {id}: {detail}",
        sv: "invändning {id}: {detail}",
    }
    AuditChainCorrupt => {
        en: "the audit chain head is corrupt; run `tietolupa audit verify`",
        fi: "lokiketjun pää on vioittunut; aja `tietolupa audit verify`",
        sv: "loggkedjans huvud är skadat; kör `tietolupa audit verify`",
    }

    // --- Lists, searches, files, requests ------------------------------------------------
    UntilBeforeFrom => {
        en: "must not be before `from`",
        fi: "ei saa olla ennen alkua (`from`)",
        sv: "får inte vara före början (`from`)",
    }
    NotACursor => {
        en: "is not a cursor of this list",
        fi: "ei ole tämän luettelon kohdistin",
        sv: "är ingen markör för denna lista",
    }
    PageSize { max: u64 = 100 } => {
        en: "must be between 1 and {max}",
        fi: "on oltava välillä 1–{max}",
        sv: "måste vara mellan 1 och {max}",
    }
    AtMostWords { max: usize = 8 } => {
        en: "use at most {max} words",
        fi: "käytä enintään {max} sanaa",
        sv: "använd högst {max} ord",
    }
    UploadUnreadable => { en: "the upload could not be read", fi: "ladattua tiedostoa ei voitu lukea", sv: "den uppladdade filen kunde inte läsas" }
    FileEmpty => { en: "is empty", fi: "on tyhjä", sv: "är tom" }
    FileTooLarge { megabytes: u64 = 20 } => { en: "is larger than the limit of {megabytes} MB", fi: "on suurempi kuin enimmäiskoko {megabytes} Mt", sv: "är större än gränsen på {megabytes} MB" }
    FileTypeNotAccepted => { en: "only PDF and plain text files are accepted", fi: "vain PDF- ja tekstitiedostot hyväksytään", sv: "endast PDF- och textfiler godtas" }
    DateRequired => { en: "is required (YYYY-MM-DD)", fi: "on pakollinen (VVVV-KK-PP)", sv: "är obligatoriskt (ÅÅÅÅ-MM-DD)" }
    NotADate => { en: "must be a date YYYY-MM-DD", fi: "on oltava päivämäärä muodossa VVVV-KK-PP", sv: "måste vara ett datum ÅÅÅÅ-MM-DD" }
    PrintableCharacters => {
        en: "must be 1-100 printable characters",
        fi: "on oltava 1–100 tulostettavaa merkkiä",
        sv: "måste vara 1–100 skrivbara tecken",
    }
    UnknownParameter { known: String = "q, kind".to_owned() } => {
        en: "unknown parameter; use {known}",
        fi: "tuntematon parametri; käytä näitä: {known}",
        sv: "okänd parameter; använd dessa: {known}",
    }
    NotAYear => { en: "is not a year", fi: "ei ole vuosiluku", sv: "är inget årtal" }
    UnreadableGraphqlRequest => {
        en: "could not be read as a GraphQL request",
        fi: "ei ole luettavissa GraphQL-pyyntönä",
        sv: "kunde inte läsas som en GraphQL-begäran",
    }
    UnreadableBody { detail: String = "EOF".to_owned() } => {
        en: "{detail}",
        fi: "pyyntöä ei voitu lukea: {detail}",
        sv: "begäran kunde inte läsas: {detail}",
    }
    NotADemoUser => {
        en: "not a demo user", fi: "ei ole demokäyttäjä", sv: "är ingen demoanvändare",
    }
    DevTokenInvalid { detail: String = "must be 1 to 200 characters".to_owned() } => {
        en: "{detail}", fi: "virheellinen: {detail}", sv: "ogiltigt: {detail}",
    }

    // --- Whole requests (the top-level `message` of an error) -------------------------
    AuthenticationRequired => {
        en: "authentication required", fi: "kirjautuminen vaaditaan", sv: "inloggning krävs",
    }
    InvalidToken => {
        en: "invalid or expired token",
        fi: "tunniste on virheellinen tai vanhentunut",
        sv: "token är ogiltig eller har gått ut",
    }
    InvalidInput => { en: "invalid input", fi: "virheellisiä tietoja", sv: "ogiltiga uppgifter" }
    NoSuchResource => { en: "no such resource", fi: "resurssia ei ole", sv: "resursen finns inte" }
    ApplicationNotFound => {
        en: "application not found", fi: "hakemusta ei löytynyt", sv: "ansökan hittades inte",
    }
    AttachmentNotFound => {
        en: "attachment not found", fi: "liitettä ei löytynyt", sv: "bilagan hittades inte",
    }
    DecisionNotFound => {
        en: "decision not found", fi: "päätöstä ei löytynyt", sv: "beslutet hittades inte",
    }
    PermitNotFound => {
        en: "permit not found", fi: "lupaa ei löytynyt", sv: "tillståndet hittades inte",
    }
    EnvironmentNotFound => {
        en: "processing environment not found",
        fi: "käyttöympäristöä ei löytynyt",
        sv: "användarmiljön hittades inte",
    }
    InformationItemNotFound => {
        en: "information request item not found",
        fi: "lisätietopyynnön kohtaa ei löytynyt",
        sv: "punkten i begäran om komplettering hittades inte",
    }
    OpenInformationRequestNotFound => {
        en: "open information request not found",
        fi: "avointa lisätietopyyntöä ei löytynyt",
        sv: "ingen öppen begäran om komplettering hittades",
    }
    DeliveryOrderNotFound => {
        en: "delivery order not found", fi: "toimitustilausta ei löytynyt", sv: "leveransbeställningen hittades inte",
    }
    OutboxMessageNotFound => {
        en: "outbox message not found",
        fi: "lähtevää viestiä ei löytynyt",
        sv: "det utgående meddelandet hittades inte",
    }
    TooManyRequests => {
        en: "too many requests", fi: "liikaa pyyntöjä", sv: "för många förfrågningar",
    }
    LimitExceeded { limit: &'static str = "depth", max: usize = 12 } => {
        en: "the request exceeds the {limit} limit of {max}",
        fi: "pyyntö ylittää rajan {limit} ({max})",
        sv: "begäran överskrider gränsen {limit} ({max})",
    }
    LimitExceededUnknownMax { limit: &'static str = "body" } => {
        en: "the request exceeds the {limit} limit",
        fi: "pyyntö ylittää rajan {limit}",
        sv: "begäran överskrider gränsen {limit}",
    }
    CsrfHeaderMissing => {
        en: "a request signed in by cookie must carry the X-Tietolupa-Csrf header",
        fi: "evästeellä kirjautuneen pyynnön on sisällettävä X-Tietolupa-Csrf-otsake",
        sv: "en begäran som är inloggad med kaka måste ha huvudet X-Tietolupa-Csrf",
    }
    ServiceUnavailable => {
        en: "the service is temporarily unavailable; try again shortly",
        fi: "palvelu ei ole tilapäisesti käytettävissä; yritä hetken kuluttua uudelleen",
        sv: "tjänsten är tillfälligt otillgänglig; försök igen om en stund",
    }
    InternalError => { en: "internal error", fi: "sisäinen virhe", sv: "internt fel" }
}
