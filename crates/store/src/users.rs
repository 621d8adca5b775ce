//! People known to the system.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use tietolupa_domain::Role;
use tietolupa_entity::user_account;
use uuid::Uuid;

use crate::{Db, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserAccount {
    pub id: Uuid,
    pub subject: String,
    pub display_name: String,
    pub email: Option<String>,
    pub organisation: Option<String>,
    pub roles: Vec<Role>,
}

impl From<user_account::Model> for UserAccount {
    fn from(model: user_account::Model) -> Self {
        let roles = model
            .roles
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|r| r.as_str()?.parse().ok())
            .collect();
        UserAccount {
            id: model.id,
            subject: model.subject,
            display_name: model.display_name,
            email: model.email,
            organisation: model.organisation,
            roles,
        }
    }
}

/// The seeded demo users, for the dev sign-in picker.
pub async fn demo_users(db: &Db) -> Result<Vec<UserAccount>, StoreError> {
    let models = user_account::Entity::find()
        .filter(user_account::Column::IsDemo.eq(true))
        .order_by_asc(user_account::Column::Subject)
        .all(db.conn())
        .await?;
    Ok(models.into_iter().map(UserAccount::from).collect())
}

pub async fn find_by_subject(db: &Db, subject: &str) -> Result<Option<UserAccount>, StoreError> {
    let model = user_account::Entity::find()
        .filter(user_account::Column::Subject.eq(subject))
        .one(db.conn())
        .await?;
    Ok(model.map(UserAccount::from))
}
