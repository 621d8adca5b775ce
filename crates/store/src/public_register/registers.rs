//! The registers a published decision names, kept in the read model in Finnish, Swedish
//! and English, and brought up to date when the catalogue's names change.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set};
use serde::{Deserialize, Serialize};
use tietolupa_domain::Names;
use tietolupa_entity::published_decision::{self, Column, Entity};
use tietolupa_entity::{data_controller, data_source};
use uuid::Uuid;

use super::bump_generation;
use crate::StoreError;

/// A data controller's register or dataset named in a decision, in the three languages.
/// Rows published before the catalogue had them name each in one language (a plain
/// string), read as that name in every language until the seed refreshes them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PublicRegister {
    #[serde(deserialize_with = "names_or_one")]
    pub data_controller: Names,
    pub data_controller_code: String,
    /// The catalogue code of the register or dataset (absent in old rows).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub register_code: Option<String>,
    #[serde(deserialize_with = "names_or_one")]
    pub register: Names,
}

/// Three names, or one (older rows). A visitor rather than an untagged enum: the enum
/// buffers the value and builds an error message for every old row it tries as three
/// names, and this runs for every row of every register page.
fn names_or_one<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Names, D::Error> {
    struct NamesOrOne;

    impl<'de> serde::de::Visitor<'de> for NamesOrOne {
        type Value = Names;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a name, or names in fi, sv and en")
        }

        fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<Names, E> {
            Ok(Names::same(name))
        }

        fn visit_string<E: serde::de::Error>(self, name: String) -> Result<Names, E> {
            Ok(Names::same(name))
        }

        fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Names, A::Error> {
            Names::deserialize(serde::de::value::MapAccessDeserializer::new(map))
        }
    }

    deserializer.deserialize_any(NamesOrOne)
}

/// Registers by data-source id, with their controllers, in the order given.
pub(crate) async fn registers<C: ConnectionTrait>(
    conn: &C,
    ids: &[Uuid],
) -> Result<Vec<PublicRegister>, StoreError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sources = data_source::Entity::find()
        .filter(data_source::Column::Id.is_in(ids.to_vec()))
        .all(conn)
        .await?;
    let controllers = data_controller::Entity::find().all(conn).await?;
    Ok(ids
        .iter()
        .filter_map(|id| sources.iter().find(|s| s.id == *id))
        .filter_map(|s| {
            controllers
                .iter()
                .find(|c| c.id == s.controller_id)
                .map(|c| PublicRegister {
                    data_controller: Names::new(&c.name_fi, &c.name_sv, &c.name_en),
                    data_controller_code: c.code.clone(),
                    register_code: Some(s.code.clone()),
                    register: Names::new(&s.name_fi, &s.name_sv, &s.name_en),
                })
        })
        .collect())
}

pub(crate) fn controller_codes(registers: &[PublicRegister]) -> String {
    let mut codes = String::from("|");
    for r in registers {
        let code = format!("{}|", r.data_controller_code);
        if !codes.contains(&format!("|{code}")) {
            codes.push_str(&code);
        }
    }
    codes
}

/// Renames the registers of every published decision after the catalogue's names changed
/// (the seed brings in official names). `before` is the catalogue's data sources as they
/// were, so rows that stored a register by its old name alone are still recognised.
pub(crate) async fn refresh_names<C: ConnectionTrait>(
    conn: &C,
    before: &[data_source::Model],
) -> Result<(), StoreError> {
    let controllers = data_controller::Entity::find().all(conn).await?;
    let sources = data_source::Entity::find().all(conn).await?;
    let rows: Vec<(Uuid, serde_json::Value)> = Entity::find()
        .select_only()
        .column(Column::Id)
        .column(Column::Registers)
        .into_tuple()
        .all(conn)
        .await?;
    let mut changed = false;
    for (id, stored) in rows {
        let Ok(registers) = serde_json::from_value::<Vec<PublicRegister>>(stored) else {
            continue;
        };
        let renamed: Vec<PublicRegister> = registers
            .iter()
            .map(|r| current(r, &controllers, &sources, before).unwrap_or_else(|| r.clone()))
            .collect();
        if renamed != registers {
            Entity::update_many()
                .set(published_decision::ActiveModel {
                    registers: Set(serde_json::to_value(&renamed).expect("registers serialise")),
                    ..Default::default()
                })
                .filter(Column::Id.eq(id))
                .exec(conn)
                .await?;
            changed = true;
        }
    }
    if changed {
        bump_generation(conn).await?;
    }
    Ok(())
}

/// The register as the catalogue names it now; `None` when the catalogue no longer has it.
fn current(
    stored: &PublicRegister,
    controllers: &[data_controller::Model],
    sources: &[data_source::Model],
    before: &[data_source::Model],
) -> Option<PublicRegister> {
    let controller = controllers
        .iter()
        .find(|c| c.code == stored.data_controller_code)?;
    let code = match &stored.register_code {
        Some(code) => code.clone(),
        None => before
            .iter()
            .chain(sources)
            .filter(|s| s.controller_id == controller.id)
            .find(|s| [&s.name_fi, &s.name_sv, &s.name_en].contains(&&stored.register.en))?
            .code
            .clone(),
    };
    let source = sources.iter().find(|s| s.code == code)?;
    Some(PublicRegister {
        data_controller: Names::new(
            &controller.name_fi,
            &controller.name_sv,
            &controller.name_en,
        ),
        data_controller_code: controller.code.clone(),
        register_code: Some(code),
        register: Names::new(&source.name_fi, &source.name_sv, &source.name_en),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn codes_are_listed_once_between_bars() {
        let r = |code: &str| PublicRegister {
            data_controller: Names::same(code.to_uppercase()),
            data_controller_code: code.to_owned(),
            register_code: None,
            register: Names::same("r"),
        };
        assert_eq!(
            controller_codes(&[r("thl"), r("kela"), r("thl")]),
            "|thl|kela|"
        );
        assert_eq!(controller_codes(&[]), "|");
    }

    #[test]
    fn registers_stored_in_one_language_read_as_that_name_in_each() {
        let old: PublicRegister = serde_json::from_value(serde_json::json!({
            "dataController": "Statistics Finland",
            "dataControllerCode": "statistics-finland",
            "register": "Causes of death",
        }))
        .unwrap();
        assert_eq!(old.data_controller, Names::same("Statistics Finland"));
        assert_eq!(old.register_code, None);
        let new = PublicRegister {
            data_controller: Names::new(
                "Tilastokeskus",
                "Statistikcentralen",
                "Statistics Finland",
            ),
            register_code: Some("sf-causes-of-death".into()),
            ..old
        };
        let stored = serde_json::to_value(&new).unwrap();
        assert_eq!(stored["dataController"]["sv"], "Statistikcentralen");
        assert_eq!(
            serde_json::from_str::<PublicRegister>(&stored.to_string()).unwrap(),
            new
        );
        assert_eq!(
            serde_json::from_value::<PublicRegister>(stored).unwrap(),
            new
        );
        let neither = r#"{"dataController": 5, "dataControllerCode": "x", "register": "y"}"#;
        assert!(serde_json::from_str::<PublicRegister>(neither).is_err());
    }
}
