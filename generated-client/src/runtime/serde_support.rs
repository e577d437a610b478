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

/// A struct read from a JSON object, field by field: what the generated `Deserialize` impls provide, so that
/// they share one visitor ([`deserialize_map`]) instead of declaring one each.
pub trait FromMap<'de>: Sized {
    /// What a value of another JSON type is reported against: `an object (Name)`.
    const EXPECTING: &'static str;
    /// Reads the struct from the entries of `map`.
    fn from_map<A: serde::de::MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// Reads a `T` from a JSON object through its [`FromMap`].
pub fn deserialize_map<'de, T: FromMap<'de>, D: serde::Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    struct MapVisitor<T>(std::marker::PhantomData<T>);
    impl<'de, T: FromMap<'de>> serde::de::Visitor<'de> for MapVisitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(T::EXPECTING)
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::from_map(map)
        }
    }
    deserializer.deserialize_map(MapVisitor(std::marker::PhantomData))
}

/// Reads the value of the entry whose key was just read into its field's slot; a second value for the same
/// field is an error naming it. One call per field (rather than the read and the check written out in every
/// arm) keeps the generated `visit_map` bodies small: they are most of what a big crate costs to check.
#[inline(always)]
pub fn fill<'de, A, T>(map: &mut A, slot: &mut Option<T>, name: &'static str) -> Result<(), A::Error>
where
    A: serde::de::MapAccess<'de>,
    T: serde::Deserialize<'de>,
{
    if slot.is_some() {
        return Err(serde::de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Reads and drops the value of an entry whose key no field has (unknown fields are ignored).
#[inline(always)]
pub fn skip<'de, A: serde::de::MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<serde::de::IgnoredAny>().map(|_| ())
}

/// A required field's value, or the error naming it when the object did not have it.
pub fn required<T, E: serde::de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(name))
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

    /// `{"a": .., "a": ..}` read into one slot, the way generated `visit_map` bodies do.
    struct Twice(Option<u32>);

    impl<'de> serde::Deserialize<'de> for Twice {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct Visitor;
            impl<'de> serde::de::Visitor<'de> for Visitor {
                type Value = Twice;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("an object")
                }
                fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Twice, A::Error> {
                    let mut slot = None;
                    while let Some(key) = map.next_key::<Key<'de>>()? {
                        assert_eq!(key.as_str(), "a");
                        fill(&mut map, &mut slot, "a")?;
                    }
                    Ok(Twice(Some(required(slot, "a")?)))
                }
            }
            deserializer.deserialize_map(Visitor)
        }
    }

    /// A struct the way generated code reads one: `FromMap`, and `Deserialize` through the shared visitor.
    #[derive(Debug, PartialEq)]
    struct Pair {
        a: u32,
        b: Option<String>,
    }

    impl<'de> FromMap<'de> for Pair {
        const EXPECTING: &'static str = "an object (Pair)";
        fn from_map<A: serde::de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
            let (mut a, mut b) = (None, None);
            while let Some(key) = map.next_key::<Key<'de>>()? {
                match key.as_str() {
                    "a" => fill(&mut map, &mut a, "a"),
                    "b" => fill(&mut map, &mut b, "b"),
                    _ => skip(&mut map),
                }?;
            }
            Ok(Pair { a: required(a, "a")?, b: b.flatten() })
        }
    }

    impl<'de> serde::Deserialize<'de> for Pair {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserialize_map(deserializer)
        }
    }

    #[test]
    fn structs_share_one_map_visitor_that_names_them() {
        let pair: Pair = serde_json::from_str(r#"{"x": [1], "b": "two", "a": 1}"#).expect("object");
        assert_eq!(pair, Pair { a: 1, b: Some("two".to_owned()) });
        let err = serde_json::from_str::<Pair>("[1, 2]").err().map(|e| e.to_string());
        assert!(err.is_some_and(|e| e.starts_with("invalid type: sequence, expected an object (Pair)")));
    }

    #[test]
    fn a_field_given_twice_is_an_error() {
        let once: Twice = serde_json::from_str(r#"{"a": 1}"#).expect("once");
        assert_eq!(once.0, Some(1));
        let err = serde_json::from_str::<Twice>(r#"{"a": 1, "a": 2}"#).err().map(|e| e.to_string());
        assert!(err.is_some_and(|e| e.starts_with("duplicate field `a`")));
    }

    #[test]
    fn a_missing_required_field_is_an_error_naming_it() {
        let err = serde_json::from_str::<Twice>("{}").err().map(|e| e.to_string());
        assert!(err.is_some_and(|e| e.starts_with("missing field `a`")));
    }
}
