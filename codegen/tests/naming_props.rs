//! The naming rules hold for any input: every name is a valid Rust identifier, and distinct inputs claimed
//! in one scope get distinct names.

use codegen::naming::{self, Scope};
use proptest::prelude::*;

fn parses_as_ident(name: &str) -> bool {
    syn::parse_str::<syn::Ident>(name).is_ok()
        || syn::parse_str::<syn::Ident>(&format!("r#{name}")).is_ok() && name.starts_with("r#")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_name_is_a_valid_identifier(input in ".{0,24}") {
        for name in [
            naming::type_name(&input),
            naming::value_name(&input),
            naming::header_value_name(&input),
            naming::credential_name(&input),
            naming::version_module(&input),
            naming::file_module(&input),
        ] {
            prop_assert!(naming::is_valid_ident(&name), "{input:?} gave {name:?}");
            prop_assert!(parses_as_ident(&name), "{input:?} gave {name:?}, which syn rejects");
        }
    }

    #[test]
    fn distinct_inputs_get_distinct_names(inputs in proptest::collection::btree_set(".{0,12}", 1..40)) {
        let mut types = Scope::default();
        let mut values = Scope::with_reserved(&["client", "send"]);
        let mut type_names = std::collections::BTreeSet::new();
        let mut value_names = std::collections::BTreeSet::new();
        for input in &inputs {
            let t = types.claim(naming::type_name(input));
            let v = values.claim(naming::value_name(input));
            prop_assert!(naming::is_valid_ident(&t) && naming::is_valid_ident(&v), "{input:?}: {t} {v}");
            prop_assert!(type_names.insert(t.trim_start_matches("r#").to_owned()), "{t} given twice");
            prop_assert!(value_names.insert(v.trim_start_matches("r#").to_owned()), "{v} given twice");
            prop_assert!(v != "client" && v != "send");
        }
    }
}
