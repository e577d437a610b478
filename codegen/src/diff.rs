//! A semantic diff between two lowered APIs: operations, parameters, bodies, responses, security, types,
//! fields and enum values, each change classified breaking or additive for code that uses the client.
//! It compares the models the generator builds, so names match the generated code.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::model::{Api, BodyKind, Field, Operation, ParamLocation, ParamRole, Parameter, TypeDef, TypeKind, TypeRef};

/// What a change does to code that uses the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Impact {
    /// Code written against the old client may no longer compile or may behave differently.
    Breaking,
    /// Code written against the old client keeps working.
    Additive,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Change {
    pub impact: Impact,
    /// What changed: `operation PGCustomerFetchInstruments` or `type InstrumentEntity`.
    pub subject: String,
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub old: String,
    pub new: String,
    pub breaking: usize,
    pub additive: usize,
    pub changes: Vec<Change>,
}

struct Differ {
    changes: Vec<Change>,
}

impl Differ {
    fn push(&mut self, impact: Impact, subject: &str, detail: String) {
        self.changes.push(Change { impact, subject: subject.to_owned(), detail });
    }
}

fn show(ty: &TypeRef) -> String {
    ty.to_string()
}

/// `wire` (`rust`), or just `wire` when they are the same.
fn named(wire: &str, rust: &str) -> String {
    let rust = rust.trim_start_matches("r#");
    if wire == rust { format!("`{wire}`") } else { format!("`{wire}` (`{rust}`)") }
}

/// A type as the report names it: its component name and Rust name, or for an inline type its Rust name
/// and where it is.
fn type_subject(def: &TypeDef, rust: &str) -> String {
    if def.origin.starts_with('#') {
        format!("type `{rust}` (inline at `{}`)", def.origin)
    } else {
        format!("type {}", named(&def.origin, rust))
    }
}

/// The named types a type mentions, and everything they mention, in `api`.
fn reachable(api: &Api, roots: impl IntoIterator<Item = TypeRef>) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<TypeRef> = roots.into_iter().collect();
    while let Some(ty) = stack.pop() {
        match ty {
            TypeRef::Array(inner) | TypeRef::Map(inner) => stack.push(*inner),
            TypeRef::Named(name) => {
                if seen.insert(name.clone())
                    && let Some(def) = api.types.get(&name)
                {
                    match &def.kind {
                        TypeKind::Struct { fields } => stack.extend(fields.iter().map(|f| f.ty.clone())),
                        TypeKind::Union { variants, .. } => stack.extend(variants.iter().map(|v| v.ty.clone())),
                        TypeKind::Alias { target } => stack.push(target.clone()),
                        TypeKind::Enum { .. } => {}
                    }
                }
            }
            _ => {}
        }
    }
    seen
}

/// Types the client sends (parameters, request bodies).
fn request_types(api: &Api) -> BTreeSet<String> {
    let roots = api.operations.iter().flat_map(|op| {
        let params = op.params.iter().map(|p| p.ty.clone());
        let body = op.request_body.iter().filter_map(|b| match &b.kind {
            BodyKind::Json(ty) | BodyKind::UrlEncoded { ty, .. } => Some(ty.clone()),
            BodyKind::Multipart { .. } | BodyKind::Text | BodyKind::Bytes => None,
        });
        params.chain(body).collect::<Vec<_>>()
    });
    reachable(api, roots)
}

fn role(param: &Parameter) -> &'static str {
    match param.role {
        ParamRole::Argument => "a required argument",
        ParamRole::Optional { .. } => "an optional setter",
        ParamRole::Fixed { .. } => "fixed by the version",
    }
}

fn body_shape(op: &Operation) -> Option<(String, bool)> {
    op.request_body.as_ref().map(|b| {
        let shape = match &b.kind {
            BodyKind::Json(ty) => show(ty),
            BodyKind::Multipart { form, .. } => format!("multipart {form}"),
            BodyKind::UrlEncoded { ty, .. } => format!("form {}", show(ty)),
            BodyKind::Text => "text".to_owned(),
            BodyKind::Bytes => format!("bytes ({})", b.content_type),
        };
        (shape, b.required)
    })
}

impl Differ {
    fn operations(&mut self, old: &Api, new: &Api) {
        let old_ops: BTreeMap<&str, &Operation> = old.operations.iter().map(|o| (o.id.as_str(), o)).collect();
        let new_ops: BTreeMap<&str, &Operation> = new.operations.iter().map(|o| (o.id.as_str(), o)).collect();
        for (id, op) in &old_ops {
            let subject = format!("operation {}", named(id, &op.fn_name));
            match new_ops.get(id) {
                None => {
                    self.push(Impact::Breaking, &subject, format!("removed (`{} {}`)", op.method.as_str(), op.path_key))
                }
                Some(other) => self.operation(&subject, op, other),
            }
        }
        for (id, op) in &new_ops {
            if !old_ops.contains_key(id) {
                let subject = format!("operation {}", named(id, &op.fn_name));
                self.push(Impact::Additive, &subject, format!("added (`{} {}`)", op.method.as_str(), op.path_key));
            }
        }
    }

    fn operation(&mut self, subject: &str, old: &Operation, new: &Operation) {
        if (old.method, &old.path) != (new.method, &new.path) || old.fixed_query != new.fixed_query {
            let detail = format!(
                "moved from `{} {}` to `{} {}`",
                old.method.as_str(),
                old.path_key,
                new.method.as_str(),
                new.path_key
            );
            self.push(Impact::Breaking, subject, detail);
        }
        self.parameters(subject, old, new);
        match (body_shape(old), body_shape(new)) {
            (None, Some((shape, required))) => {
                let impact = if required { Impact::Breaking } else { Impact::Additive };
                self.push(
                    impact,
                    subject,
                    format!("request body {shape} added{}", if required { ", required" } else { "" }),
                );
            }
            (Some((shape, _)), None) => self.push(Impact::Breaking, subject, format!("request body {shape} removed")),
            (Some(a), Some(b)) if a != b => {
                let detail = format!("request body changed from {} to {}", a.0, b.0);
                self.push(
                    Impact::Breaking,
                    subject,
                    if a.1 != b.1 { format!("{detail} (required: {} -> {})", a.1, b.1) } else { detail },
                );
            }
            _ => {}
        }
        self.responses(subject, old, new);
        let alternatives = |op: &Operation| op.security.iter().map(|a| a.rust_name.clone()).collect::<BTreeSet<_>>();
        let (before, after) = (alternatives(old), alternatives(new));
        for gone in before.difference(&after) {
            self.push(Impact::Breaking, subject, format!("no longer accepts credentials `{gone}`"));
        }
        for added in after.difference(&before) {
            self.push(Impact::Additive, subject, format!("now accepts credentials `{added}`"));
        }
    }

    fn parameters(&mut self, subject: &str, old: &Operation, new: &Operation) {
        let key = |p: &Parameter| (p.location, p.wire_name.to_ascii_lowercase());
        let location = |l: ParamLocation| format!("{l:?}").to_lowercase();
        for p in &old.params {
            let what = format!("{} parameter {}", location(p.location), named(&p.wire_name, &p.rust_name));
            match new.params.iter().find(|q| key(q) == key(p)) {
                None => self.push(Impact::Breaking, subject, format!("{what} removed")),
                Some(q) => {
                    if std::mem::discriminant(&p.role) != std::mem::discriminant(&q.role) {
                        self.push(Impact::Breaking, subject, format!("{what} changed from {} to {}", role(p), role(q)));
                    }
                    if p.ty != q.ty {
                        self.push(
                            Impact::Breaking,
                            subject,
                            format!("{what} retyped from {} to {}", show(&p.ty), show(&q.ty)),
                        );
                    }
                }
            }
        }
        for q in new.params.iter().filter(|q| !old.params.iter().any(|p| key(p) == key(q))) {
            let what = format!("{} parameter {}", location(q.location), named(&q.wire_name, &q.rust_name));
            let impact = if q.role == ParamRole::Argument { Impact::Breaking } else { Impact::Additive };
            self.push(impact, subject, format!("{what} added as {}", role(q)));
        }
    }

    fn responses(&mut self, subject: &str, old: &Operation, new: &Operation) {
        for r in &old.responses {
            match new.responses.iter().find(|s| s.status == r.status) {
                None => self.push(Impact::Breaking, subject, format!("response {} removed", r.status)),
                Some(s) if s.body != r.body => {
                    let body = |b: &Option<TypeRef>| b.as_ref().map(show).unwrap_or_else(|| "no body".to_owned());
                    let detail =
                        format!("response {} body changed from {} to {}", r.status, body(&r.body), body(&s.body));
                    self.push(Impact::Breaking, subject, detail);
                }
                Some(_) => {}
            }
        }
        for s in new.responses.iter().filter(|s| !old.responses.iter().any(|r| r.status == s.status)) {
            let body = s.body.as_ref().map(show).unwrap_or_else(|| "no body".to_owned());
            self.push(Impact::Additive, subject, format!("response {} ({body}) added", s.status));
        }
    }

    /// Webhook events, by type string: a removed event (now `Unknown`) and a changed payload break code
    /// that matches on it; a new event is additive.
    fn webhooks(&mut self, old: &Api, new: &Api) {
        for event in &old.webhooks {
            let subject = format!("webhook event `{}` (`Event::{}`)", event.event_type, event.variant);
            match new.webhooks.iter().find(|w| w.event_type == event.event_type) {
                None => self.push(Impact::Breaking, &subject, "removed: it now decodes as `Event::Unknown`".to_owned()),
                Some(now) if now.payload != event.payload => self.push(
                    Impact::Breaking,
                    &subject,
                    format!("payload retyped from {} to {}", show(&event.payload), show(&now.payload)),
                ),
                Some(now) if now.variant != event.variant => {
                    self.push(Impact::Breaking, &subject, format!("variant renamed to `Event::{}`", now.variant))
                }
                Some(_) => {}
            }
        }
        for event in new.webhooks.iter().filter(|w| !old.webhooks.iter().any(|o| o.event_type == w.event_type)) {
            let subject = format!("webhook event `{}` (`Event::{}`)", event.event_type, event.variant);
            self.push(Impact::Additive, &subject, format!("added, payload {}", show(&event.payload)));
        }
    }

    fn types(&mut self, old: &Api, new: &Api) {
        let sent = request_types(new);
        for (name, def) in &old.types {
            let subject = type_subject(def, name);
            match new.types.get(name) {
                None => self.push(Impact::Breaking, &subject, "removed".to_owned()),
                Some(other) => self.type_def(&subject, def, other, sent.contains(name)),
            }
        }
        for (name, def) in &new.types {
            if !old.types.contains_key(name) {
                self.push(Impact::Additive, &type_subject(def, name), "added".to_owned());
            }
        }
    }

    fn type_def(&mut self, subject: &str, old: &TypeDef, new: &TypeDef, sent: bool) {
        match (&old.kind, &new.kind) {
            (TypeKind::Struct { fields: a }, TypeKind::Struct { fields: b }) => self.fields(subject, a, b, sent),
            (TypeKind::Enum { variants: a }, TypeKind::Enum { variants: b }) => {
                let values = |v: &[crate::model::Variant]| {
                    v.iter().map(|x| (x.wire_value.clone(), x.rust_name.clone())).collect::<BTreeMap<_, _>>()
                };
                let (before, after) = (values(a), values(b));
                for (wire, rust) in &before {
                    if !after.contains_key(wire) {
                        self.push(Impact::Breaking, subject, format!("enum value {} removed", named(wire, rust)));
                    }
                }
                for (wire, rust) in &after {
                    if !before.contains_key(wire) {
                        self.push(Impact::Additive, subject, format!("enum value {} added", named(wire, rust)));
                    }
                }
            }
            (TypeKind::Union { variants: a, .. }, TypeKind::Union { variants: b, .. }) => {
                for v in a {
                    match b.iter().find(|w| w.rust_name == v.rust_name) {
                        None => self.push(
                            Impact::Breaking,
                            subject,
                            format!("member `{}` ({}) removed", v.rust_name, show(&v.ty)),
                        ),
                        Some(w) if w.ty != v.ty => self.push(
                            Impact::Breaking,
                            subject,
                            format!("member `{}` retyped from {} to {}", v.rust_name, show(&v.ty), show(&w.ty)),
                        ),
                        Some(_) => {}
                    }
                }
                for w in b.iter().filter(|w| !a.iter().any(|v| v.rust_name == w.rust_name)) {
                    self.push(Impact::Additive, subject, format!("member `{}` ({}) added", w.rust_name, show(&w.ty)));
                }
            }
            (TypeKind::Alias { target: a }, TypeKind::Alias { target: b }) if a != b => {
                self.push(Impact::Breaking, subject, format!("now {} instead of {}", show(b), show(a)));
            }
            (a, b) if std::mem::discriminant(a) != std::mem::discriminant(b) => {
                self.push(Impact::Breaking, subject, format!("changed from {} to {}", kind(a), kind(b)));
            }
            _ => {}
        }
    }

    fn fields(&mut self, subject: &str, old: &[Field], new: &[Field], sent: bool) {
        for f in old {
            let what = format!("field {}", named(&f.wire_name, &f.rust_name));
            let Some(g) = new.iter().find(|g| g.wire_name == f.wire_name) else {
                self.push(Impact::Breaking, subject, format!("{what} removed"));
                continue;
            };
            if f.ty != g.ty {
                self.push(Impact::Breaking, subject, format!("{what} retyped from {} to {}", show(&f.ty), show(&g.ty)));
            }
            if f.required != g.required || f.nullable != g.nullable {
                let shape = |x: &Field| match (x.required, x.nullable) {
                    (true, false) => "required",
                    (true, true) => "required, nullable",
                    (false, false) => "optional",
                    (false, true) => "optional, nullable",
                };
                // Only a change between `T` and `Option<T>` changes what code using the field must write.
                let impact = if f.is_option() != g.is_option() { Impact::Breaking } else { Impact::Additive };
                self.push(impact, subject, format!("{what} changed from {} to {}", shape(f), shape(g)));
            }
        }
        for g in new.iter().filter(|g| !old.iter().any(|f| f.wire_name == g.wire_name)) {
            let what = format!("field {}", named(&g.wire_name, &g.rust_name));
            let impact = if g.required && sent { Impact::Breaking } else { Impact::Additive };
            let side = if sent { "sent" } else { "received" };
            let shape = if g.required { "required" } else { "optional" };
            self.push(impact, subject, format!("{what} added ({shape}, {side}: {})", show(&g.ty)));
        }
    }
}

fn kind(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct { .. } => "a struct",
        TypeKind::Enum { .. } => "an enum",
        TypeKind::Alias { .. } => "an alias",
        TypeKind::Union { .. } => "a union",
    }
}

/// Every change from `old` to `new`, breaking first, then by subject.
pub fn diff(old: &Api, new: &Api) -> Report {
    let mut differ = Differ { changes: Vec::new() };
    differ.operations(old, new);
    differ.types(old, new);
    differ.webhooks(old, new);
    let mut changes = differ.changes;
    changes.sort();
    changes.dedup();
    let breaking = changes.iter().filter(|c| c.impact == Impact::Breaking).count();
    Report {
        old: format!("{} ({})", old.source, old.version),
        new: format!("{} ({})", new.source, new.version),
        breaking,
        additive: changes.len() - breaking,
        changes,
    }
}

impl Report {
    /// A few lines for a terminal: the counts, then the first `first` breaking and additive changes.
    pub fn summary(&self, first: usize) -> String {
        let mut out = format!("{} -> {}: {} breaking, {} additive", self.old, self.new, self.breaking, self.additive);
        for (impact, title) in [(Impact::Breaking, "breaking"), (Impact::Additive, "additive")] {
            let changes: Vec<&Change> = self.changes.iter().filter(|c| c.impact == impact).collect();
            for change in changes.iter().take(first) {
                out.push_str(&format!("\n  {title}: {}: {}", change.subject, change.detail));
            }
            if changes.len() > first {
                out.push_str(&format!("\n  ... and {} more {title}", changes.len() - first));
            }
        }
        out
    }

    /// The report as Markdown: a summary line, then one list item per change, grouped by subject.
    pub fn to_markdown(&self) -> String {
        let mut out = format!(
            "**{} breaking, {} additive** changes from {} to {}\n",
            self.breaking, self.additive, self.old, self.new
        );
        for impact in [Impact::Breaking, Impact::Additive] {
            let mut subject = None;
            let title = match impact {
                Impact::Breaking => "Breaking",
                Impact::Additive => "Additive",
            };
            let mut first = true;
            for change in self.changes.iter().filter(|c| c.impact == impact) {
                if first {
                    out.push_str(&format!("\n## {title}\n"));
                    first = false;
                }
                if subject != Some(&change.subject) {
                    out.push_str(&format!("\n- {}\n", change.subject));
                    subject = Some(&change.subject);
                }
                out.push_str(&format!("  - {}\n", change.detail));
            }
        }
        out
    }
}
