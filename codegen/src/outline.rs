//! The outline: one line per server, credential, operation, parameter, response, type, field and variant.
//! Reviewers read its snapshot diff when a spec changes; it shows every naming decision next to the wire name.

use std::fmt::Write;

use crate::model::{Api, ParamRole, ParamStyle, TypeKind, TypeRef};

pub fn outline(api: &Api) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "api {:?} version {} module {}", api.title, api.version, api.module);
    for server in &api.servers {
        let _ = writeln!(out, "server {} {}", server.name, server.url);
        for v in &server.variables {
            let allowed = if v.allowed.is_empty() { String::new() } else { format!(" of [{}]", v.allowed.join(", ")) };
            let _ = writeln!(out, "  variable {} as {} default {:?}{allowed}", v.name, v.rust_name, v.default);
        }
    }
    for scheme in &api.security_schemes {
        let _ = writeln!(out, "credential {} {} as {}", scheme.key, scheme.placement(), scheme.rust_name);
    }
    for op in &api.operations {
        let _ = writeln!(
            out,
            "operation {} {} {} as {} / {}{}",
            op.id,
            op.method.as_str(),
            op.path_key,
            op.fn_name,
            op.builder_name,
            if op.deprecated { " (deprecated)" } else { "" }
        );
        for (key, value) in &op.fixed_query {
            let _ = writeln!(out, "  fixed query {key}={value}");
        }
        for p in &op.params {
            let role = match &p.role {
                ParamRole::Argument => "argument".to_owned(),
                ParamRole::Optional { default: None } => "optional".to_owned(),
                ParamRole::Optional { default: Some(d) } => format!("optional, default {d:?}"),
                ParamRole::Fixed { value } => format!("fixed {value:?}"),
            };
            let location = format!("{:?}", p.location).to_lowercase();
            let secret = if p.sensitive { ", secret" } else { "" };
            let style = match p.style {
                ParamStyle::Form { explode: true } | ParamStyle::Simple { explode: false } => String::new(),
                other => format!(", {other:?}"),
            };
            let _ = writeln!(
                out,
                "  param {location} {} as {}: {} ({role}{secret}{style})",
                p.wire_name,
                p.rust_name,
                show(&p.ty)
            );
        }
        if let Some(body) = &op.request_body {
            let _ = writeln!(
                out,
                "  body {} {}{}",
                body.content_type,
                match &body.kind {
                    crate::model::BodyKind::Json(ty) => show(ty),
                    crate::model::BodyKind::UrlEncoded { ty, encodings } => {
                        let styles: Vec<_> = encodings.iter().map(|(k, s)| format!("{k}: {s:?}")).collect();
                        if styles.is_empty() { show(ty) } else { format!("{} [{}]", show(ty), styles.join(", ")) }
                    }
                    crate::model::BodyKind::Text => "String".to_owned(),
                    crate::model::BodyKind::Bytes => "Bytes".to_owned(),
                    crate::model::BodyKind::Multipart { form, fields } => {
                        let parts: Vec<_> = fields
                            .iter()
                            .map(|f| {
                                format!(
                                    "{} as {}: {:?}{}",
                                    f.wire_name,
                                    f.rust_name,
                                    f.kind,
                                    if f.required { "" } else { "?" }
                                )
                            })
                            .collect();
                        format!("{form} [{}]", parts.join(", "))
                    }
                },
                if body.required { "" } else { " (optional)" }
            );
        }
        let alternatives: Vec<_> = op.security.iter().map(|a| a.rust_name.as_str()).collect();
        if !alternatives.is_empty() {
            let _ = writeln!(out, "  security {}", alternatives.join(" | "));
        }
        for note in &op.notes {
            let _ = writeln!(out, "  note {note}");
        }
        if let Some(paging) = &op.paging {
            let _ = writeln!(out, "  {}", paging_line(paging));
        }
        for r in &op.responses {
            let body = match (&r.body, &r.media_type) {
                (Some(ty), Some(media)) if r.encoding != crate::model::Encoding::Json => {
                    format!("{} ({media})", show(ty))
                }
                (Some(ty), _) => show(ty),
                (None, _) => "no body".to_owned(),
            };
            let headers: Vec<_> = r.headers.iter().map(|h| format!("{}: {}", h.name, show(&h.ty))).collect();
            let _ = writeln!(out, "  response {} {body} [{}]", r.status, headers.join(", "));
        }
    }
    for webhook in &api.webhooks {
        let boxed = if webhook.boxed { " (boxed)" } else { "" };
        let _ = writeln!(
            out,
            "webhook {} as Event::{}: {}{boxed} (from {})",
            webhook.event_type,
            webhook.variant,
            show(&webhook.payload),
            webhook.key
        );
    }
    for def in api.types.values() {
        match &def.kind {
            TypeKind::Struct { fields } => {
                let _ = writeln!(out, "type struct {} from {}", def.rust_name, def.origin);
                for f in fields {
                    let shape = match (f.required, f.nullable) {
                        (true, false) => "required",
                        (true, true) => "required, nullable",
                        (false, false) => "optional",
                        (false, true) => "optional, nullable",
                    };
                    let secret = match (f.sensitive, f.boxed) {
                        (true, true) => ", sensitive, boxed",
                        (true, false) => ", sensitive",
                        (false, true) => ", boxed",
                        (false, false) => "",
                    };
                    let _ =
                        writeln!(out, "  field {} as {}: {} ({shape}{secret})", f.wire_name, f.rust_name, show(&f.ty));
                }
            }
            TypeKind::Enum { variants } => {
                let _ = writeln!(out, "type enum {} from {}", def.rust_name, def.origin);
                for v in variants {
                    let _ = writeln!(out, "  variant {:?} as {}", v.wire_value, v.rust_name);
                }
            }
            TypeKind::Union { variants, discriminator } => {
                let by = discriminator.as_deref().map(|d| format!(" by {d}")).unwrap_or_default();
                let _ = writeln!(out, "type union {}{by} from {}", def.rust_name, def.origin);
                for v in variants {
                    let boxed = if v.boxed { " (boxed)" } else { "" };
                    let _ = writeln!(
                        out,
                        "  member {} {:?} keys [{}] tags [{}] as {}{boxed}",
                        show(&v.ty),
                        v.kind,
                        v.keys.join(", "),
                        v.tags.join(", "),
                        v.rust_name
                    );
                }
            }
            TypeKind::Alias { target } => {
                let _ = writeln!(out, "type alias {} = {} from {}", def.rust_name, show(target), def.origin);
            }
        }
    }
    out
}

/// `pages cursor body.pagination.cursor <- page.cursor, items page.data: Vec<Item>`.
fn paging_line(paging: &crate::model::Paging) -> String {
    use crate::model::{CursorPlace, NextCursor};
    let path = |root: &str, steps: &[crate::model::FieldStep]| {
        steps.iter().fold(root.to_owned(), |out, s| format!("{out}.{}", s.rust_name.trim_start_matches("r#")))
    };
    let cursor = match &paging.cursor {
        CursorPlace::Body(steps) => path("request", steps),
        CursorPlace::Query(step) => format!("query {}", step.rust_name.trim_start_matches("r#")),
    };
    let next = match &paging.next {
        NextCursor::Field(step) => path("page", std::slice::from_ref(step)),
        NextCursor::LastItem(id) => format!("last item's {}", id.rust_name.trim_start_matches("r#")),
    };
    let more = paging.has_more.as_ref().map(|m| format!(", while page.{}", m.rust_name)).unwrap_or_default();
    format!(
        "pages cursor {cursor} <- {next}, items page.{}: Vec<{}>{more}",
        paging.items.rust_name.trim_start_matches("r#"),
        show(&paging.item)
    )
}

fn show(ty: &TypeRef) -> String {
    ty.to_string()
}
