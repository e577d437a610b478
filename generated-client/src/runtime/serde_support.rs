//! What the `Deserialize` impls of generated structs share: a map key read without copying when it can be
//! borrowed, and the slot a field's value goes in (a repeated field is an error, as with serde's derive).

use std::borrow::Cow;
use std::fmt;

/// A key of a JSON object.
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_borrowed_str<E>(self, value: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(value)))
            }
            fn visit_str<E>(self, value: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(value.to_owned())))
            }
            fn visit_string<E>(self, value: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(value)))
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

/// Puts a field's value in its slot; a second value for the same field is an error naming it.
pub fn fill<T, E: serde::de::Error>(slot: &mut Option<T>, name: &'static str, value: T) -> Result<(), E> {
    if slot.is_some() {
        return Err(E::duplicate_field(name));
    }
    *slot = Some(value);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_borrow_when_they_can() {
        let key: Key<'_> = serde_json::from_str("\"order_id\"").expect("key");
        assert!(matches!(key.0, Cow::Borrowed("order_id")));
        let escaped: Key<'_> = serde_json::from_str("\"order\\u005fid\"").expect("key");
        assert_eq!(escaped.as_str(), "order_id");
    }

    #[test]
    fn a_field_given_twice_is_an_error() {
        let mut slot = None;
        fill::<_, serde_json::Error>(&mut slot, "a", 1).expect("first");
        let err = fill::<_, serde_json::Error>(&mut slot, "a", 2).expect_err("second");
        assert_eq!(err.to_string(), "duplicate field `a`");
    }
}
