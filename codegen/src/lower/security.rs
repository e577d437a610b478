//! Security schemes and per-operation requirements: which credentials exist and how each is sent (an API
//! key in a header, query parameter or cookie; a bearer token, also for OAuth2 and OpenID Connect, whose
//! token the caller obtains; HTTP basic), and which combinations (OR of AND sets) each operation accepts.

use openapiv3::{APIKeyLocation, SecurityRequirement, SecurityScheme as SpecScheme};

use super::Lowerer;
use crate::diagnostic::Pointer;
use crate::model::{KeyLocation, SchemeKind, SecurityAlternative, SecurityScheme};
use crate::naming::{self, Scope};

impl<'a> Lowerer<'a> {
    /// The credentials the spec defines, in the spec's order.
    pub(super) fn lower_security_schemes(&mut self) -> Vec<SecurityScheme> {
        let spec = self.spec;
        let Some(components) = spec.doc.components.as_ref() else { return Vec::new() };
        let mut scope = Scope::default();
        let mut out = Vec::new();
        for (key, scheme) in &components.security_schemes {
            let here = Pointer::root().child("components").child("securitySchemes").child(key);
            let (scheme, here) =
                match spec.resolve(scheme, &here, crate::spec::Section::SecuritySchemes, |c| &c.security_schemes) {
                    Ok(found) => found,
                    Err(message) => {
                        self.error(&here, message);
                        continue;
                    }
                };
            let (kind, description) = match scheme {
                SpecScheme::APIKey { location, name, description, .. } => {
                    let location = match location {
                        APIKeyLocation::Header => KeyLocation::Header,
                        APIKeyLocation::Query => KeyLocation::Query,
                        APIKeyLocation::Cookie => KeyLocation::Cookie,
                    };
                    (SchemeKind::ApiKey { location, name: name.clone() }, description)
                }
                SpecScheme::HTTP { scheme, description, .. } if scheme.eq_ignore_ascii_case("bearer") => {
                    (SchemeKind::Bearer, description)
                }
                SpecScheme::HTTP { scheme, description, .. } if scheme.eq_ignore_ascii_case("basic") => {
                    (SchemeKind::Basic, description)
                }
                SpecScheme::HTTP { scheme, .. } => {
                    self.warning(
                        &here,
                        format!(
                            "HTTP `{scheme}` authentication is not supported; operations that require only it are \
                             sent without credentials, and say so"
                        ),
                    );
                    continue;
                }
                SpecScheme::OAuth2 { description, .. } | SpecScheme::OpenIDConnect { description, .. } => {
                    (SchemeKind::Bearer, description)
                }
            };
            out.push(SecurityScheme {
                key: key.clone(),
                kind,
                rust_name: scope.claim(naming::credential_name(key)),
                description: description.clone(),
            });
        }
        out
    }

    /// The alternatives an operation accepts, from its own `security` or the document's. An alternative
    /// that needs a scheme the client cannot send is left out, and the operation's notes say so.
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
                    if declared {
                        self.notes.push(format!("the `{key}` credential the spec allows here is not supported"));
                    } else {
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
        if out.is_empty() && !self.notes.is_empty() {
            self.notes.push("it is sent without credentials".to_owned());
        }
        out
    }
}
