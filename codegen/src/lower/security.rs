//! Security schemes and per-operation requirements: which credential headers exist, and which combinations
//! (OR of AND sets) each operation accepts.

use openapiv3::{APIKeyLocation, ReferenceOr, SecurityRequirement, SecurityScheme as SpecScheme};

use super::Lowerer;
use crate::diagnostic::Pointer;
use crate::model::{SecurityAlternative, SecurityScheme};
use crate::naming::{self, Scope};

impl<'a> Lowerer<'a> {
    /// The credential headers the spec defines (API keys in headers), in the spec's order.
    pub(super) fn lower_security_schemes(&mut self) -> Vec<SecurityScheme> {
        let spec = self.spec;
        let Some(components) = spec.doc.components.as_ref() else { return Vec::new() };
        let mut scope = Scope::default();
        let mut out = Vec::new();
        for (key, scheme) in &components.security_schemes {
            let here = Pointer::root().child("components").child("securitySchemes").child(key);
            let scheme = match scheme {
                ReferenceOr::Item(scheme) => scheme,
                ReferenceOr::Reference { reference } => {
                    self.error(&here, format!("security scheme given as a reference ('{reference}') is not supported"));
                    continue;
                }
            };
            match scheme {
                SpecScheme::APIKey { location: APIKeyLocation::Header, name, description, .. } => {
                    out.push(SecurityScheme {
                        key: key.clone(),
                        header: name.clone(),
                        rust_name: scope.claim(naming::credential_name(key)),
                        description: description.clone(),
                    });
                }
                _ => self.warning(
                    &here,
                    "only API keys sent in headers are supported; requirements that use this scheme are left out",
                ),
            }
        }
        out
    }

    /// The alternatives an operation accepts, from its own `security` or the document's.
    pub(super) fn lower_requirements(
        &mut self,
        own: Option<&Vec<SecurityRequirement>>,
        here: &Pointer,
        schemes: &[SecurityScheme],
    ) -> Vec<SecurityAlternative> {
        let (requirements, at) = match own {
            Some(own) => (own.as_slice(), here.child("security")),
            None => (self.spec.doc.security.as_deref().unwrap_or(&[]), Pointer::root().child("security")),
        };
        let mut out = Vec::new();
        for (index, requirement) in requirements.iter().enumerate() {
            let mut keys = Vec::new();
            let mut usable = true;
            for key in requirement.keys() {
                if schemes.iter().any(|s| &s.key == key) {
                    keys.push(key.clone());
                } else {
                    usable = false;
                    let declared =
                        self.spec.doc.components.as_ref().is_some_and(|c| c.security_schemes.contains_key(key));
                    if !declared {
                        self.error(&at.child(index), format!("security scheme '{key}' is not defined"));
                    }
                }
            }
            if usable && !keys.is_empty() {
                let rust_name = keys
                    .iter()
                    .filter_map(|k| schemes.iter().find(|s| &s.key == k))
                    .map(|s| naming::type_name(&s.rust_name))
                    .collect::<String>();
                out.push(SecurityAlternative { schemes: keys, rust_name });
            }
        }
        out
    }
}
