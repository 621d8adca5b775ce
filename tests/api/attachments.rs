//! Attachments: GraphQL multipart upload, content checks, SHA-256, owner and staff download.

use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use tietolupa_test_support::{Backend, TestApp, on_both_databases};

use crate::cases::{self, ok};

const PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

async fn upload(
    app: &TestApp,
    token: Option<&str>,
    application_id: &str,
    file_name: &str,
    bytes: &[u8],
) -> (u16, Value) {
    let operations = json!({
        "query": "mutation($id: UUID!, $file: Upload!) { uploadAttachment(applicationId: $id, kind: RESEARCH_PLAN, file: $file) { id fileName mediaType sizeBytes sha256 downloadUrl } }",
        "variables": { "id": application_id, "file": null }
    });
    let form = Form::new()
        .text("operations", operations.to_string())
        .text("map", json!({ "0": ["variables.file"] }).to_string())
        .part(
            "0",
            Part::bytes(bytes.to_vec())
                .file_name(file_name.to_owned())
                .mime_str("application/octet-stream")
                .unwrap(),
        );
    let mut request = app.client.post(app.url("/graphql")).multipart(form);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let body = response.json().await.unwrap_or(Value::Null);
    (status, body)
}

async fn download(app: &TestApp, token: Option<&str>, url: &str) -> (u16, Vec<u8>) {
    let mut request = app.client.get(app.url(url));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    (
        response.status().as_u16(),
        response.bytes().await.unwrap().to_vec(),
    )
}

async fn attachments_are_uploaded_hashed_and_downloadable_by_owner_and_staff(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let applicant = app.demo_token("demo-applicant-researcher").await;
    let other = app.demo_token("demo-applicant-company").await;
    let handler = app.demo_token("demo-handler-1").await;
    let input = cases::complete_permit_input(&app).await;
    let draft = cases::create(&app, &applicant, "DATA_PERMIT", input).await;
    let id = draft["id"].as_str().unwrap();

    let (status, body) = upload(
        &app,
        Some(&applicant),
        id,
        "../../secret/plan \"v2\".pdf",
        PDF,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let attachment = &body["data"]["uploadAttachment"];
    assert_eq!(attachment["fileName"], "plan v2.pdf");
    assert_eq!(attachment["mediaType"], "application/pdf");
    assert_eq!(attachment["sizeBytes"], PDF.len());
    assert_eq!(attachment["sha256"], hex::encode(Sha256::digest(PDF)));
    let url = attachment["downloadUrl"].as_str().unwrap().to_owned();

    // Uploading does not bump the application's version: the form's next save still works.
    let saved = ok(
        &app,
        &applicant,
        "updateApplication",
        &draft,
        "$input: ApplicationInput!",
        json!({ "input": cases::complete_permit_input(&app).await }),
    )
    .await;
    let submitted = ok(&app, &applicant, "submitApplication", &saved, "", json!({})).await;

    assert_eq!(
        download(&app, Some(&applicant), &url).await,
        (200, PDF.to_vec())
    );
    assert_eq!(
        download(&app, Some(&handler), &url).await,
        (200, PDF.to_vec())
    );
    assert_eq!(download(&app, Some(&other), &url).await.0, 404);
    assert_eq!(download(&app, None, &url).await.0, 401);
    assert_eq!(
        download(&app, Some(&applicant), "/api/attachments/not-a-uuid")
            .await
            .0,
        404
    );

    let listed = cases::read(
        &app,
        &handler,
        id,
        "attachments { fileName sha256 } history { action comment }",
    )
    .await
    .unwrap();
    assert_eq!(
        listed["attachments"][0]["sha256"],
        hex::encode(Sha256::digest(PDF))
    );
    assert!(
        listed["history"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "ATTACHMENT_ADDED")
    );

    // Once submitted, the application takes no new files.
    let (_, body) = upload(
        &app,
        Some(&applicant),
        submitted["id"].as_str().unwrap(),
        "late.pdf",
        PDF,
    )
    .await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "INVALID_TRANSITION",
        "{body}"
    );
    // Someone else cannot attach to it, the public even less.
    let (_, body) = upload(&app, Some(&other), id, "x.pdf", PDF).await;
    assert_eq!(body["errors"][0]["extensions"]["code"], "NOT_FOUND");
    let (_, body) = upload(&app, None, id, "x.pdf", PDF).await;
    assert_eq!(body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED");
}

async fn only_pdf_and_text_within_the_size_limit_are_accepted(backend: Backend) {
    let app = TestApp::spawn_with(backend, |vars| {
        vars.push(("TIETOLUPA_ATTACHMENT_MAX_BYTES".into(), "4096".into()));
    })
    .await;
    let applicant = app.demo_token("demo-applicant-researcher").await;
    let draft = cases::create(&app, &applicant, "DATA_PERMIT", json!({})).await;
    let id = draft["id"].as_str().unwrap();

    let (status, body) = upload(
        &app,
        Some(&applicant),
        id,
        "notes.txt",
        "Tutkimussuunnitelma, ikä ≥ 65".as_bytes(),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["data"]["uploadAttachment"]["mediaType"],
        "text/plain; charset=utf-8"
    );

    for (name, bytes) in [
        ("image.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec()),
        ("empty.pdf", Vec::new()),
        ("big.txt", vec![b'a'; 4097]),
    ] {
        let (_, body) = upload(&app, Some(&applicant), id, name, &bytes).await;
        assert_eq!(
            body["errors"][0]["extensions"]["code"], "VALIDATION",
            "{name}: {body}"
        );
        assert_eq!(
            body["errors"][0]["extensions"]["fields"][0]["field"],
            "file"
        );
    }
    // Far over the limit, the request is refused before it is read.
    let (status, _) = upload(&app, Some(&applicant), id, "huge.txt", &vec![b'a'; 200_000]).await;
    assert_eq!(status, 413);
    let listed = cases::read(&app, &applicant, id, "attachments { fileName }")
        .await
        .unwrap();
    assert_eq!(listed["attachments"], json!([{ "fileName": "notes.txt" }]));
}

on_both_databases!(
    attachments_are_uploaded_hashed_and_downloadable_by_owner_and_staff,
    only_pdf_and_text_within_the_size_limit_are_accepted,
);
