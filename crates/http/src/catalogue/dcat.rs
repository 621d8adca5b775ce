//! The data catalogue as a DCAT-AP 3.0.1 catalogue in the HealthDCAT-AP profile: what a
//! health data access body publishes for the European Health Data Space's central
//! platform to harvest. Pure: the store's controllers and the public URL in, a graph out.
//!
//! Every register or ready-made dataset is a `dcat:Dataset` published by its data
//! controller (`dct:publisher`, a `foaf:Agent`), reached only through a data permit or a
//! data request (`dct:accessRights` NON_PUBLIC, `healthdcatap:hdab` the permit authority),
//! under the EHDS regulation and the Finnish Secondary Use Act
//! (`dcatap:applicableLegislation`). The EU vocabularies' terms that the SHACL shapes
//! require to carry a class (languages, country, theme, access right, legislation) are
//! described in the graph itself, as DCAT-AP asks of the data it validates.

use tietolupa_domain::Names;
use tietolupa_store::catalogue::{DataController, DataSource};

use crate::rdf::{Graph, Iri, Object, Prefix, RDF_TYPE};

/// The namespaces the serialisations shorten IRIs with.
pub const PREFIXES: &[Prefix] = &[
    ("dcat", "http://www.w3.org/ns/dcat#"),
    ("dct", "http://purl.org/dc/terms/"),
    ("dcatap", "http://data.europa.eu/r5r/"),
    ("healthdcatap", "http://healthdataportal.eu/ns/health#"),
    ("eli", "http://data.europa.eu/eli/ontology#"),
    ("foaf", "http://xmlns.com/foaf/0.1/"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("vcard", "http://www.w3.org/2006/vcard/ns#"),
];

mod term {
    use crate::rdf::Iri;

    pub const CATALOG: Iri = Iri::constant("http://www.w3.org/ns/dcat#Catalog");
    pub const DATASET: Iri = Iri::constant("http://www.w3.org/ns/dcat#Dataset");
    pub const DATASET_OF: Iri = Iri::constant("http://www.w3.org/ns/dcat#dataset");
    pub const CONTACT_POINT: Iri = Iri::constant("http://www.w3.org/ns/dcat#contactPoint");
    pub const KEYWORD: Iri = Iri::constant("http://www.w3.org/ns/dcat#keyword");
    pub const THEME: Iri = Iri::constant("http://www.w3.org/ns/dcat#theme");
    pub const THEME_TAXONOMY: Iri = Iri::constant("http://www.w3.org/ns/dcat#themeTaxonomy");

    pub const TITLE: Iri = Iri::constant("http://purl.org/dc/terms/title");
    pub const DESCRIPTION: Iri = Iri::constant("http://purl.org/dc/terms/description");
    pub const IDENTIFIER: Iri = Iri::constant("http://purl.org/dc/terms/identifier");
    pub const PUBLISHER: Iri = Iri::constant("http://purl.org/dc/terms/publisher");
    pub const LANGUAGE: Iri = Iri::constant("http://purl.org/dc/terms/language");
    pub const SPATIAL: Iri = Iri::constant("http://purl.org/dc/terms/spatial");
    pub const ACCESS_RIGHTS: Iri = Iri::constant("http://purl.org/dc/terms/accessRights");
    pub const TYPE: Iri = Iri::constant("http://purl.org/dc/terms/type");
    pub const LINGUISTIC_SYSTEM: Iri = Iri::constant("http://purl.org/dc/terms/LinguisticSystem");
    pub const LOCATION: Iri = Iri::constant("http://purl.org/dc/terms/Location");
    pub const RIGHTS_STATEMENT: Iri = Iri::constant("http://purl.org/dc/terms/RightsStatement");

    pub const APPLICABLE_LEGISLATION: Iri =
        Iri::constant("http://data.europa.eu/r5r/applicableLegislation");
    pub const LEGAL_RESOURCE: Iri =
        Iri::constant("http://data.europa.eu/eli/ontology#LegalResource");
    pub const HDAB: Iri = Iri::constant("http://healthdataportal.eu/ns/health#hdab");

    pub const AGENT: Iri = Iri::constant("http://xmlns.com/foaf/0.1/Agent");
    pub const ORGANIZATION: Iri = Iri::constant("http://xmlns.com/foaf/0.1/Organization");
    pub const DOCUMENT: Iri = Iri::constant("http://xmlns.com/foaf/0.1/Document");
    pub const NAME: Iri = Iri::constant("http://xmlns.com/foaf/0.1/name");
    pub const HOMEPAGE: Iri = Iri::constant("http://xmlns.com/foaf/0.1/homepage");

    pub const CONCEPT: Iri = Iri::constant("http://www.w3.org/2004/02/skos/core#Concept");
    pub const CONCEPT_SCHEME: Iri =
        Iri::constant("http://www.w3.org/2004/02/skos/core#ConceptScheme");
    pub const PREF_LABEL: Iri = Iri::constant("http://www.w3.org/2004/02/skos/core#prefLabel");
    pub const IN_SCHEME: Iri = Iri::constant("http://www.w3.org/2004/02/skos/core#inScheme");

    pub const VCARD_KIND: Iri = Iri::constant("http://www.w3.org/2006/vcard/ns#Kind");
    pub const VCARD_ORGANIZATION: Iri =
        Iri::constant("http://www.w3.org/2006/vcard/ns#Organization");
    pub const VCARD_FN: Iri = Iri::constant("http://www.w3.org/2006/vcard/ns#fn");
    pub const VCARD_HAS_URL: Iri = Iri::constant("http://www.w3.org/2006/vcard/ns#hasURL");
}

/// Terms of the EU Publications Office's authority tables and other vocabularies, with
/// the labels the graph gives them.
mod vocabulary {
    use crate::rdf::Iri;

    pub const FINNISH: Iri =
        Iri::constant("http://publications.europa.eu/resource/authority/language/FIN");
    pub const SWEDISH: Iri =
        Iri::constant("http://publications.europa.eu/resource/authority/language/SWE");
    pub const ENGLISH: Iri =
        Iri::constant("http://publications.europa.eu/resource/authority/language/ENG");
    pub const FINLAND: Iri =
        Iri::constant("http://publications.europa.eu/resource/authority/country/FIN");
    pub const DATA_THEMES: Iri =
        Iri::constant("http://publications.europa.eu/resource/authority/data-theme");
    pub const HEALTH: Iri =
        Iri::constant("http://publications.europa.eu/resource/authority/data-theme/HEAL");
    pub const NON_PUBLIC: Iri =
        Iri::constant("http://publications.europa.eu/resource/authority/access-right/NON_PUBLIC");
    pub const NATIONAL_AUTHORITY: Iri =
        Iri::constant("http://purl.org/adms/publishertype/NationalAuthority");
    /// Regulation (EU) 2025/327 on the European Health Data Space.
    pub const EHDS: Iri = Iri::constant("http://data.europa.eu/eli/reg/2025/327/oj");
    /// The Finnish Act on the Secondary Use of Health and Social Data (552/2019), as in
    /// force, by its ELI in Finlex.
    pub const SECONDARY_USE_ACT: Iri =
        Iri::constant("http://data.finlex.fi/eli/sd/2019/552/ajantasa");
}

/// A text in the catalogue's three languages.
struct Text {
    fi: &'static str,
    sv: &'static str,
    en: &'static str,
}

impl Text {
    fn names(&self) -> Names {
        Names::new(self.fi, self.sv, self.en)
    }
}

const CATALOGUE_TITLE: Text = Text {
    fi: "Tietolupa: sosiaali- ja terveystietojen rekisterit ja aineistot",
    sv: "Tietolupa: register och datamaterial inom social- och hälsovården",
    en: "Tietolupa: social and health data registers and datasets",
};

const CATALOGUE_DESCRIPTION: Text = Text {
    fi: "Sosiaali- ja terveysalan rekisterit ja valmiit aineistot rekisterinpitäjittäin. \
         Tiedot eivät ole avoimia: niiden toissijaiseen käyttöön haetaan tietolupaa tai \
         tehdään tietopyyntö lupaviranomaiselle.",
    sv: "Register och färdiga datamaterial inom social- och hälsovården per \
         personuppgiftsansvarig. Uppgifterna är inte öppna: för sekundär användning söks \
         dataanvändningstillstånd eller görs en databegäran hos tillståndsmyndigheten.",
    en: "The social and health registers and ready-made datasets, by data controller. \
         The data are not open: their secondary use needs a data permit or a data request \
         from the permit authority.",
};

/// The permit authority: the catalogue's publisher and every dataset's health data
/// access body.
const AUTHORITY: Text = Text {
    fi: "Sosiaali- ja terveysalan tietolupaviranomainen Findata",
    sv: "Tillståndsmyndigheten för social- och hälsovårdsdata Findata",
    en: "Social and Health Data Permit Authority Findata",
};

const NATIONAL_AUTHORITY: Text = Text {
    fi: "Kansallinen viranomainen",
    sv: "Nationell myndighet",
    en: "National authority",
};

const DATA_THEMES: Text = Text {
    fi: "Tietoaineistojen teemat",
    sv: "Datateman",
    en: "Data themes",
};

const HEALTH: Text = Text {
    fi: "Terveys",
    sv: "Hälsa",
    en: "Health",
};

const NON_PUBLIC: Text = Text {
    fi: "Ei julkinen",
    sv: "Inte offentlig",
    en: "Non-public",
};

const EHDS: Text = Text {
    fi: "Asetus (EU) 2025/327 eurooppalaisesta terveysdata-avaruudesta",
    sv: "Förordning (EU) 2025/327 om ett europeiskt hälsodataområde",
    en: "Regulation (EU) 2025/327 on the European Health Data Space",
};

const SECONDARY_USE_ACT: Text = Text {
    fi: "Laki sosiaali- ja terveystietojen toissijaisesta käytöstä (552/2019)",
    sv: "Lag om sekundär användning av personuppgifter inom social- och hälsovården (552/2019)",
    en: "Act on the Secondary Use of Health and Social Data (552/2019)",
};

const REGISTER_KEYWORD: Text = Text {
    fi: "rekisteri",
    sv: "register",
    en: "register",
};

const DATASET_KEYWORD: Text = Text {
    fi: "valmis aineisto",
    sv: "färdigt datamaterial",
    en: "ready-made dataset",
};

/// The stable IRIs of the catalogue's own resources: fragments of the catalogue's URL,
/// which answers with the whole graph, so each of them dereferences.
pub struct Iris {
    pub catalogue: Iri,
    homepage: Iri,
    authority: Iri,
    contact_point: Iri,
}

impl Iris {
    /// `public_url` without a trailing slash, as the configuration gives it.
    pub fn new(public_url: &str) -> Iris {
        let catalogue = Iri::new(&format!("{public_url}/api/catalogue"));
        Iris {
            homepage: Iri::new(&format!("{public_url}/")),
            authority: catalogue.with_fragment("authority"),
            contact_point: catalogue.with_fragment("contact-point"),
            catalogue,
        }
    }

    /// A data controller, by its catalogue code.
    pub fn controller(&self, code: &str) -> Iri {
        self.catalogue.with_fragment(&format!("controller-{code}"))
    }

    /// A register or ready-made dataset, by its catalogue code.
    pub fn dataset(&self, code: &str) -> Iri {
        self.catalogue.with_fragment(&format!("dataset-{code}"))
    }
}

/// `names` as one language-tagged literal per language that has a text; when none has,
/// `fallback` without a language, so a mandatory title is never missing.
fn add_names(graph: &mut Graph, subject: &Iri, predicate: &Iri, names: &Names, fallback: &str) {
    let mut added = false;
    for (language, value) in [("fi", &names.fi), ("sv", &names.sv), ("en", &names.en)] {
        let value = value.trim();
        if !value.is_empty() {
            graph.add(
                subject,
                predicate,
                Object::Text {
                    value: value.to_owned(),
                    language,
                },
            );
            added = true;
        }
    }
    if !added {
        graph.add(subject, predicate, Object::Plain(fallback.to_owned()));
    }
}

fn add_text(graph: &mut Graph, subject: &Iri, predicate: &Iri, text: &Text) {
    add_names(graph, subject, predicate, &text.names(), text.en);
}

/// A vocabulary term with its classes and its label in the three languages.
fn describe_term(graph: &mut Graph, iri: &Iri, classes: &[&Iri], label: &Text) {
    for class in classes {
        graph.add(iri, &RDF_TYPE, *class);
    }
    add_text(graph, iri, &term::PREF_LABEL, label);
}

fn sources_of(controller: &DataController) -> Vec<&DataSource> {
    let mut sources: Vec<&DataSource> = controller.sources.iter().collect();
    sources.sort_by(|a, b| a.code.cmp(&b.code));
    sources
}

/// The whole catalogue: the catalogue, the authority, the controllers and their datasets,
/// and the vocabulary terms they refer to. Controllers and their sources are taken in the
/// byte order of their codes, so the output is the same whichever database ordered them
/// (PostgreSQL's collation and SQLite's differ on punctuation).
pub fn catalogue(public_url: &str, controllers: &[DataController]) -> Graph {
    let iris = Iris::new(public_url);
    let mut controllers: Vec<&DataController> = controllers.iter().collect();
    controllers.sort_by(|a, b| a.code.cmp(&b.code));
    let mut graph = Graph::default();
    let legislation = [
        (&vocabulary::EHDS, &EHDS),
        (&vocabulary::SECONDARY_USE_ACT, &SECONDARY_USE_ACT),
    ];

    let catalogue = &iris.catalogue;
    graph.add(catalogue, &RDF_TYPE, &term::CATALOG);
    add_text(&mut graph, catalogue, &term::TITLE, &CATALOGUE_TITLE);
    add_text(
        &mut graph,
        catalogue,
        &term::DESCRIPTION,
        &CATALOGUE_DESCRIPTION,
    );
    graph.add(catalogue, &term::PUBLISHER, &iris.authority);
    for language in [
        &vocabulary::FINNISH,
        &vocabulary::SWEDISH,
        &vocabulary::ENGLISH,
    ] {
        graph.add(catalogue, &term::LANGUAGE, language);
    }
    graph.add(catalogue, &term::SPATIAL, &vocabulary::FINLAND);
    graph.add(catalogue, &term::THEME_TAXONOMY, &vocabulary::DATA_THEMES);
    graph.add(catalogue, &term::HOMEPAGE, &iris.homepage);
    for (law, _) in legislation {
        graph.add(catalogue, &term::APPLICABLE_LEGISLATION, law);
    }
    for controller in &controllers {
        for source in sources_of(controller) {
            graph.add(catalogue, &term::DATASET_OF, iris.dataset(&source.code));
        }
    }

    let authority = &iris.authority;
    graph.add(authority, &RDF_TYPE, &term::AGENT);
    graph.add(authority, &RDF_TYPE, &term::ORGANIZATION);
    add_text(&mut graph, authority, &term::NAME, &AUTHORITY);
    graph.add(authority, &term::TYPE, &vocabulary::NATIONAL_AUTHORITY);
    graph.add(authority, &term::HOMEPAGE, &iris.homepage);

    // Applications are the way to the data, so the authority is every dataset's contact.
    let contact = &iris.contact_point;
    graph.add(contact, &RDF_TYPE, &term::VCARD_KIND);
    graph.add(contact, &RDF_TYPE, &term::VCARD_ORGANIZATION);
    add_text(&mut graph, contact, &term::VCARD_FN, &AUTHORITY);
    graph.add(contact, &term::VCARD_HAS_URL, &iris.homepage);

    for controller in &controllers {
        let agent = iris.controller(&controller.code);
        graph.add(&agent, &RDF_TYPE, &term::AGENT);
        graph.add(&agent, &RDF_TYPE, &term::ORGANIZATION);
        add_names(
            &mut graph,
            &agent,
            &term::NAME,
            &controller.name,
            &controller.code,
        );
        add_names(
            &mut graph,
            &agent,
            &term::DESCRIPTION,
            &controller.description,
            &controller.code,
        );
        for source in sources_of(controller) {
            let dataset = iris.dataset(&source.code);
            graph.add(&dataset, &RDF_TYPE, &term::DATASET);
            graph.add(
                &dataset,
                &term::IDENTIFIER,
                Object::Plain(source.code.clone()),
            );
            add_names(
                &mut graph,
                &dataset,
                &term::TITLE,
                &source.name,
                &source.code,
            );
            add_names(
                &mut graph,
                &dataset,
                &term::DESCRIPTION,
                &source.description,
                &source.code,
            );
            let keyword = if source.kind == "DATASET" {
                &DATASET_KEYWORD
            } else {
                &REGISTER_KEYWORD
            };
            add_text(&mut graph, &dataset, &term::KEYWORD, keyword);
            graph.add(&dataset, &term::PUBLISHER, &agent);
            graph.add(&dataset, &term::HDAB, authority);
            graph.add(&dataset, &term::ACCESS_RIGHTS, &vocabulary::NON_PUBLIC);
            for (law, _) in legislation {
                graph.add(&dataset, &term::APPLICABLE_LEGISLATION, law);
            }
            graph.add(&dataset, &term::CONTACT_POINT, contact);
            graph.add(&dataset, &term::THEME, &vocabulary::HEALTH);
            graph.add(&dataset, &term::SPATIAL, &vocabulary::FINLAND);
        }
    }

    graph.add(&iris.homepage, &RDF_TYPE, &term::DOCUMENT);
    for language in [
        &vocabulary::FINNISH,
        &vocabulary::SWEDISH,
        &vocabulary::ENGLISH,
    ] {
        graph.add(language, &RDF_TYPE, &term::LINGUISTIC_SYSTEM);
    }
    graph.add(&vocabulary::FINLAND, &RDF_TYPE, &term::LOCATION);
    graph.add(&vocabulary::DATA_THEMES, &RDF_TYPE, &term::CONCEPT_SCHEME);
    add_text(
        &mut graph,
        &vocabulary::DATA_THEMES,
        &term::TITLE,
        &DATA_THEMES,
    );
    describe_term(&mut graph, &vocabulary::HEALTH, &[&term::CONCEPT], &HEALTH);
    graph.add(
        &vocabulary::HEALTH,
        &term::IN_SCHEME,
        &vocabulary::DATA_THEMES,
    );
    describe_term(
        &mut graph,
        &vocabulary::NON_PUBLIC,
        &[&term::RIGHTS_STATEMENT, &term::CONCEPT],
        &NON_PUBLIC,
    );
    describe_term(
        &mut graph,
        &vocabulary::NATIONAL_AUTHORITY,
        &[&term::CONCEPT],
        &NATIONAL_AUTHORITY,
    );
    for (law, title) in legislation {
        graph.add(law, &RDF_TYPE, &term::LEGAL_RESOURCE);
        add_text(&mut graph, law, &term::TITLE, title);
    }
    graph
}

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    use super::*;

    fn controllers() -> Vec<DataController> {
        vec![DataController {
            id: Uuid::nil(),
            code: "thl".to_owned(),
            name: Names::new(
                "Terveyden ja hyvinvoinnin laitos (THL)",
                "Institutet för hälsa och välfärd (THL)",
                "Finnish Institute for Health and Welfare (THL)",
            ),
            description: Names::new("Kuvaus", "Beskrivning", "Description"),
            sources: vec![
                DataSource {
                    id: Uuid::nil(),
                    code: "thl-hilmo".to_owned(),
                    name: Names::new("Hilmo", "Hilmo", "Care Register \"Hilmo\""),
                    kind: "REGISTER".to_owned(),
                    description: Names::new("Hoitoilmoitukset", "Vårdanmälningar", "Care"),
                },
                DataSource {
                    id: Uuid::nil(),
                    code: "finregistry".to_owned(),
                    name: Names::new("", " ", ""),
                    kind: "DATASET".to_owned(),
                    description: Names::new("Valmis", "Färdigt", "Ready-made"),
                },
            ],
        }]
    }

    const BASE: &str = "https://lupa.example.fi";

    #[test]
    fn every_source_is_a_non_public_dataset_of_its_controller_under_the_authority() {
        let graph = catalogue(BASE, &controllers());
        let iris = Iris::new(BASE);
        let datasets = graph.subjects_of_type(&term::DATASET);
        assert_eq!(
            datasets.iter().map(|d| d.as_str()).collect::<Vec<_>>(),
            // In the order of their codes, not the order given.
            [
                "https://lupa.example.fi/api/catalogue#dataset-finregistry",
                "https://lupa.example.fi/api/catalogue#dataset-thl-hilmo",
            ]
        );
        for dataset in datasets {
            assert_eq!(
                graph.objects(dataset, &term::PUBLISHER),
                [Object::Iri(iris.controller("thl"))]
            );
            assert_eq!(
                graph.objects(dataset, &term::HDAB),
                [Object::Iri(iris.authority.clone())]
            );
            assert_eq!(
                graph.objects(dataset, &term::ACCESS_RIGHTS),
                [Object::Iri(vocabulary::NON_PUBLIC)]
            );
            assert_eq!(
                graph.objects(dataset, &term::APPLICABLE_LEGISLATION).len(),
                2
            );
        }
        assert_eq!(
            graph.objects(&iris.catalogue, &term::DATASET_OF).len(),
            2,
            "the catalogue lists both"
        );
        assert_eq!(graph.subjects_of_type(&term::CATALOG), [&iris.catalogue]);
    }

    #[test]
    fn names_carry_their_language_and_an_empty_name_falls_back_to_the_code() {
        let graph = catalogue(BASE, &controllers());
        let iris = Iris::new(BASE);
        let titles = graph.objects(&iris.dataset("thl-hilmo"), &term::TITLE);
        assert_eq!(titles.len(), 3);
        assert!(titles.contains(&Object::Text {
            value: "Care Register \"Hilmo\"".to_owned(),
            language: "en",
        }));
        assert_eq!(
            graph.objects(&iris.dataset("finregistry"), &term::TITLE),
            [Object::Plain("finregistry".to_owned())]
        );
        assert!(
            graph
                .objects(&iris.dataset("finregistry"), &term::KEYWORD)
                .contains(&Object::Text {
                    value: "ready-made dataset".to_owned(),
                    language: "en",
                })
        );
    }

    #[test]
    fn the_vocabulary_terms_carry_the_classes_the_shapes_require() {
        let graph = catalogue(BASE, &controllers());
        for (iri, class) in [
            (&vocabulary::FINNISH, &term::LINGUISTIC_SYSTEM),
            (&vocabulary::FINLAND, &term::LOCATION),
            (&vocabulary::DATA_THEMES, &term::CONCEPT_SCHEME),
            (&vocabulary::HEALTH, &term::CONCEPT),
            (&vocabulary::NON_PUBLIC, &term::RIGHTS_STATEMENT),
            (&vocabulary::EHDS, &term::LEGAL_RESOURCE),
            (&vocabulary::SECONDARY_USE_ACT, &term::LEGAL_RESOURCE),
            (&Iris::new(BASE).homepage, &term::DOCUMENT),
        ] {
            assert!(
                graph
                    .objects(iri, &RDF_TYPE)
                    .contains(&Object::Iri(class.clone())),
                "{} is a {}",
                iri.as_str(),
                class.as_str()
            );
        }
    }

    #[test]
    fn both_serialisations_hold_every_triple() {
        let graph = catalogue(BASE, &controllers());
        let turtle = graph.to_turtle(PREFIXES);
        assert!(turtle.starts_with("@prefix dcat: <http://www.w3.org/ns/dcat#> .\n"));
        assert!(turtle.contains("\"Care Register \\\"Hilmo\\\"\"@en"));
        assert!(turtle.contains(
            "<https://lupa.example.fi/api/catalogue#dataset-thl-hilmo>\n    a dcat:Dataset ;"
        ));
        let json_ld = graph.to_json_ld(PREFIXES);
        let nodes = json_ld["@graph"].as_array().unwrap();
        let values: usize = nodes
            .iter()
            .flat_map(|n| n.as_object().unwrap())
            .filter(|(key, _)| *key != "@id")
            .map(|(_, v)| v.as_array().unwrap().len())
            .sum();
        assert_eq!(values, graph.len());
        let dataset = nodes
            .iter()
            .find(|n| n["@id"] == "https://lupa.example.fi/api/catalogue#dataset-thl-hilmo")
            .unwrap();
        assert_eq!(dataset["@type"], serde_json::json!(["dcat:Dataset"]));
        assert_eq!(
            dataset["healthdcatap:hdab"],
            serde_json::json!([{ "@id": "https://lupa.example.fi/api/catalogue#authority" }])
        );
    }
}
