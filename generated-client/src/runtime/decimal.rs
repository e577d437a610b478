//! Money as `rust_decimal::Decimal`, read and written with the digits the JSON has: `10.15` is 10.15 (never
//! 10.1499..), `170.00` stays 170.00 (scale 2) and is written back as `170.00`, a JSON number (not a string).
//!
//! serde_json hands a visitor an `f64` for every number unless `arbitrary_precision` is on, and that feature
//! would change number handling in a service's whole build. So a decimal is read from the number's raw text
//! (serde_json's `RawValue`, which changes nothing else) and written as raw text. Generated code calls this
//! for every field and union member that holds a decimal (`fill_exact`, `ExactRef`, `exact_from_value`);
//! `Decimal` itself gets no serde impls from this crate (no rust_decimal serde feature is turned on for the
//! service either).

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

pub use rust_decimal::Decimal;
use serde::de::{Deserializer, Error as _};
use serde::ser::{Error as _, Serializer};
use serde_json::value::RawValue;

/// A value that holds decimals where generated types put them: a decimal, or an option, list, map or box of
/// such values.
pub trait Exactly: Sized {
    /// Writes the value, each decimal as a JSON number with its digits.
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;
    /// Reads the value, each decimal from the number's text.
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

/// The decimal a JSON number's text (or a JSON string holding a number, as some servers send amounts) is.
fn parse(raw: &str) -> Result<Decimal, String> {
    let raw = raw.trim();
    let text = match raw.strip_prefix('"') {
        Some(_) => serde_json::from_str::<String>(raw).map_err(|err| err.to_string())?,
        None => raw.to_owned(),
    };
    let text = text.trim();
    let parsed = if text.contains(['e', 'E']) { Decimal::from_scientific(text) } else { Decimal::from_str_exact(text) };
    parsed.map_err(|err| format!("invalid decimal `{text}`: {err}"))
}

impl Exactly for Decimal {
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let raw = RawValue::from_string(self.to_string()).map_err(S::Error::custom)?;
        serde::Serialize::serialize(&raw, serializer)
    }

    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw: Box<RawValue> = serde::Deserialize::deserialize(deserializer)?;
        parse(raw.get()).map_err(D::Error::custom)
    }
}

impl<T: Exactly> Exactly for Option<T> {
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Some(value) => serializer.serialize_some(&ExactRef(value)),
            None => serializer.serialize_none(),
        }
    }

    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor<T>(std::marker::PhantomData<T>);
        impl<'de, T: Exactly> serde::de::Visitor<'de> for Visitor<T> {
            type Value = Option<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number or null")
            }
            fn visit_none<E: serde::de::Error>(self) -> Result<Option<T>, E> {
                Ok(None)
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Option<T>, E> {
                Ok(None)
            }
            fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
                T::read(deserializer).map(Some)
            }
        }
        deserializer.deserialize_option(Visitor(std::marker::PhantomData))
    }
}

impl<T: Exactly> Exactly for Box<T> {
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (**self).write(serializer)
    }

    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::read(deserializer).map(Box::new)
    }
}

impl<T: Exactly> Exactly for Vec<T> {
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter().map(ExactRef))
    }

    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let items: Vec<Exact<T>> = serde::Deserialize::deserialize(deserializer)?;
        Ok(items.into_iter().map(|item| item.0).collect())
    }
}

impl<T: Exactly> Exactly for BTreeMap<String, T> {
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter().map(|(key, value)| (key, ExactRef(value))))
    }

    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let entries: BTreeMap<String, Exact<T>> = serde::Deserialize::deserialize(deserializer)?;
        Ok(entries.into_iter().map(|(key, value)| (key, value.0)).collect())
    }
}

/// Writes what it borrows with each decimal's digits.
pub struct ExactRef<'a, T>(pub &'a T);

impl<T: Exactly> serde::Serialize for ExactRef<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.write(serializer)
    }
}

/// Reads a value with each decimal's digits.
pub struct Exact<T>(pub T);

impl<'de, T: Exactly> serde::Deserialize<'de> for Exact<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::read(deserializer).map(Exact)
    }
}

/// [`fill`](crate::runtime::fill) for a field that holds decimals.
#[inline(always)]
pub fn fill_exact<'de, A, T>(map: &mut A, slot: &mut Option<T>, name: &'static str) -> Result<(), A::Error>
where
    A: serde::de::MapAccess<'de>,
    T: Exactly,
{
    if slot.is_some() {
        return Err(serde::de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value::<Exact<T>>()?.0);
    Ok(())
}

/// A union member that holds decimals, from the JSON value the union was read into.
pub fn exact_from_value<T: Exactly>(value: serde_json::Value) -> Result<T, serde_json::Error> {
    serde_json::from_value::<Exact<T>>(value).map(|exact| exact.0)
}

/// The decimal `text` is (`"10.15"`): for building request values (`Decimal::from_str` does the same).
pub fn decimal(text: &str) -> Result<Decimal, rust_decimal::Error> {
    Decimal::from_str(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    struct Amounts {
        amount: Decimal,
        refund: Option<Decimal>,
        splits: Vec<Decimal>,
    }

    impl<'de> serde::Deserialize<'de> for Amounts {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            #[derive(serde::Deserialize)]
            struct Raw {
                amount: Exact<Decimal>,
                #[serde(default = "none")]
                refund: Exact<Option<Decimal>>,
                splits: Exact<Vec<Decimal>>,
            }
            fn none() -> Exact<Option<Decimal>> {
                Exact(None)
            }
            let raw = Raw::deserialize(deserializer)?;
            Ok(Amounts { amount: raw.amount.0, refund: raw.refund.0, splits: raw.splits.0 })
        }
    }

    fn written<T: Exactly>(value: &T) -> String {
        serde_json::to_string(&ExactRef(value)).expect("writes")
    }

    #[test]
    fn the_digits_read_are_the_digits_the_json_has() {
        let read: Amounts =
            serde_json::from_str(r#"{"amount": 10.15, "refund": 170.00, "splits": [0.1, 1e2, "2.50"]}"#)
                .expect("reads");
        assert_eq!(read.amount.to_string(), "10.15");
        assert_eq!(read.refund.map(|r| r.to_string()).as_deref(), Some("170.00"), "the scale is kept");
        let splits: Vec<String> = read.splits.iter().map(Decimal::to_string).collect();
        assert_eq!(splits, ["0.1", "100", "2.50"]);
        let null: Amounts = serde_json::from_str(r#"{"amount": 1, "refund": null, "splits": []}"#).expect("null");
        assert_eq!(null.refund, None);
    }

    #[test]
    fn more_digits_than_an_f64_holds_are_kept() {
        let read: Exact<Decimal> = serde_json::from_str("12345678901234567.89").expect("reads");
        assert_eq!(read.0.to_string(), "12345678901234567.89");
        // Through a `serde_json::Value` (as unions are read) the number is an f64 first: its shortest digits.
        let value = serde_json::json!(10.15);
        assert_eq!(exact_from_value::<Decimal>(value).expect("reads").to_string(), "10.15");
    }

    #[test]
    fn decimals_are_written_as_json_numbers_with_their_digits() {
        let amount = decimal("170.00").expect("decimal");
        assert_eq!(written(&amount), "170.00");
        assert_eq!(written(&Some(decimal("10.15").expect("decimal"))), "10.15");
        assert_eq!(written(&None::<Decimal>), "null");
        assert_eq!(written(&vec![decimal("-0.5").expect("decimal")]), "[-0.5]");
        let map = BTreeMap::from([("fee".to_owned(), decimal("2.36").expect("decimal"))]);
        assert_eq!(written(&map), r#"{"fee":2.36}"#);
        // Into a `serde_json::Value` it is a number too.
        assert_eq!(serde_json::to_value(ExactRef(&amount)).expect("value"), serde_json::json!(170.0));
    }

    #[test]
    fn what_is_not_a_number_is_an_error_that_says_so() {
        for text in [r#""ten""#, "true", "[1]", r#"{"a": 1}"#] {
            let err = serde_json::from_str::<Exact<Decimal>>(text).err().map(|e| e.to_string()).unwrap_or_default();
            assert!(!err.is_empty(), "{text} read as a decimal");
        }
        let err = serde_json::from_str::<Exact<Decimal>>(r#""ten""#).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("invalid decimal"), "{err}");
    }
}
