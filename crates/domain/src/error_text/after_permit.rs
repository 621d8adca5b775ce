//! The messages of the work after the permit (issue 16): delivery orders, preparation runs
//! and output requests. A part of the one `catalogue!` table (see the parent module): the
//! macro below hands these entries to `catalogue!` together with `catalogue.rs`'s own, so
//! there is still one `MessageKey`.

macro_rules! with_after_permit_messages {
    ($($entries:tt)*) => {
        catalogue! {
            $($entries)*

            // --- Delivery orders (docs/delivery.md) -------------------------------------------
            DeliveryOrderNotPossibleInState { state: &'static str = "DELIVERED" } => {
                en: "not possible while the delivery order is {state}",
                fi: "ei mahdollista, kun toimitustilauksen tila on {state}",
                sv: "inte möjligt när leveransbeställningens status är {state}",
            }
            DeliveryNeedsActivePermit => {
                en: "data is delivered only under an active permit",
                fi: "aineisto toimitetaan vain voimassa olevan luvan nojalla",
                sv: "uppgifter levereras endast med ett gällande tillstånd",
            }
            DeliveryNeedsEnvironment => {
                en: "the permit names no processing environment to deliver the data into",
                fi: "luvassa ei ole nimetty käyttöympäristöä, johon aineisto toimitetaan",
                sv: "tillståndet anger ingen användarmiljö att leverera uppgifterna till",
            }

            DeliveryStatisticsByRelease => {
                en: "a data request's statistics are delivered by releasing them after output checking",
                fi: "tietopyynnön tilastot toimitetaan luovuttamalla ne tulostarkastuksen jälkeen",
                sv: "statistiken för en databegäran levereras genom att den lämnas ut efter resultatgranskningen",
            }

            // --- Preparation runs (docs/preparation.md) -----------------------------------------
            PreparationIdentityColumnMissing => {
                en: "the header has no column by this name",
                fi: "otsikkorivillä ei ole tämännimistä saraketta",
                sv: "rubrikraden har ingen kolumn med detta namn",
            }
            PreparationHeaderUnusable => {
                en: "the header names this column twice, or already has a column named pseudonym",
                fi: "otsikkorivillä on tämä sarake kahdesti tai jo sarake nimeltä pseudonym",
                sv: "rubrikraden har kolumnen två gånger eller redan en kolumn som heter pseudonym",
            }

            // --- Output requests (docs/output-review.md) ---------------------------------
            OutputNotPossibleInState { state: &'static str = "SUBMITTED" } => {
                en: "not possible while the output request is {state}",
                fi: "ei mahdollista, kun tulostepyynnön tila on {state}",
                sv: "inte möjligt när utdatabegärans status är {state}",
            }
            OutputFailNotOverridden { count: usize = 2 } => {
                en: "{count} cells fail a rule: override each with a reason, ask for changes or reject",
                fi: "{count} solua ei läpäise sääntöä: ohita kukin perustellen, pyydä muutoksia tai hylkää",
                sv: "{count} celler bryter mot en regel: åsidosätt var och en med motivering, begär ändringar eller avslå",
            }
            NoSuchFinding => {
                en: "names no flagged cell of this request",
                fi: "ei vastaa mitään pyynnön merkittyä solua",
                sv: "motsvarar ingen flaggad cell i begäran",
            }
            ReviewerCannotConfirm => {
                en: "the reviewer cannot confirm their own approval (four eyes)",
                fi: "tarkastaja ei voi vahvistaa omaa hyväksyntäänsä (neljän silmän periaate)",
                sv: "granskaren kan inte bekräfta sitt eget godkännande (fyra ögon)",
            }
            OnlyActivePermitOutputs => {
                en: "outputs can be submitted only under an active permit",
                fi: "tulosteita voi lähettää vain voimassa olevan luvan perusteella",
                sv: "utdata kan lämnas in endast med ett gällande tillstånd",
            }
            ThresholdNotStricter => {
                en: "may only make the configured default stricter",
                fi: "voi vain tiukentaa määritettyä oletusarvoa",
                sv: "får bara skärpa det konfigurerade standardvärdet",
            }
            TableNotUtf8 { line: u64 = 3 } => {
                en: "line {line} is not UTF-8 text",
                fi: "rivi {line} ei ole UTF-8-tekstiä",
                sv: "rad {line} är inte UTF-8-text",
            }
            TableMalformed { line: u64 = 3 } => {
                en: "line {line} is not well-formed CSV",
                fi: "rivi {line} ei ole kelvollista CSV:tä",
                sv: "rad {line} är inte korrekt CSV",
            }
            TableRagged { line: u64 = 3, expected: usize = 4, found: usize = 3 } => {
                en: "line {line} has {found} fields, the header has {expected}",
                fi: "rivillä {line} on {found} kenttää, otsakerivillä {expected}",
                sv: "rad {line} har {found} fält, rubrikraden har {expected}",
            }
            MagnitudeColumnsMissing { label: String = "Total".to_owned(), part: &'static str = "largest" } => {
                en: "the magnitude columns of \"{label}\" have no \"{label}:{part}\"",
                fi: "sarakkeen \"{label}\" suuruussarakkeista puuttuu \"{label}:{part}\"",
                sv: "storlekskolumnerna för \"{label}\" saknar \"{label}:{part}\"",
            }
            TableUnusable { problem: String = "line 3, column 2: not a number".to_owned() } => {
                en: "the table cannot be checked: {problem}",
                fi: "taulukkoa ei voi tarkistaa: {problem}",
                sv: "tabellen kan inte kontrolleras: {problem}",
            }
        }
    };
}
