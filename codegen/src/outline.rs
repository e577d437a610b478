//! The outline: one line per server, credential, operation, parameter, response, type, field and variant.
//! Reviewers read its snapshot diff when a spec changes; it shows every naming decision next to the wire name.

use std::fmt::Write;

use crate::model::{Api, ParamRole, TypeKind, TypeRef};

pub fn outline(api: &Api) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "api {:?} version {} module {}", api.title, api.version, api.module);
    for server in &api.servers {
        let _ = writeln!(out, "server {} {}", server.name, server.url);
    }
    for scheme in &api.security_schemes {
        let _ = writeln!(out, "credential {} header {} as {}", scheme.key, scheme.header, scheme.rust_name);
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
            let _ = writeln!(out, "  param {location} {} as {}: {} ({role})", p.wire_name, p.rust_name, show(&p.ty));
        }
        if let Some(body) = &op.request_body {
            let _ = writeln!(
                out,
                "  body {} {}{}",
                body.content_type,
                match &body.kind {
                    crate::model::BodyKind::Json(ty) => show(ty),
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
        for r in &op.responses {
            let body = r.body.as_ref().map(show).unwrap_or_else(|| "no body".to_owned());
            let headers: Vec<_> = r.headers.iter().map(|h| format!("{}: {}", h.name, show(&h.ty))).collect();
            let _ = writeln!(out, "  response {} {body} [{}]", r.status, headers.join(", "));
        }
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

fn show(ty: &TypeRef) -> String {
    ty.to_string()
}
