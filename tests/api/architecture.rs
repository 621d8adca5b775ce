//! The layout docs/architecture.md describes is the layout there is: which crate may use
//! which, and rooms small enough to read.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use tietolupa_test_support::repository_root;

/// Tests and generated code may be longer; everything else splits into rooms first.
const MAX_LINES: usize = 700;

/// The `tietolupa-*` crates each package's `[dependencies]` name, by manifest.
fn dependencies(manifest: &Path) -> BTreeSet<String> {
    let text = std::fs::read_to_string(manifest).expect("manifest readable");
    let mut in_dependencies = false;
    let mut found = BTreeSet::new();
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            in_dependencies = line == "[dependencies]";
        } else if in_dependencies && let Some(rest) = line.strip_prefix("tietolupa-") {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect();
            found.insert(name);
        }
    }
    found
}

/// The table "The crates and what each may use": manifest -> allowed short names.
fn documented_rules(root: &Path) -> BTreeMap<PathBuf, BTreeSet<String>> {
    let doc = std::fs::read_to_string(root.join("docs/architecture.md")).expect("docs exist");
    let mut rules = BTreeMap::new();
    for line in doc.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        // "| name | what | may use |" splits into ["", name, what, may use, ""].
        if cells.len() != 5 {
            continue;
        }
        let manifest = if cells[1].starts_with("the root package") {
            root.join("Cargo.toml")
        } else if let Some(dir) = cells[1].strip_prefix('`').and_then(|c| c.strip_suffix('`')) {
            root.join(dir).join("Cargo.toml")
        } else {
            continue;
        };
        let allowed = cells[3]
            .split(',')
            .map(str::trim)
            .filter(|name| !name.is_empty() && *name != "–")
            .map(str::to_owned)
            .collect();
        rules.insert(manifest, allowed);
    }
    rules
}

#[test]
fn every_crate_uses_only_what_docs_architecture_allows() {
    let root = repository_root();
    let rules = documented_rules(&root);
    let mut members: Vec<PathBuf> = std::fs::read_dir(root.join("crates"))
        .expect("crates/")
        .map(|entry| entry.expect("entry").path().join("Cargo.toml"))
        .collect();
    members.push(root.join("migrations/Cargo.toml"));
    members.push(root.join("Cargo.toml"));
    for manifest in members {
        let allowed = rules
            .get(&manifest)
            .unwrap_or_else(|| panic!("{} has no row in docs/architecture.md", manifest.display()));
        let used = dependencies(&manifest);
        let forbidden: Vec<&String> = used.difference(allowed).collect();
        assert!(
            forbidden.is_empty(),
            "{} uses {forbidden:?}, which docs/architecture.md does not allow",
            manifest.display()
        );
    }
}

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable directory") {
        let path = entry.expect("entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if path.is_dir() {
            if name != "tests" && name != "target" {
                rust_files(&path, found);
            }
        } else if name.ends_with(".rs") && name != "tests.rs" {
            found.push(path);
        }
    }
}

#[test]
fn no_source_file_outgrows_its_room() {
    let root = repository_root();
    let mut files = Vec::new();
    rust_files(&root.join("crates"), &mut files);
    rust_files(&root.join("src"), &mut files);
    assert!(files.len() > 50, "found the sources");
    let too_long: Vec<String> = files
        .iter()
        .filter_map(|path| {
            let lines = std::fs::read_to_string(path).ok()?.lines().count();
            (lines > MAX_LINES).then(|| format!("{} ({lines} lines)", path.display()))
        })
        .collect();
    assert!(
        too_long.is_empty(),
        "split these into smaller rooms (at most {MAX_LINES} lines): {too_long:?}"
    );
}
