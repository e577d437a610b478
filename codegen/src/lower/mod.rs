//! Lowering: a loaded [`Spec`] becomes the [`Api`] model. Every check and every naming decision happens here;
//! problems are collected as located diagnostics rather than stopping at the first.

mod body;
mod compose;
mod examples;
mod operation;
mod paging;
mod recursion;
mod security;
mod types;
mod usage;
mod values;
mod webhooks;

pub use usage::UNREFERENCED_FEATURE;

use std::collections::BTreeMap;

use crate::diagnostic::{Diagnostic, Diagnostics, Location, Pointer, Severity};
use crate::model::{
    Api, ErrorArm, ErrorDecoder, ErrorVariant, INLINE_VARIANT_LIMIT, Operation, Server, ServerVariable, TypeDef,
    TypeRef, estimated_size,
};
use crate::naming::{self, Scope};
use crate::spec::Spec;

/// Names the generated types module may not use: they would shadow the prelude or the emitter's own items.
const RESERVED_TYPE_NAMES: &[&str] = &[
    "Option",
    "Some",
    "None",
    "String",
    "Vec",
    "Box",
    "Result",
    "Ok",
    "Err",
    "Default",
    "Clone",
    "Copy",
    "Debug",
    "Send",
    "Sync",
    "Sized",
    "Iterator",
    "ToString",
    "ToOwned",
    "From",
    "Into",
    "TryFrom",
    "TryInto",
    "PartialEq",
    "Eq",
    "PartialOrd",
    "Ord",
    "Hash",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "AsRef",
    "AsMut",
    "Extend",
    "IntoIterator",
    "Unpin",
    "Display",
    "FromStr",
    "Formatter",
    // The version module's own items, re-exported beside the types.
    "Client",
    "Credentials",
    "Environment",
    "Error",
    "ErrorBody",
];

/// What lowering produced: the model, and the warnings worth showing.
#[derive(Debug, Clone)]
pub struct Lowered {
    pub api: Api,
    pub warnings: Diagnostics,
}

/// State shared by the lowering steps of one spec.
struct Lowerer<'a> {
    spec: &'a Spec,
    /// Property names whose values `Debug` must not show.
    sensitive_names: &'a [String],
    /// What a JSON `number` becomes.
    numbers: crate::Numbers,
    /// The spec's examples met so far, checked against their types once those are final.
    examples: Vec<examples::Candidate>,
    diagnostics: Diagnostics,
    types: BTreeMap<String, TypeDef>,
    type_scope: Scope,
    /// Component schema key -> Rust type name.
    schema_names: BTreeMap<String, String>,
    /// The operation being lowered, for diagnostics.
    operation: Option<String>,
    /// Names in the generated `requests` module: request builders and multipart forms.
    request_scope: Scope,
    /// What the operation being lowered loses of what the spec describes, for its rustdoc.
    notes: Vec<String>,
    /// The shape of each inline type defined so far -> its name, so an identical shape reuses it.
    shapes: BTreeMap<String, String>,
    /// The place (JSON pointer) of each inline schema lowered so far -> its type.
    inline_types: BTreeMap<String, String>,
    /// Inline types being defined, and those among them met again while being defined.
    in_progress: std::collections::BTreeSet<String>,
    self_referenced: std::collections::BTreeSet<String>,
}

impl<'a> Lowerer<'a> {
    /// Whether a property's value is card data or a secret: its name equals a sensitive name or ends with
    /// `_<name>`, ignoring case.
    fn is_sensitive(&self, property: &str) -> bool {
        let property = property.to_ascii_lowercase();
        self.sensitive_names.iter().any(|name| {
            let name = name.to_ascii_lowercase();
            property == name || property.ends_with(&format!("_{name}"))
        })
    }

    fn report(&mut self, severity: Severity, pointer: &Pointer, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic {
            severity,
            location: Location {
                file: self.spec.file.clone(),
                line: None,
                pointer: pointer.to_string(),
                operation: self.operation.clone(),
            },
            message: message.into(),
        });
    }

    fn error(&mut self, pointer: &Pointer, message: impl Into<String>) {
        self.report(Severity::Error, pointer, message);
    }

    fn warning(&mut self, pointer: &Pointer, message: impl Into<String>) {
        self.report(Severity::Warning, pointer, message);
    }

    /// The type of a JSON `number`.
    fn number(&self) -> TypeRef {
        match self.numbers {
            crate::Numbers::F64 => TypeRef::Number,
            crate::Numbers::Decimal => TypeRef::Decimal,
        }
    }

    /// `ty` where it stands outside the fields of objects and the members of unions (a whole body, an alias, a
    /// structured parameter): its decimals become `f64`, with a warning, since only fields and members are read
    /// and written with their digits.
    fn outside_fields(&mut self, ty: TypeRef, at: &Pointer, what: &str) -> TypeRef {
        if !ty.holds_decimal() {
            return ty;
        }
        self.warning(
            at,
            format!(
                "{what} is a number outside any object's field: it is f64 here, not a decimal (exact digits are \
                 kept in the fields of objects)"
            ),
        );
        ty.without_decimals()
    }
}

/// Lowers `spec` into the model. Fails with every error found; warnings travel with the result.
pub fn lower(spec: &Spec, options: &crate::Options) -> Result<Lowered, Diagnostics> {
    let mut lowerer = Lowerer {
        spec,
        sensitive_names: &options.sensitive_names,
        numbers: options.numbers,
        examples: Vec::new(),
        diagnostics: spec.problems.clone(),
        types: BTreeMap::new(),
        type_scope: Scope::with_reserved(RESERVED_TYPE_NAMES),
        schema_names: BTreeMap::new(),
        operation: None,
        request_scope: Scope::with_reserved(&["Client", "Credentials", "Environment", "Error", "ErrorBody"]),
        notes: Vec::new(),
        shapes: BTreeMap::new(),
        inline_types: BTreeMap::new(),
        in_progress: Default::default(),
        self_referenced: Default::default(),
    };
    lowerer.name_component_schemas();
    lowerer.lower_component_schemas();
    let security_schemes = lowerer.lower_security_schemes();
    let mut operations = lowerer.lower_operations(&security_schemes);
    let mut webhooks = lowerer.lower_webhooks();
    lowerer.box_recursive_types();
    lowerer.box_large_variants();
    paging::assign_paging(&mut operations, &lowerer.types);
    let examples = lowerer.check_examples();
    let mut error_variants = assign_error_variants(&mut operations);
    for variant in &mut error_variants {
        variant.boxed = variant.ty.as_ref().is_some_and(|ty| estimated_size(&lowerer.types, ty) > INLINE_VARIANT_LIMIT);
    }
    let mut error_decoders = assign_error_decoders(&mut operations);
    let groups = usage::assign_groups(spec, &mut operations);
    webhooks::assign_webhook_groups(spec, &operations, &groups, &mut webhooks);
    for webhook in &mut webhooks {
        webhook.boxed = estimated_size(&lowerer.types, &webhook.payload) > INLINE_VARIANT_LIMIT;
    }
    usage::assign_usage(&groups, &operations, &webhooks, &mut lowerer.types, &mut error_variants, &mut error_decoders);
    if options.serde_both_directions {
        for def in lowerer.types.values_mut() {
            def.usage = std::mem::take(&mut def.usage).sending().receiving();
        }
    }
    let servers = lower_servers(spec);
    let info = &spec.doc.info;
    let api = Api {
        source: spec.file.clone(),
        version: info.version.clone(),
        module: match options.module_from {
            crate::ModuleFrom::Version => naming::version_module(&info.version),
            crate::ModuleFrom::FileStem => naming::file_module(&spec.file),
        },
        title: info.title.clone(),
        description: info.description.clone(),
        servers,
        security_schemes,
        operations,
        operations_in_spec: spec
            .doc
            .paths
            .paths
            .values()
            .filter_map(|item| item.as_item())
            .map(|item| item.iter().count())
            .sum(),
        types: lowerer.types,
        error_variants,
        error_decoders,
        groups,
        webhooks,
        examples,
    };
    let diagnostics = lowerer.diagnostics.sorted();
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    Ok(Lowered { api, warnings: diagnostics })
}

/// Servers become `Environment` variants: `Sandbox` or `Production` when the description says so (sandbox,
/// test, staging / production, live), else named by the description's first word, or `Server1`, `Server2`,
/// ... when there is none. A URL template's variables keep their defaults and allowed values.
fn lower_servers(spec: &Spec) -> Vec<Server> {
    let mut scope = Scope::with_reserved(&["Custom"]);
    spec.doc
        .servers
        .iter()
        .enumerate()
        .map(|(index, server)| {
            let description = server.description.as_deref().unwrap_or_default().to_ascii_lowercase();
            let says = |words: &[&str]| {
                words.iter().any(|w| description.split(|c: char| !c.is_alphanumeric()).any(|d| d == *w))
            };
            let word = server.description.as_deref().and_then(|d| d.split_whitespace().next());
            let base = if says(&["sandbox", "test", "testing", "staging", "uat"]) {
                "Sandbox".to_owned()
            } else if says(&["production", "prod", "live"]) {
                "Production".to_owned()
            } else {
                match word.map(naming::type_name).filter(|w| !w.is_empty()) {
                    Some(word) => word,
                    None => format!("Server{}", index + 1),
                }
            };
            let mut variable_scope = Scope::default();
            let variables = server
                .variables
                .iter()
                .flatten()
                .map(|(name, variable)| ServerVariable {
                    name: name.clone(),
                    rust_name: variable_scope.claim(naming::value_name(name)),
                    default: variable.default.clone(),
                    allowed: variable.enumeration.clone(),
                    description: variable.description.clone(),
                })
                .collect();
            Server {
                url: server.url.clone(),
                description: server.description.clone(),
                name: scope.claim(base),
                variables,
            }
        })
        .collect()
}

/// Gives every non-success response the `ErrorBody` variant its body decodes into: a named type's own name,
/// `Status<code>` for other bodies, `NoBody` for a status declared without one. Equal bodies share a variant.
fn assign_error_variants(operations: &mut [Operation]) -> Vec<ErrorVariant> {
    let mut scope = Scope::default();
    let mut variants: Vec<ErrorVariant> = Vec::new();
    for response in operations.iter_mut().flat_map(|op| op.responses.iter_mut()).filter(|r| !r.status.is_success()) {
        if let Some(existing) = variants.iter().find(|v| v.ty == response.body) {
            response.error_variant = Some(existing.rust_name.clone());
            continue;
        }
        let wanted = match &response.body {
            Some(TypeRef::Named(name)) => name.clone(),
            Some(_) => naming::type_name(&format!("status {}", response.status)),
            None => "NoBody".to_owned(),
        };
        let rust_name = scope.claim(wanted);
        response.error_variant = Some(rust_name.clone());
        variants.push(ErrorVariant { rust_name, ty: response.body.clone(), boxed: false, usage: Default::default() });
    }
    variants
}

/// Gives every operation that declares error statuses the decoder for them, shared by every operation that
/// declares the same statuses with the same bodies. Named after the statuses (`decode_errors_400_404`).
fn assign_error_decoders(operations: &mut [Operation]) -> Vec<ErrorDecoder> {
    let mut scope = Scope::default();
    let mut decoders: Vec<ErrorDecoder> = Vec::new();
    for op in operations.iter_mut() {
        let mut arms: Vec<ErrorArm> = op
            .responses
            .iter()
            .filter(|r| !r.status.is_success())
            .filter_map(|r| {
                let variant = r.error_variant.clone()?;
                Some(ErrorArm { status: r.status, variant, body: r.body.as_ref().map(|_| r.encoding) })
            })
            .collect();
        if arms.is_empty() {
            continue;
        }
        arms.sort_by_key(|arm| arm.status);
        if let Some(existing) = decoders.iter().find(|d| d.arms == arms) {
            op.error_decoder = Some(existing.name.clone());
            continue;
        }
        let statuses: Vec<String> = arms.iter().map(|arm| arm.status.to_string()).collect();
        let name = scope.claim(naming::value_name(&format!("decode errors {}", statuses.join(" "))));
        op.error_decoder = Some(name.clone());
        decoders.push(ErrorDecoder { name, arms, usage: Default::default() });
    }
    decoders
}
