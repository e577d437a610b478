//! Every Rust identifier the generator emits is decided here: case, keywords, leading digits and collisions.
//!
//! The rules are deliberately few and table-tested (see the tests at the bottom), because a change here renames
//! public API in the generated client.

use std::collections::BTreeSet;

use heck::{ToKebabCase, ToSnakeCase, ToUpperCamelCase};

/// Words Rust reserves in any position (2024 edition), which need `r#` or a suffix.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait",
    "true", "try", "type", "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing underscore instead.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

/// Splits on anything that is not an ASCII letter or digit, so the case functions see clean words.
fn ascii_words(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for ch in input.chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch);
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out.trim().to_owned()
}

/// Makes a cased word list a valid identifier: keywords are escaped, a leading digit gets `prefix`, and an
/// empty result becomes `fallback`.
fn finish(cased: String, prefix: &str, fallback: &str) -> String {
    if cased.is_empty() {
        return fallback.to_owned();
    }
    if cased.starts_with(|c: char| c.is_ascii_digit()) {
        return format!("{prefix}{cased}");
    }
    if NOT_RAW.contains(&cased.as_str()) {
        return format!("{cased}_");
    }
    if KEYWORDS.contains(&cased.as_str()) {
        return format!("r#{cased}");
    }
    cased
}

/// A type or enum variant name: `UpperCamelCase`. Values that start with a digit (`2022-09-01`) keep
/// adjacent digit groups apart (`V2022_09_01`), which `UpperCamelCase` alone would run together; an
/// underscore goes only between two digits, as Rust's `non_camel_case_types` lint allows
/// (`3DS_CARDS_NOT_SUPPORTED` becomes `V3dsCardsNotSupported`).
pub fn type_name(input: &str) -> String {
    let words = ascii_words(input);
    if words.starts_with(|c: char| c.is_ascii_digit()) {
        let mut joined = String::from("V");
        for word in words.split(' ').map(|w| w.to_upper_camel_case()) {
            if joined.ends_with(|c: char| c.is_ascii_digit()) && word.starts_with(|c: char| c.is_ascii_digit()) {
                joined.push('_');
            }
            joined.push_str(&word);
        }
        return joined;
    }
    finish(words.to_upper_camel_case(), "V", "Value")
}

/// A field, parameter, method or module name: `snake_case`; a leading digit gets `n`.
pub fn value_name(input: &str) -> String {
    finish(ascii_words(input).to_snake_case(), "n", "value")
}

/// The methods that set the optional fields of a request type, in field order: each field's own name
/// (`order_note`), `new` being the constructor's (a field named `new` is set by `new2`), and a name two
/// fields would share gets a suffix, as everywhere.
pub fn setter_names<'f>(field_rust_names: impl IntoIterator<Item = &'f str>) -> Vec<String> {
    let names: Vec<&str> = field_rust_names.into_iter().collect();
    let mut scope = Scope::with_reserved(&["new"]);
    // Every field whose own name is free keeps it; then the others take what is left.
    let mut setters: Vec<Option<String>> =
        names.iter().map(|name| (*name != "new").then(|| scope.claim((*name).to_owned()))).collect();
    for (setter, name) in setters.iter_mut().zip(&names) {
        if setter.is_none() {
            *setter = Some(scope.claim((*name).to_owned()));
        }
    }
    setters.into_iter().flatten().collect()
}

/// The Rust name of a header parameter or credential: its header name without the customary `x-` prefix
/// (`x-request-id` becomes `request_id`).
pub fn header_value_name(header: &str) -> String {
    let lower = header.to_ascii_lowercase();
    let bare = lower.strip_prefix("x-").filter(|rest| !rest.is_empty()).unwrap_or(&lower);
    value_name(bare)
}

/// The Rust name of a credential, from its security scheme key: the customary `X` prefix and a `Header`
/// suffix are dropped (`XPartnerAPIKey` becomes `partner_api_key`).
pub fn credential_name(scheme_key: &str) -> String {
    let snake = value_name(scheme_key);
    let bare = snake.strip_prefix("x_").filter(|rest| !rest.is_empty()).unwrap_or(&snake);
    let bare = bare.strip_suffix("_header").unwrap_or(bare);
    value_name(bare)
}

/// The module that holds one API version: `2025-01-01` becomes `v2025_01_01`.
pub fn version_module(version: &str) -> String {
    let snake = ascii_words(version).replace(' ', "_").to_ascii_lowercase();
    if snake.is_empty() { "version".to_owned() } else { format!("v{snake}") }
}

/// The module of a spec named by its file: `fixtures/enum_values.yaml` becomes `enum_values`.
pub fn file_module(file: &str) -> String {
    let name = file.rsplit(['/', '\\']).next().unwrap_or(file);
    let stem = name.split('.').next().unwrap_or(name);
    let name = value_name(stem);
    match name.strip_prefix("r#") {
        Some(keyword) => format!("{keyword}_"),
        None => name,
    }
}

/// The cargo feature of a tag or path group: `kebab-case` (`Token Vault` becomes `token-vault`, `softPOS`
/// becomes `soft-pos`); empty input becomes `other`.
pub fn feature_name(input: &str) -> String {
    let kebab = ascii_words(input).to_kebab_case();
    if kebab.is_empty() { "other".to_owned() } else { kebab }
}

/// The cargo feature of an API version: `2025-01-01` becomes `v2025-01-01`.
pub fn version_feature(version: &str) -> String {
    let words = ascii_words(version).replace(' ', "-").to_ascii_lowercase();
    if words.is_empty() { "version".to_owned() } else { format!("v{words}") }
}

/// The module of a tag or path group: `snake_case` without raw identifiers (its file is named by it).
pub fn group_module(input: &str) -> String {
    let name = value_name(input);
    match name.strip_prefix("r#") {
        Some(keyword) => format!("{keyword}_"),
        None => name,
    }
}

/// One namespace (a module's types, a struct's fields, an enum's variants): hands out names and resolves
/// collisions with a numeric suffix in the order names are claimed, so the same input gives the same names.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    /// A scope in which `reserved` names are already taken (names the emitter itself uses).
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Scope { taken: reserved.iter().map(|s| (*s).to_owned()).collect() }
    }

    /// Claims `name`, or `name2`, `name3`, ... when it is taken; returns what was claimed.
    pub fn claim(&mut self, name: String) -> String {
        let key = name.trim_start_matches("r#").to_owned();
        if self.taken.insert(key.clone()) {
            return name;
        }
        let base = key.trim_end_matches('_');
        let sep = if base.ends_with(|c: char| c.is_ascii_digit()) { "_" } else { "" };
        (2u32..)
            .map(|n| format!("{base}{sep}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .unwrap_or(key)
    }
}

/// Whether `name` is something `syn` accepts as an identifier (raw identifiers included).
pub fn is_valid_ident(name: &str) -> bool {
    let bare = name.strip_prefix("r#").unwrap_or(name);
    let mut chars = bare.chars();
    let Some(first) = chars.next() else { return false };
    let shape_ok = (first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && bare != "_";
    if name.starts_with("r#") { shape_ok && !NOT_RAW.contains(&bare) } else { shape_ok && !KEYWORDS.contains(&bare) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn setters_never_collide_with_new_or_each_other() {
        assert_eq!(
            setter_names(["note", "new", "new2", "r#type"]),
            ["note", "new3", "new2", "r#type"].map(String::from)
        );
        assert_eq!(setter_names(["new", "note"]), ["new2", "note"].map(String::from));
    }

    #[test]
    fn type_names() {
        let table = [
            ("InstrumentEntity", "InstrumentEntity"),
            ("ApiError404", "ApiError404"),
            ("card_token_details", "CardTokenDetails"),
            ("Standard Chartered", "StandardChartered"),
            ("2022-09-01", "V2022_09_01"),
            ("ACTIVE", "Active"),
            ("credit_card", "CreditCard"),
            ("object Object", "ObjectObject"),
            ("", "Value"),
            ("+", "Value"),
            ("Self", "Self_"),
            ("type", "Type"),
            ("upi-intent", "UpiIntent"),
            ("ñandú", "And"),
            ("3DS_CARDS_NOT_SUPPORTED", "V3dsCardsNotSupported"),
            ("202 Response", "V202Response"),
            ("01_NEW_ACCOUNT_INFORMATION", "V01NewAccountInformation"),
            ("2 1 x", "V2_1X"),
        ];
        for (input, expected) in table {
            assert_eq!(type_name(input), expected, "type_name({input:?})");
        }
    }

    /// Rust's `non_camel_case_types` rule: no leading lowercase letter, no `__`, and no `_` next to a
    /// letter (an underscore between digits is allowed).
    fn camel_case_by_rustc(name: &str) -> bool {
        let chars: Vec<char> = name.trim_start_matches("r#").chars().collect();
        let cased = |c: char| c.is_lowercase() || c.is_uppercase();
        !chars.first().is_some_and(|c| c.is_lowercase())
            && !name.contains("__")
            && !chars.windows(2).any(|w| (cased(w[0]) && w[1] == '_') || (w[0] == '_' && cased(w[1])))
    }

    #[test]
    fn type_names_pass_rusts_camel_case_lint() {
        for input in [
            "3DS_CARDS_NOT_SUPPORTED",
            "202_Response",
            "2022-09-01",
            "1st-party",
            "v1_2_beta",
            "a_b_c",
            "ABC_DEF",
            "x-2-y",
            "10_20_abc_30",
            "Error 2 2",
            "__init__",
            "9",
            "0x_ff",
            "snake_case_name",
            "PAN_4",
        ] {
            let name = type_name(input);
            assert!(camel_case_by_rustc(&name), "type_name({input:?}) = {name}");
        }
        // Collision suffixes keep to the rule too.
        let mut scope = Scope::default();
        for input in ["error", "error-2", "error_2", "Error2"] {
            let name = scope.claim(type_name(input));
            assert!(camel_case_by_rustc(&name), "{input:?} claimed as {name}");
        }
    }

    #[test]
    fn value_names() {
        let table = [
            ("PGCustomerFetchInstruments", "pg_customer_fetch_instruments"),
            ("customer_id", "customer_id"),
            ("type", "r#type"),
            ("self", "self_"),
            ("crate", "crate_"),
            ("async", "r#async"),
            ("3ds", "n3ds"),
            ("x-api-version", "x_api_version"),
            ("cf_payment_id", "cf_payment_id"),
            ("", "value"),
            ("$", "value"),
        ];
        for (input, expected) in table {
            assert_eq!(value_name(input), expected, "value_name({input:?})");
        }
    }

    #[test]
    fn header_and_module_names() {
        assert_eq!(header_value_name("x-request-id"), "request_id");
        assert_eq!(header_value_name("X-Idempotency-Key"), "idempotency_key");
        assert_eq!(header_value_name("x-"), "x");
        assert_eq!(header_value_name("Authorization"), "authorization");
        assert_eq!(credential_name("XClientID"), "client_id");
        assert_eq!(credential_name("XPartnerAPIKey"), "partner_api_key");
        assert_eq!(credential_name("XClientSignatureHeader"), "client_signature");
        assert_eq!(credential_name("XPartnerMerchantID"), "partner_merchant_id");
        assert_eq!(credential_name("bearerAuth"), "bearer_auth");
        assert_eq!(credential_name("X"), "x");
        assert_eq!(file_module("fixtures/enum_values.yaml"), "enum_values");
        assert_eq!(file_module("specs\\Type.json"), "type_");
        assert_eq!(version_module("2025-01-01"), "v2025_01_01");
        assert_eq!(version_module("v1"), "vv1");
        assert_eq!(version_module(""), "version");
    }

    #[test]
    fn scope_resolves_collisions_deterministically() {
        let mut scope = Scope::with_reserved(&["Client"]);
        assert_eq!(scope.claim("Client".into()), "Client2");
        assert_eq!(scope.claim("Card".into()), "Card");
        assert_eq!(scope.claim("Card".into()), "Card2");
        assert_eq!(scope.claim("Card".into()), "Card3");
        assert_eq!(scope.claim("ApiError404".into()), "ApiError404");
        assert_eq!(scope.claim("ApiError404".into()), "ApiError404_2");
        let mut fields = Scope::default();
        assert_eq!(fields.claim("r#type".into()), "r#type");
        assert_eq!(fields.claim("r#type".into()), "type2");
        assert_eq!(fields.claim("self_".into()), "self_");
        assert_eq!(fields.claim("self_".into()), "self2");
    }

    #[test]
    fn names_are_valid_identifiers() {
        for input in ["type", "Self", "2022-09-01", "", "_", "__", "a b", "é", "match", "r#x"] {
            assert!(is_valid_ident(&type_name(input)), "type_name({input:?})");
            assert!(is_valid_ident(&value_name(input)), "value_name({input:?})");
        }
        assert!(!is_valid_ident("r#self"));
        assert!(!is_valid_ident("type"));
        assert!(is_valid_ident("r#type"));
    }
}
