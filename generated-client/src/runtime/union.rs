//! Choosing the member of a `oneOf`/`anyOf` a JSON value is: by its discriminator property when the spec
//! has one, else by keys only one member has, else by JSON kind. Never by trying members in turn, so a
//! value that fits two members is an error naming both, not a silent pick.

use serde_json::Value;

/// The JSON kind a union member has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonKind {
    Object,
    Array,
    String,
    Number,
    Boolean,
    /// Accepts anything: chosen only when no other member fits.
    Any,
}

/// How generated code describes one member.
#[derive(Debug)]
pub struct VariantRule {
    pub name: &'static str,
    pub kind: JsonKind,
    /// Keys only this member has.
    pub keys: &'static [&'static str],
    /// Discriminator values selecting this member.
    pub tags: &'static [&'static str],
}

fn kind_of(value: &Value) -> Option<JsonKind> {
    match value {
        Value::Object(_) => Some(JsonKind::Object),
        Value::Array(_) => Some(JsonKind::Array),
        Value::String(_) => Some(JsonKind::String),
        Value::Number(_) => Some(JsonKind::Number),
        Value::Bool(_) => Some(JsonKind::Boolean),
        Value::Null => None,
    }
}

fn one_of(candidates: &[usize], variants: &[VariantRule]) -> Result<Option<usize>, String> {
    match candidates {
        [] => Ok(None),
        [only] => Ok(Some(*only)),
        many => {
            let names: Vec<&str> = many.iter().map(|i| variants[*i].name).collect();
            Err(format!("ambiguous value: it fits {}", names.join(" and ")))
        }
    }
}

/// The index of the member `value` is, `None` when it fits none (it then decodes as `Unknown`), or an error
/// naming the candidates when it fits more than one.
pub fn select_variant(
    value: &Value,
    discriminator: Option<&str>,
    variants: &[VariantRule],
) -> Result<Option<usize>, String> {
    if let Some(tag) = discriminator.and_then(|property| value.get(property)).and_then(Value::as_str) {
        // A tag this version doesn't know is a member added later: `Unknown`, not a guess.
        return Ok(variants.iter().position(|v| v.tags.contains(&tag)));
    }
    let kind = kind_of(value);
    let same_kind: Vec<usize> = (0..variants.len()).filter(|i| Some(variants[*i].kind) == kind).collect();
    if let Value::Object(object) = value {
        let keyed: Vec<usize> =
            same_kind.iter().copied().filter(|i| variants[*i].keys.iter().any(|k| object.contains_key(*k))).collect();
        if !keyed.is_empty() {
            return one_of(&keyed, variants);
        }
        let keyless: Vec<usize> = same_kind.iter().copied().filter(|i| variants[*i].keys.is_empty()).collect();
        if let Some(found) = one_of(&keyless, variants)? {
            return Ok(Some(found));
        }
    } else if let Some(found) = one_of(&same_kind, variants)? {
        return Ok(Some(found));
    }
    let any: Vec<usize> = (0..variants.len()).filter(|i| variants[*i].kind == JsonKind::Any).collect();
    one_of(&any, variants)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const PAYMENT: &[VariantRule] = &[
        VariantRule { name: "Card", kind: JsonKind::Object, keys: &["card"], tags: &[] },
        VariantRule { name: "Upi", kind: JsonKind::Object, keys: &["upi"], tags: &[] },
        VariantRule { name: "Netbanking", kind: JsonKind::Object, keys: &["netbanking"], tags: &[] },
    ];

    #[test]
    fn objects_are_chosen_by_their_unique_keys() {
        assert_eq!(select_variant(&json!({"upi": {"channel": "collect"}}), None, PAYMENT), Ok(Some(1)));
        assert_eq!(select_variant(&json!({"netbanking": {}}), None, PAYMENT), Ok(Some(2)));
        assert_eq!(select_variant(&json!({"wallet": {}}), None, PAYMENT), Ok(None));
        let both = select_variant(&json!({"card": {}, "upi": {}}), None, PAYMENT);
        assert_eq!(both, Err("ambiguous value: it fits Card and Upi".to_owned()));
    }

    #[test]
    fn a_discriminator_wins_and_kinds_decide_scalars() {
        const TAGGED: &[VariantRule] = &[
            VariantRule { name: "Cat", kind: JsonKind::Object, keys: &[], tags: &["cat"] },
            VariantRule { name: "Dog", kind: JsonKind::Object, keys: &[], tags: &["dog"] },
            VariantRule { name: "Text", kind: JsonKind::String, keys: &[], tags: &[] },
        ];
        assert_eq!(select_variant(&json!({"kind": "dog"}), Some("kind"), TAGGED), Ok(Some(1)));
        assert_eq!(select_variant(&json!("hello"), Some("kind"), TAGGED), Ok(Some(2)));
        assert_eq!(select_variant(&json!({"kind": "fox"}), Some("kind"), TAGGED), Ok(None));
        assert_eq!(select_variant(&json!(3), Some("kind"), TAGGED), Ok(None));
    }
}
