//! Writes the example permit decision to PDF files, e.g. for a look or a screenshot:
//! `cargo run -p tietolupa-decision-document --example render_example -- DIR`
//! (then `pdftoppm -png -r 80 -f 1 -l 1 DIR/decision-fi-full.pdf page`).

use tietolupa_decision_document::{DecisionDocument, DecisionKind, Language, Outcome, Variant};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).unwrap_or_else(|| ".".to_owned());
    for (language, code) in [
        (Language::Fi, "fi"),
        (Language::Sv, "sv"),
        (Language::En, "en"),
    ] {
        let doc = DecisionDocument::example(
            language,
            DecisionKind::DataPermit,
            Some(Outcome::PartiallyGranted),
        );
        for (variant, name) in [(Variant::Full, "full"), (Variant::Public, "public")] {
            std::fs::write(
                format!("{dir}/decision-{code}-{name}.pdf"),
                doc.render(variant)?,
            )?;
        }
    }
    Ok(())
}
