//! The provenance model's fixed spellings: the JSON form says what `kind()` and `Rule::as_str` say.

use super::*;

#[test]
fn rule_ids_are_their_json_form_and_unique() {
    let mut seen = std::collections::BTreeSet::new();
    for rule in Rule::ALL {
        let json = serde_json::to_value(rule).unwrap();
        assert_eq!(json, serde_json::Value::from(rule.as_str()), "{rule:?}");
        assert!(seen.insert(rule.as_str()), "{} twice", rule.as_str());
        assert!(!rule.description().is_empty());
        let kebab = rule.as_str().starts_with(|c: char| c.is_ascii_lowercase())
            && rule.as_str().chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        assert!(kebab, "{} is not kebab-case", rule.as_str());
    }
}

#[test]
fn provenance_json_names_its_kind_and_what_decided() {
    let id =
        OverrideId { file: "spec/overrides.toml".into(), table: "enum".into(), index: 3, line: 24, lines: [23, 26] };
    let cases = [
        (Provenance::Table, serde_json::json!({"kind": "table"})),
        (Provenance::Example, serde_json::json!({"kind": "example"})),
        (Provenance::TableAndExample, serde_json::json!({"kind": "table+example"})),
        (Provenance::rule(Rule::NameFromPath), serde_json::json!({"kind": "rule", "rule": "name-from-path"})),
        (
            Provenance::Override { override_: id.clone() },
            serde_json::json!({"kind": "override", "override": {"file": "spec/overrides.toml", "table": "enum", "index": 3, "line": 24, "lines": [23, 26]}}),
        ),
        (Provenance::Default, serde_json::json!({"kind": "default"})),
    ];
    for (provenance, expected) in cases {
        let json = serde_json::to_value(&provenance).unwrap();
        assert_eq!(json, expected);
        assert_eq!(json["kind"], provenance.kind());
    }
    assert_eq!(Provenance::Override { override_: id }.label(), "override [[enum]] #3 (spec/overrides.toml:24)");
    assert_eq!(Provenance::rule(Rule::NameNumbered).label(), "rule name-numbered");
    assert!(Provenance::Example.is_guess() && Provenance::rule(Rule::NameFromPath).is_guess());
    assert!(!Provenance::Default.is_guess() && !Provenance::TableAndExample.is_guess());
    // Of the idempotency rules, only those that say "safe to repeat" are guesses.
    let guesses: Vec<&str> = Rule::ALL
        .iter()
        .filter(|r| r.as_str().starts_with("idempotent-") && r.is_guess())
        .map(|r| r.as_str())
        .collect();
    assert_eq!(guesses, ["idempotent-read-verb-title", "idempotent-read-verb-path", "idempotent-read-word-zh-title"]);
    assert!(Provenance::rule(Rule::AccessTokenFromDoc).is_guess());
}
