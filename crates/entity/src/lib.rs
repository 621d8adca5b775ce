//! SeaORM entities: one module per table, mirroring `migrations/`. Rows only; the domain
//! types live in `tietolupa-domain` and the mapping between the two in `tietolupa-store`.

pub mod application;
pub mod application_data_source;
pub mod application_event;
pub mod application_processor;
pub mod application_remark;
pub mod application_tombstone;
pub mod attachment;
pub mod audit_chain_head;
pub mod audit_entry;
pub mod data_controller;
pub mod data_source;
pub mod decision;
pub mod decision_document;
pub mod delivery_order;
pub mod delivery_order_event;
pub mod information_request;
pub mod information_request_item;
pub mod number_sequence;
pub mod objection;
pub mod organisation;
pub mod organisation_contact;
pub mod outbox_message;
pub mod output_file;
pub mod output_request;
pub mod output_request_event;
pub mod output_request_version;
pub mod permit;
pub mod permit_version;
pub mod preparation_run;
pub mod processing_environment;
pub mod published_decision;
pub mod register_generation;
pub mod sign_in_attempt;
pub mod user_account;
pub mod user_session;
