//! Attachments: bytes in a directory of their own (never in the row), the SHA-256 and
//! metadata in the database, readable by the applicant and staff.

use std::io::{Read, Seek, SeekFrom, Write};
use std::path::PathBuf;
use tietolupa_domain::MessageKey;

use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use sha2::{Digest, Sha256};
use tietolupa_domain::application::attachment::{AttachmentKind, MediaType, safe_file_name, sniff};
use tietolupa_domain::application::{Action, Viewer, viewer};
use tietolupa_domain::{ActorKind, Operation};
use tietolupa_entity::{application, attachment};
use time::OffsetDateTime;
use uuid::Uuid;

use super::commands::Command;
use crate::audit::{self, AuditEvent, AuditTarget};
use crate::{CallContext, Db, StoreError};

/// Where attachment bytes live, and how large one may be.
#[derive(Debug, Clone)]
pub struct AttachmentFiles {
    root: PathBuf,
    max_bytes: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub id: Uuid,
    pub application_id: Uuid,
    pub kind: AttachmentKind,
    pub file_name: String,
    pub media_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub uploaded_by: String,
    pub uploaded_at: OffsetDateTime,
}

impl From<attachment::Model> for Attachment {
    fn from(m: attachment::Model) -> Self {
        Attachment {
            id: m.id,
            application_id: m.application_id,
            kind: AttachmentKind::parse(&m.kind).unwrap_or(AttachmentKind::Other),
            file_name: m.file_name,
            media_type: m.media_type,
            size_bytes: m.size_bytes,
            sha256: m.sha256,
            uploaded_by: m.uploaded_by,
            uploaded_at: m.uploaded_at,
        }
    }
}

/// A stored file, checked and hashed.
struct StoredFile {
    key: String,
    media_type: MediaType,
    size: u64,
    sha256: String,
}

impl AttachmentFiles {
    pub fn new(root: PathBuf, max_bytes: u64) -> AttachmentFiles {
        AttachmentFiles { root, max_bytes }
    }

    pub fn max_bytes(&self) -> u64 {
        self.max_bytes
    }

    fn path(&self, key: &str) -> PathBuf {
        self.root.join(key)
    }

    /// Checks the upload (size, type) and copies it into place under `key`, hashing as it
    /// goes. Blocking: run it off the async threads.
    fn store(&self, key: &str, mut content: std::fs::File) -> Result<StoredFile, StoreError> {
        let io = |e: std::io::Error| {
            StoreError::Database(sea_orm::DbErr::Custom(format!("attachment store: {e}")))
        };
        let size = content.metadata().map_err(io)?.len();
        if size == 0 {
            return Err(StoreError::validation("file", MessageKey::FileEmpty));
        }
        if size > self.max_bytes {
            return Err(StoreError::validation(
                "file",
                MessageKey::FileTooLarge {
                    megabytes: self.max_bytes / 1_000_000,
                },
            ));
        }
        content.seek(SeekFrom::Start(0)).map_err(io)?;
        let mut head = [0u8; 1024];
        let read = content.read(&mut head).map_err(io)?;
        let media_type = sniff(&head[..read])
            .ok_or_else(|| StoreError::validation("file", MessageKey::FileTypeNotAccepted))?;
        content.seek(SeekFrom::Start(0)).map_err(io)?;

        let path = self.path(key);
        let dir = path.parent().expect("keys have a directory");
        std::fs::create_dir_all(dir).map_err(io)?;
        let partial = path.with_extension("partial");
        let mut out = std::fs::File::create(&partial).map_err(io)?;
        let mut hasher = Sha256::new();
        let mut buffer = vec![0u8; 64 * 1024];
        let mut pending = Vec::new(); // an incomplete UTF-8 sequence across buffer ends
        loop {
            let n = content.read(&mut buffer).map_err(io)?;
            if n == 0 {
                break;
            }
            let chunk = &buffer[..n];
            if media_type == MediaType::PlainText {
                pending.extend_from_slice(chunk);
                match std::str::from_utf8(&pending) {
                    Ok(_) => pending.clear(),
                    Err(e) if e.error_len().is_none() => {
                        let valid = e.valid_up_to();
                        pending.drain(..valid);
                    }
                    Err(_) => {
                        let _ = std::fs::remove_file(&partial);
                        return Err(StoreError::validation(
                            "file",
                            MessageKey::FileTypeNotAccepted,
                        ));
                    }
                }
            }
            hasher.update(chunk);
            out.write_all(chunk).map_err(io)?;
        }
        if !pending.is_empty() {
            let _ = std::fs::remove_file(&partial);
            return Err(StoreError::validation(
                "file",
                MessageKey::FileTypeNotAccepted,
            ));
        }
        out.sync_all().map_err(io)?;
        std::fs::rename(&partial, &path).map_err(io)?;
        Ok(StoredFile {
            key: key.to_owned(),
            media_type,
            size,
            sha256: hex::encode(hasher.finalize()),
        })
    }

    /// Writes bytes checked elsewhere (an output request's tables) under `key`, through a
    /// partial file so that a crash never leaves half a file under the key.
    pub(crate) fn write(&self, key: &str, bytes: &[u8]) -> Result<(), StoreError> {
        let io = |e: std::io::Error| {
            StoreError::Database(sea_orm::DbErr::Custom(format!("file store: {e}")))
        };
        let path = self.path(key);
        let dir = path.parent().expect("keys have a directory");
        std::fs::create_dir_all(dir).map_err(io)?;
        let partial = path.with_extension("partial");
        let mut out = std::fs::File::create(&partial).map_err(io)?;
        out.write_all(bytes).map_err(io)?;
        out.sync_all().map_err(io)?;
        std::fs::rename(&partial, &path).map_err(io)
    }

    pub(crate) fn remove(&self, key: &str) {
        let _ = std::fs::remove_file(self.path(key));
    }

    /// Opens an attachment's bytes for reading.
    pub fn open(&self, key: &str) -> std::io::Result<std::fs::File> {
        std::fs::File::open(self.path(key))
    }
}

/// Attaches a file to a draft (or to an application awaiting the applicant's answers).
#[tracing::instrument(skip_all, fields(application_id = %application_id))]
pub async fn add(
    db: &Db,
    ctx: &CallContext,
    files: &AttachmentFiles,
    application_id: Uuid,
    kind: AttachmentKind,
    file_name: &str,
    content: std::fs::File,
) -> Result<Attachment, StoreError> {
    let id = Uuid::now_v7();
    let key = format!("{application_id}/{id}");
    // The copy happens before the write transaction, so a slow disk never holds the lock;
    // if the command is then refused, the file goes again.
    let stored = {
        let files = files.clone();
        let key = key.clone();
        tokio::task::spawn_blocking(move || files.store(&key, content))
            .await
            .map_err(|e| {
                StoreError::Database(sea_orm::DbErr::Custom(format!("attachment task: {e}")))
            })??
    };
    let result = record(db, ctx, application_id, id, kind, file_name, &stored).await;
    if result.is_err() {
        files.remove(&stored.key);
    }
    result
}

async fn record(
    db: &Db,
    ctx: &CallContext,
    application_id: Uuid,
    id: Uuid,
    kind: AttachmentKind,
    file_name: &str,
    stored: &StoredFile,
) -> Result<Attachment, StoreError> {
    let command = Command::start(db, ctx, application_id, None, Action::AddAttachment).await?;
    let model = attachment::Model {
        id,
        application_id,
        kind: kind.as_str().to_owned(),
        file_name: safe_file_name(file_name),
        media_type: stored.media_type.as_str().to_owned(),
        size_bytes: stored.size as i64,
        sha256: stored.sha256.clone(),
        storage_key: stored.key.clone(),
        uploaded_by: ctx.actor.id.clone(),
        uploaded_at: ctx.at,
    };
    let active: attachment::ActiveModel = model.clone().into();
    attachment::Entity::insert(active.reset_all())
        .exec_without_returning(command.txn())
        .await?;
    let details =
        serde_json::json!({ "attachment": id, "sha256": stored.sha256, "sizeBytes": stored.size });
    command
        .finish(Some(model.file_name.clone()), false, Some(details))
        .await?;
    Ok(model.into())
}

pub async fn list(db: &Db, application_id: Uuid) -> Result<Vec<Attachment>, StoreError> {
    let rows = attachment::Entity::find()
        .filter(attachment::Column::ApplicationId.eq(application_id))
        .order_by_asc(attachment::Column::UploadedAt)
        .order_by_asc(attachment::Column::Id)
        .all(db.conn())
        .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

const DOWNLOAD: &str = "attachment.download";

/// An attachment the caller may download, and where its bytes are. A staff download is
/// audited; a refusal names the attachment asked for.
pub async fn for_download(
    db: &Db,
    ctx: &CallContext,
    id: Uuid,
) -> Result<(Attachment, String), StoreError> {
    let operation = Operation::DownloadAttachment;
    let target = AuditTarget::new("attachment", id);
    let (row, viewer) = audit::guard(db, ctx, operation, DOWNLOAD, &target, async {
        audit::role_for(ctx, operation)?;
        let not_found = || StoreError::NotFound {
            entity: "attachment",
        };
        let row = attachment::Entity::find_by_id(id)
            .one(db.conn())
            .await?
            .ok_or_else(not_found)?;
        let owner = application::Entity::find_by_id(row.application_id)
            .one(db.conn())
            .await?
            .ok_or_else(not_found)?
            .applicant_id;
        match viewer(&owner, &ctx.actor) {
            Some(viewer) => Ok((row, viewer)),
            None if ctx.actor.kind == ActorKind::Anonymous => Err(StoreError::Unauthenticated),
            None => Err(not_found()),
        }
    })
    .await?;
    // A staff download reads the applicant's data: audited, against the application so
    // that it shows in the applicant's access log. The owner's own download is not.
    if let Viewer::Staff(role) = viewer {
        let txn = db.begin_write().await?;
        audit::append(
            &txn,
            ctx,
            AuditEvent::success(DOWNLOAD, Some(role))
                .target("application", row.application_id.to_string())
                .details(serde_json::json!({ "attachment": id })),
        )
        .await?;
        txn.commit().await?;
    }
    let key = row.storage_key.clone();
    Ok((row.into(), key))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file_with(bytes: &[u8]) -> std::fs::File {
        let mut file = tempfile::tempfile().unwrap();
        file.write_all(bytes).unwrap();
        file
    }

    fn files(dir: &std::path::Path, max: u64) -> AttachmentFiles {
        AttachmentFiles::new(dir.to_owned(), max)
    }

    #[test]
    fn a_pdf_is_stored_with_its_hash() {
        let dir = tempfile::tempdir().unwrap();
        let bytes = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n";
        let stored = files(dir.path(), 1_000)
            .store("app/1", file_with(bytes))
            .unwrap();
        assert_eq!(stored.media_type, MediaType::Pdf);
        assert_eq!(stored.size, bytes.len() as u64);
        assert_eq!(stored.sha256, hex::encode(Sha256::digest(bytes)));
        assert_eq!(std::fs::read(dir.path().join("app/1")).unwrap(), bytes);
    }

    #[test]
    fn oversized_empty_and_binary_files_are_refused_and_leave_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let files = files(dir.path(), 100);
        for bytes in [vec![b'a'; 101], vec![], b"\x89PNG\r\n\x1a\n".to_vec()] {
            assert!(matches!(
                files.store("app/2", file_with(&bytes)),
                Err(StoreError::Validation(_))
            ));
        }
        // Text that turns out not to be UTF-8 after the first kilobyte.
        let mut text = vec![b'a'; 2_000];
        text.push(0xff);
        let files = AttachmentFiles::new(dir.path().to_owned(), 10_000);
        assert!(matches!(
            files.store("app/3", file_with(&text)),
            Err(StoreError::Validation(_))
        ));
        assert!(!dir.path().join("app/2").exists() && !dir.path().join("app/3").exists());
        assert!(!dir.path().join("app/3.partial").exists());
    }

    #[test]
    fn multi_byte_characters_across_buffer_ends_are_fine() {
        let dir = tempfile::tempdir().unwrap();
        let text = "ä".repeat(100_000); // 200 kB, so characters straddle 64 kB reads
        let stored = files(dir.path(), 1_000_000)
            .store("app/4", file_with(text.as_bytes()))
            .unwrap();
        assert_eq!(stored.media_type, MediaType::PlainText);
    }
}
