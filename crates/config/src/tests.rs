use super::*;

fn vars(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn pool_size_and_register_cache_are_configurable() {
    let defaults = Config::from_vars(vars(&[])).unwrap();
    assert_eq!(defaults.database_max_connections, None);
    assert!(defaults.register_cache);
    let set = Config::from_vars(vars(&[
        ("TIETOLUPA_DATABASE_MAX_CONNECTIONS", "32"),
        ("TIETOLUPA_REGISTER_CACHE", "false"),
    ]))
    .unwrap();
    assert_eq!(set.database_max_connections, Some(32));
    assert!(!set.register_cache);
    assert!(Config::from_vars(vars(&[("TIETOLUPA_DATABASE_MAX_CONNECTIONS", "0")])).is_err());
}

#[test]
fn the_session_cache_lasts_five_seconds_unless_set_and_zero_turns_it_off() {
    let defaults = Config::from_vars(vars(&[])).unwrap();
    assert_eq!(defaults.sign_in.session_cache, Duration::from_secs(5));
    let off = Config::from_vars(vars(&[("TIETOLUPA_SESSION_CACHE_SECONDS", "0")])).unwrap();
    assert!(off.sign_in.session_cache.is_zero());
    let err = Config::from_vars(vars(&[("TIETOLUPA_SESSION_CACHE_SECONDS", "-1")]))
        .unwrap_err()
        .to_string();
    assert!(err.contains("TIETOLUPA_SESSION_CACHE_SECONDS"), "{err}");
}

#[test]
fn defaults_give_a_working_dev_setup() {
    let config = Config::from_vars(vars(&[])).unwrap();
    assert_eq!(config.mode, Mode::Dev);
    assert_eq!(config.listen.to_string(), "127.0.0.1:8080");
    assert_eq!(config.database_url, "sqlite://data/tietolupa.db?mode=rwc");
    assert_eq!(config.auth_issuer, DEV_ISSUER);
    assert!(config.seed_demo_data);
    assert!(config.allow_temporary_identity_codes);
}

#[test]
fn a_bad_value_names_its_variable_without_echoing_it() {
    let err = Config::from_vars(vars(&[("TIETOLUPA_LISTEN", "not-an-address-secret")]))
        .unwrap_err()
        .to_string();
    assert!(err.contains("TIETOLUPA_LISTEN"), "{err}");
    assert!(!err.contains("not-an-address-secret"), "{err}");
}

#[test]
fn fees_are_configured_in_euros() {
    let config = Config::from_vars(vars(&[("TIETOLUPA_FEE_THESIS_PERMIT_EUR", "300")])).unwrap();
    assert_eq!(config.fees.thesis_permit, 30_000);
    assert_eq!(config.fees.permit, FeeSchedule::default().permit);
    let err = Config::from_vars(vars(&[("TIETOLUPA_FEE_PERMIT_EUR", "-5")])).unwrap_err();
    assert!(err.to_string().contains("TIETOLUPA_FEE_PERMIT_EUR"));
}

#[test]
fn unknown_variables_are_typos() {
    let err = Config::from_vars(vars(&[("TIETOLUPA_LISTN", "x")])).unwrap_err();
    assert!(err.to_string().contains("TIETOLUPA_LISTN"));
}

#[test]
fn zero_limits_are_refused() {
    let err = Config::from_vars(vars(&[("TIETOLUPA_GRAPHQL_MAX_DEPTH", "0")])).unwrap_err();
    assert!(err.to_string().contains("TIETOLUPA_GRAPHQL_MAX_DEPTH"));
}

#[test]
fn cors_origins_are_a_checked_list_and_empty_by_default() {
    assert!(
        Config::from_vars(vars(&[]))
            .unwrap()
            .cors_allowed_origins
            .is_empty()
    );
    let config = Config::from_vars(vars(&[(
        "TIETOLUPA_CORS_ALLOWED_ORIGINS",
        "https://a.example, http://localhost:5173",
    )]))
    .unwrap();
    assert_eq!(
        config.cors_allowed_origins,
        ["https://a.example", "http://localhost:5173"]
    );
    for bad in ["*", "https://a.example/", "a.example", "https://*"] {
        let err = Config::from_vars(vars(&[("TIETOLUPA_CORS_ALLOWED_ORIGINS", bad)])).unwrap_err();
        assert!(
            err.to_string().contains("TIETOLUPA_CORS_ALLOWED_ORIGINS"),
            "{bad}"
        );
    }
}

#[test]
fn production_without_keys_names_everything_missing() {
    let err = Config::from_vars(vars(&[("TIETOLUPA_MODE", "production")]))
        .unwrap_err()
        .to_string();
    for name in [
        "TIETOLUPA_AUTH_PUBLIC_KEYS",
        "TIETOLUPA_AUTH_ISSUER",
        "TIETOLUPA_AUTH_AUDIENCE",
        "TIETOLUPA_SECRETS_FILE",
    ] {
        assert!(err.contains(name), "{err} lacks {name}");
    }
}

#[test]
fn production_with_everything_starts_without_demo_data() {
    let config = Config::from_vars(vars(&[
        ("TIETOLUPA_MODE", "production"),
        ("TIETOLUPA_AUTH_PUBLIC_KEYS", "/etc/tietolupa/keys.pem"),
        ("TIETOLUPA_AUTH_ISSUER", "https://idp.example"),
        ("TIETOLUPA_AUTH_AUDIENCE", "tietolupa"),
        ("TIETOLUPA_SECRETS_FILE", "/etc/tietolupa/secrets.toml"),
    ]))
    .unwrap();
    assert!(!config.seed_demo_data);
    assert!(!config.allow_temporary_identity_codes);
    assert_eq!(config.auth_issuer, "https://idp.example");
}

#[test]
fn the_file_is_overridden_by_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tietolupa.toml");
    std::fs::write(&path, "listen = \"0.0.0.0:9000\"\ngraphql_max_depth = 9\n").unwrap();
    let config = Config::from_vars(vars(&[
        ("TIETOLUPA_CONFIG", path.to_str().unwrap()),
        ("TIETOLUPA_LISTEN", "127.0.0.1:9001"),
    ]))
    .unwrap();
    assert_eq!(config.listen.to_string(), "127.0.0.1:9001");
    assert_eq!(config.graphql_max_depth, 9);
}

#[test]
fn a_bad_file_value_names_the_key_and_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tietolupa.toml");
    std::fs::write(&path, "mode = \"staging\"\n").unwrap();
    let err = Config::from_vars(vars(&[("TIETOLUPA_CONFIG", path.to_str().unwrap())]))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("`mode`") && err.contains("tietolupa.toml"),
        "{err}"
    );
}

#[test]
fn unknown_file_keys_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tietolupa.toml");
    std::fs::write(&path, "lisen = \"x\"\n").unwrap();
    let err = Config::from_vars(vars(&[("TIETOLUPA_CONFIG", path.to_str().unwrap())]))
        .unwrap_err()
        .to_string();
    assert!(err.contains("lisen"), "{err}");
}

#[test]
fn logs_are_json_in_production_and_text_in_dev_unless_chosen() {
    let production = [
        ("TIETOLUPA_MODE", "production"),
        ("TIETOLUPA_AUTH_PUBLIC_KEYS", "/etc/tietolupa/keys.pem"),
        ("TIETOLUPA_AUTH_ISSUER", "https://idp.example"),
        ("TIETOLUPA_AUTH_AUDIENCE", "tietolupa"),
        ("TIETOLUPA_SECRETS_FILE", "/etc/tietolupa/secrets.toml"),
    ];
    let config = Config::from_vars(vars(&production)).unwrap();
    assert_eq!(config.log_format, LogFormat::Json);
    let mut chosen = production.to_vec();
    chosen.push(("TIETOLUPA_LOG_FORMAT", "text"));
    let config = Config::from_vars(vars(&chosen)).unwrap();
    assert_eq!(config.log_format, LogFormat::Text);
    let config = Config::from_vars(vars(&[])).unwrap();
    assert_eq!(config.log_format, LogFormat::Text);
}

#[test]
fn a_short_metrics_token_is_refused_without_echoing_it() {
    let err = Config::from_vars(vars(&[("TIETOLUPA_METRICS_TOKEN", "hunter2")]))
        .unwrap_err()
        .to_string();
    assert!(err.contains("TIETOLUPA_METRICS_TOKEN"), "{err}");
    assert!(!err.contains("hunter2"), "{err}");
    let config = Config::from_vars(vars(&[(
        "TIETOLUPA_METRICS_TOKEN",
        "a-long-enough-scraper-token-0123",
    )]))
    .unwrap();
    assert!(config.metrics_token.is_some());
    assert!(!format!("{config:?}").contains("a-long-enough"));
}

// What figment changed underneath, pinned: casing, nesting, blank values, file value types.

fn file(text: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tietolupa.toml");
    std::fs::write(&path, text).unwrap();
    let path = path.to_str().unwrap().to_owned();
    (dir, path)
}

#[test]
fn variable_names_are_case_sensitive() {
    // Not ours: ignored, as any other program's variable.
    let config = Config::from_vars(vars(&[("tietolupa_listen", "0.0.0.0:1")])).unwrap();
    assert_eq!(config.listen.to_string(), "127.0.0.1:8080");
    // Ours, but misspelt.
    for name in ["TIETOLUPA_Listen", "TIETOLUPA_listen", "TIETOLUPA_"] {
        let err = Config::from_vars(vars(&[(name, "0.0.0.0:1")])).unwrap_err();
        assert!(
            matches!(&err, ConfigError::UnknownVariable { name: n } if n == name),
            "{err}"
        );
    }
}

#[test]
fn keys_and_variables_are_flat() {
    let err = Config::from_vars(vars(&[("TIETOLUPA_RATE_LIMIT__ANONYMOUS_BURST", "5")]))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("TIETOLUPA_RATE_LIMIT__ANONYMOUS_BURST"),
        "{err}"
    );
    let err = Config::from_vars(vars(&[("TIETOLUPA_RATE_LIMIT.ANONYMOUS_BURST", "5")]))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("TIETOLUPA_RATE_LIMIT.ANONYMOUS_BURST"),
        "{err}"
    );

    let (_dir, path) = file("[rate_limit]\nanonymous_burst = 5\n");
    let err = Config::from_vars(vars(&[("TIETOLUPA_CONFIG", &path)])).unwrap_err();
    assert!(
        matches!(&err, ConfigError::File { message, .. } if message.contains("`rate_limit`")),
        "{err}"
    );
    for value in ["{ host = \"a\" }", "[\"a\"]", "1.5", "1979-05-27"] {
        let (_dir, path) = file(&format!("listen = {value}\n"));
        let err = Config::from_vars(vars(&[("TIETOLUPA_CONFIG", &path)]))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("`listen` must be a string, integer or boolean")
                && err.contains("tietolupa.toml"),
            "{value}: {err}"
        );
    }
}

#[test]
fn a_blank_value_is_no_value_even_over_the_file() {
    let (_dir, path) = file("listen = \"0.0.0.0:9000\"\nauth_issuer = \"https://idp.example\"\n");
    let config = Config::from_vars(vars(&[
        ("TIETOLUPA_CONFIG", &path),
        ("TIETOLUPA_LISTEN", "  "),
        ("TIETOLUPA_DATABASE_MAX_CONNECTIONS", ""),
    ]))
    .unwrap();
    assert_eq!(config.listen.to_string(), "127.0.0.1:8080");
    assert_eq!(config.auth_issuer, "https://idp.example");
    assert_eq!(config.database_max_connections, None);

    let err = Config::from_vars(vars(&[
        ("TIETOLUPA_MODE", "production"),
        ("TIETOLUPA_AUTH_PUBLIC_KEYS", "/etc/tietolupa/keys.pem"),
        ("TIETOLUPA_AUTH_ISSUER", ""),
        ("TIETOLUPA_AUTH_AUDIENCE", "tietolupa"),
        ("TIETOLUPA_SECRETS_FILE", "/etc/tietolupa/secrets.toml"),
    ]))
    .unwrap_err();
    assert!(
        matches!(&err, ConfigError::ProductionIncomplete { missing } if missing == &["TIETOLUPA_AUTH_ISSUER"]),
        "{err}"
    );
}

#[test]
fn values_are_text_whatever_they_look_like() {
    let config = Config::from_vars(vars(&[
        ("TIETOLUPA_AUTH_AUDIENCE", "0123"),
        ("TIETOLUPA_AUTH_ISSUER", "[a]"),
        ("TIETOLUPA_LOG", " info,tietolupa_store=debug "),
    ]))
    .unwrap();
    assert_eq!(config.auth_audience, "0123");
    assert_eq!(config.auth_issuer, "[a]");
    assert_eq!(config.log_filter, "info,tietolupa_store=debug");

    let (_dir, path) = file(
        "graphql_max_depth = \"9\"\nauth_audience = 123\nregister_cache = false\n\
         seed_demo_data = \"false\"\n",
    );
    let config = Config::from_vars(vars(&[("TIETOLUPA_CONFIG", &path)])).unwrap();
    assert_eq!(config.graphql_max_depth, 9);
    assert_eq!(config.auth_audience, "123");
    assert!(!config.register_cache);
    assert!(!config.seed_demo_data);
}

#[test]
fn the_last_of_a_repeated_variable_wins_and_test_variables_are_not_settings() {
    let config = Config::from_vars(vars(&[
        ("TIETOLUPA_GRAPHQL_MAX_DEPTH", "0"),
        ("TIETOLUPA_GRAPHQL_MAX_DEPTH", "7"),
        ("TIETOLUPA_TEST_POSTGRES_URL", "postgres://x"),
    ]))
    .unwrap();
    assert_eq!(config.graphql_max_depth, 7);
}

#[test]
fn a_bad_file_value_is_named_after_its_key_even_when_checked_late() {
    let (_dir, path) = file("graphql_max_depth = 0\n");
    let err = Config::from_vars(vars(&[("TIETOLUPA_CONFIG", &path)]))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("`graphql_max_depth`") && err.contains("greater than zero"),
        "{err}"
    );

    let (_dir, path) = file("seed_demo_data = true\n");
    let err = Config::from_vars(vars(&[
        ("TIETOLUPA_CONFIG", &path),
        ("TIETOLUPA_MODE", "production"),
        ("TIETOLUPA_AUTH_PUBLIC_KEYS", "/etc/tietolupa/keys.pem"),
        ("TIETOLUPA_AUTH_ISSUER", "https://idp.example"),
        ("TIETOLUPA_AUTH_AUDIENCE", "tietolupa"),
        ("TIETOLUPA_SECRETS_FILE", "/etc/tietolupa/secrets.toml"),
    ]))
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("`seed_demo_data`") && err.contains("tietolupa.toml"),
        "{err}"
    );
}

#[test]
fn a_missing_or_broken_file_is_an_error_that_quotes_no_line() {
    let dir = tempfile::tempdir().unwrap();
    let absent = dir.path().join("absent.toml");
    let err =
        Config::from_vars(vars(&[("TIETOLUPA_CONFIG", absent.to_str().unwrap())])).unwrap_err();
    assert!(
        matches!(&err, ConfigError::File { path, .. } if path.ends_with("absent.toml")),
        "{err}"
    );

    let (_dir, path) = file("metrics_token = \"a-secret-scraper-token-0123\n");
    let err = Config::from_vars(vars(&[("TIETOLUPA_CONFIG", &path)])).unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, ConfigError::File { .. }), "{text}");
    assert!(!text.contains("a-secret"), "{text}");
}

#[test]
fn a_bad_value_in_the_file_is_not_echoed_either() {
    let (_dir, path) = file("listen = \"not-an-address-secret\"\nmode = \"staging-secret\"\n");
    let err = Config::from_vars(vars(&[("TIETOLUPA_CONFIG", &path)]))
        .unwrap_err()
        .to_string();
    assert!(err.contains("tietolupa.toml"), "{err}");
    assert!(!err.contains("secret"), "{err}");
}

/// Settings names are a documented interface: the README's table and the settings agree.
#[test]
fn every_setting_is_documented_and_every_documented_variable_is_a_setting() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md")).unwrap();
    let documented: std::collections::BTreeSet<String> = readme
        .lines()
        .filter_map(|line| line.strip_prefix("| `TIETOLUPA_"))
        .filter_map(|rest| rest.split_once('`'))
        .map(|(name, _)| format!("TIETOLUPA_{name}"))
        .collect();
    let error = figment::Figment::from(("not a key", "x"))
        .extract::<settings::Settings>()
        .unwrap_err();
    let figment::error::Kind::UnknownField(_, keys) = error.kind else {
        panic!("{error}");
    };
    let settings: std::collections::BTreeSet<String> =
        keys.iter().map(|k| sources::variable_name(k)).collect();
    assert_eq!(documented, settings);
    assert_eq!(settings.len(), 72);
}

#[test]
fn a_read_replica_is_a_postgresql_standby_of_a_postgresql_primary() {
    let primary = ("TIETOLUPA_DATABASE_URL", "postgres://db-primary/tietolupa");
    let replica = (
        "TIETOLUPA_DATABASE_REPLICA_URL",
        "postgres://db-standby/tietolupa",
    );
    let config = Config::from_vars(vars(&[primary, replica])).unwrap();
    assert_eq!(
        config.database_replica_url.as_deref(),
        Some("postgres://db-standby/tietolupa")
    );
    assert_eq!(config.database_replica_max_lag, Duration::from_secs(2));
    let bounded = Config::from_vars(vars(&[
        primary,
        replica,
        ("TIETOLUPA_DATABASE_REPLICA_MAX_LAG_MS", "250"),
    ]))
    .unwrap();
    assert_eq!(bounded.database_replica_max_lag, Duration::from_millis(250));
    // Without a PostgreSQL primary (the SQLite default) a replica cannot be one of it.
    let error = Config::from_vars(vars(&[replica])).unwrap_err().to_string();
    assert!(error.contains("TIETOLUPA_DATABASE_REPLICA_URL"), "{error}");
    let error = Config::from_vars(vars(&[
        primary,
        ("TIETOLUPA_DATABASE_REPLICA_URL", "sqlite://replica.db"),
    ]))
    .unwrap_err()
    .to_string();
    assert!(error.contains("TIETOLUPA_DATABASE_REPLICA_URL"), "{error}");
    assert!(
        Config::from_vars(vars(&[]))
            .unwrap()
            .database_replica_url
            .is_none()
    );
}

#[test]
fn trusted_proxies_are_none_by_default_and_a_bad_entry_names_the_setting() {
    assert!(
        Config::from_vars(vars(&[]))
            .unwrap()
            .trusted_proxies
            .is_empty()
    );
    let config = Config::from_vars(vars(&[(
        "TIETOLUPA_TRUSTED_PROXIES",
        "10.0.0.0/8, 2001:db8::1",
    )]))
    .unwrap();
    assert!(
        config
            .trusted_proxies
            .contains("10.20.30.40".parse().unwrap())
    );
    assert!(
        config
            .trusted_proxies
            .contains("2001:db8::1".parse().unwrap())
    );
    assert!(
        !config
            .trusted_proxies
            .contains("192.0.2.1".parse().unwrap())
    );
    let err = Config::from_vars(vars(&[(
        "TIETOLUPA_TRUSTED_PROXIES",
        "10.0.0.1, 10.0.0.0/40",
    )]))
    .unwrap_err()
    .to_string();
    assert!(err.contains("TIETOLUPA_TRUSTED_PROXIES"), "{err}");
    assert!(err.contains("`10.0.0.0/40`"), "{err}");
}
