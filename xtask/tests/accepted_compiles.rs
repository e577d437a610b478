//! The invariant "an accepted spec gives a crate that compiles", over generated specs that mix every
//! construct the generator accepts, in every position: parameters of each location, style and shape, every
//! body media type, schemas of every kind (objects, arrays, maps, enums, unions, merges, recursion,
//! nullable), responses of every media type and status class, every credential kind, and real specs'
//! quirks. The specs become one crate (a module each), which must pass clippy with warnings denied.
//!
//! `PROPTEST_CASES` sets how many specs (default 24); `PROPTEST_SEED` (a number) picks another set.

mod common;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::{Map, Value, json};

const NAMES: [&str; 12] =
    ["id", "type", "self", "amount", "2fa", "order-id", "Status", "card_number", "created", "r#x", "items", "data"];

const DOCS: [&str; 5] = [
    "plain text",
    "- `A`: first\nlazily continued\n  - nested",
    "see https://example.com/x. And <b>html</b> [brackets]",
    "```\nunclosed fence",
    "# Heading\n1. one\n2) two",
];

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!({"type": "string"})),
        Just(json!({"type": "string", "format": "date-time", "nullable": true})),
        Just(json!({"type": "string", "enum": ["a", "b-c", "2d", "self"]})),
        Just(json!({"type": "integer", "format": "int64", "default": "10"})),
        Just(json!({"type": "number"})),
        Just(json!({"type": "boolean", "default": "false"})),
        Just(json!({"type": ["string", "null"]})),
        Just(json!({"type": "string", "format": "binary"})),
        Just(json!({})),
        Just(json!({"$ref": "#/components/schemas/Shared"})),
        Just(json!({"$ref": "#/components/schemas/Node"})),
        Just(json!({"$ref": "#/components/schemas/Color"})),
    ]
}

fn schema() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            (prop::collection::vec((0..NAMES.len(), inner.clone(), any::<bool>()), 1..4), 0..DOCS.len()).prop_map(
                |(fields, doc)| {
                    let mut properties = Map::new();
                    let mut required = Vec::new();
                    for (name, schema, is_required) in fields {
                        if is_required {
                            required.push(json!(NAMES[name]));
                        }
                        properties.insert(NAMES[name].to_owned(), schema);
                    }
                    json!({"type": "object", "description": DOCS[doc], "properties": properties, "required": required})
                }
            ),
            inner.clone().prop_map(|items| json!({"type": "array", "items": items})),
            inner.clone().prop_map(|values| json!({"type": "object", "additionalProperties": values})),
            prop::collection::vec(inner.clone(), 2..4).prop_map(|members| json!({"oneOf": members})),
            prop::collection::vec(inner.clone(), 2..3).prop_map(|members| json!({"anyOf": members})),
            inner.clone().prop_map(|extra| json!({"allOf": [{"$ref": "#/components/schemas/Shared"},
                {"type": "object", "properties": {"extra": extra}}]})),
            Just(json!({"type": "array", "enum": ["x", "y"], "items": {"type": "string"}})),
        ]
    })
}

fn parameter(index: usize) -> impl Strategy<Value = Value> {
    let styles = prop_oneof![
        Just(("query", "form", true)),
        Just(("query", "form", false)),
        Just(("query", "deepObject", true)),
        Just(("query", "pipeDelimited", false)),
        Just(("query", "spaceDelimited", false)),
        Just(("header", "simple", false)),
        Just(("header", "simple", true)),
        Just(("cookie", "form", true)),
    ];
    (styles, schema(), any::<bool>(), 0..NAMES.len()).prop_map(move |((location, style, explode), schema, required, name)| {
        let name = if location == "header" { format!("X-{}-{index}", NAMES[name].replace('#', "")) } else { format!("{}{index}", NAMES[name]) };
        json!({"name": name, "in": location, "style": style, "explode": explode, "required": required, "schema": schema})
    })
}

fn body() -> impl Strategy<Value = Option<Value>> {
    let object =
        || schema().prop_map(|s| json!({"type": "object", "properties": {"payload": s, "note": {"type": "string"}}}));
    prop_oneof![
        Just(None),
        schema().prop_map(|s| Some(json!({"required": true, "content": {"application/json": {"schema": s}}}))),
        object().prop_map(|s| Some(json!({"content": {"application/x-www-form-urlencoded": {"schema": s,
            "encoding": {"payload": {"style": "deepObject", "explode": true}}}}}))),
        object().prop_map(|s| Some(json!({"required": true, "content": {"multipart/form-data": {"schema": s}}}))),
        Just(Some(json!({"required": true, "content": {"text/plain": {"schema": {"type": "string"}}}}))),
        Just(Some(
            json!({"content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}})
        )),
        Just(Some(json!({"content": {"application/xml": {}, "text/csv": {}}}))),
    ]
}

fn responses() -> impl Strategy<Value = Value> {
    let success = prop_oneof![
        schema().prop_map(|s| json!({"description": "ok", "content": {"application/json": {"schema": s}}})),
        Just(json!({"description": "csv", "content": {"text/csv": {"schema": {"type": "string"}}}})),
        Just(json!({"description": "pdf", "content": {"application/pdf": {}}})),
        Just(json!({"description": "none"})),
    ];
    let error = prop_oneof![
        schema().prop_map(|s| json!({"description": "error", "content": {"application/json": {"schema": s}}})),
        Just(json!({"description": "text", "content": {"text/plain": {"schema": {"type": "string"}}}})),
        Just(json!({"description": "none"})),
    ];
    (success, prop::collection::vec((0..5usize, error), 0..4)).prop_map(|(ok, errors)| {
        let mut map = Map::new();
        map.insert("200".to_owned(), ok);
        for (status, response) in errors {
            map.insert(["400", "404", "4XX", "5XX", "default"][status].to_owned(), response);
        }
        Value::Object(map)
    })
}

fn security() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!([])),
        Just(json!([{"key": []}])),
        Just(json!([{"bearer": []}, {"basic": []}])),
        Just(json!([{"queryKey": [], "cookieKey": []}])),
        Just(json!([{"oauth": ["read"]}])),
        Just(json!([{"digest": []}])),
    ]
}

fn operation(index: usize) -> impl Strategy<Value = (String, String, Value)> {
    let methods = prop_oneof![Just("get"), Just("post"), Just("put"), Just("delete"), Just("patch")];
    (
        methods,
        prop::collection::vec(parameter(index), 0..4),
        schema(),
        body(),
        responses(),
        security(),
        prop::option::of(prop_oneof![Just("Orders"), Just("Token Vault"), Just("soft POS")]),
    )
        .prop_map(move |(method, mut parameters, path_schema, body, responses, security, tag)| {
            let path = format!("/v1/r{index}/{{id{index}}}");
            parameters
                .push(json!({"name": format!("id{index}"), "in": "path", "required": true, "schema": path_schema}));
            let mut op = json!({"operationId": if index % 3 == 2 { "Same".to_owned() } else { format!("op{index}") },
                "parameters": parameters, "responses": responses, "security": security});
            if let Some(body) = body {
                op["requestBody"] = body;
            }
            if let Some(tag) = tag {
                op["tags"] = json!([tag]);
            }
            (path, method.to_owned(), op)
        })
}

fn spec() -> impl Strategy<Value = Value> {
    (prop::collection::vec(0..1usize, 1..5), schema()).prop_flat_map(|(count, shared)| {
        let ops: Vec<_> = (0..count.len()).map(operation).collect();
        (ops, Just(shared))
    })
    .prop_map(|(ops, shared)| {
        let mut paths = Map::new();
        for (path, method, op) in ops {
            let item = paths.entry(path).or_insert_with(|| json!({}));
            item[method] = op;
        }
        json!({
            "openapi": "3.0.3",
            "info": {"title": "Generated", "version": "1"},
            "servers": [{"url": "https://{region}.example.com", "variables": {"region": {"default": "eu", "enum": ["eu", "us"]}}}],
            "tags": {"Orders": {"description": "orders"}},
            "paths": paths,
            "components": {
                "schemas": {
                    "Shared": {"type": "object", "properties": {"shared_id": {"type": "string"}, "nested": shared}},
                    "Node": {"type": "object", "properties": {"value": {"type": "string"}, "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}, "next": {"$ref": "#/components/schemas/Node"}}},
                    "Color": {"type": "string", "enum": ["red", "green", 3]}
                },
                "securitySchemes": {
                    "key": {"type": "apiKey", "in": "header", "name": "x-api-key"},
                    "queryKey": {"type": "apiKey", "in": "query", "name": "api_key"},
                    "cookieKey": {"type": "apiKey", "in": "cookie", "name": "session"},
                    "bearer": {"type": "http", "scheme": "bearer"},
                    "basic": {"type": "http", "scheme": "basic"},
                    "digest": {"type": "http", "scheme": "digest"},
                    "oauth": {"type": "oauth2", "flows": {"implicit": {"authorizationUrl": "https://a.example.com", "scopes": {"read": "read"}}}}
                }
            }
        })
    })
}

#[test]
fn every_accepted_spec_gives_a_crate_that_passes_clippy() {
    let cases: usize = std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(16);
    let seed: u64 = std::env::var("PROPTEST_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(2026);
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &bytes);
    let mut runner = TestRunner::new_with_rng(Config::default(), rng);
    let strategy = spec();
    let mut sources = Vec::new();
    for case in 0..cases {
        let value = strategy.new_tree(&mut runner).expect("a spec").current();
        let text = serde_json::to_string_pretty(&value).expect("JSON");
        if let Ok(dir) = std::env::var("ACCEPTED_SPECS_DUMP") {
            std::fs::write(format!("{dir}/s{case:02}.json"), &text).expect("dump");
        }
        sources.push(codegen::SpecSource { name: format!("s{case:02}.json"), text });
    }
    if std::env::var("ACCEPTED_SPECS_DUMP").is_ok() {
        return;
    }
    // Each spec alone: accepted (with warnings), or refused with errors; the accepted ones make the crate.
    let options = codegen::Options { module_from: codegen::ModuleFrom::FileStem, ..codegen::Options::default() };
    let mut accepted = Vec::new();
    for source in sources {
        match codegen::generate(std::slice::from_ref(&source), &options) {
            Ok(_) => accepted.push(source),
            Err(diagnostics) => {
                assert!(diagnostics.has_errors(), "{} refused without an error", source.name);
                eprintln!("{} refused:\n{diagnostics}", source.name);
            }
        }
    }
    assert!(accepted.len() * 4 >= cases * 3, "only {} of {cases} generated specs were accepted", accepted.len());
    let root = xtask::workspace_root().expect("workspace root");
    let krate = match xtask::generate::plan_sources(&root, &accepted, "accepted-specs", options).expect("plan") {
        Ok(krate) => krate,
        Err(diagnostics) => panic!("{diagnostics}"),
    };
    let out = root.join("target/accepted-specs-crate");
    xtask::generate::write(&krate, &out).expect("write crate");
    for source in &accepted {
        std::fs::write(out.join(&source.name), &source.text).expect("keep the spec beside its module");
    }
    common::cargo(&out, &["clippy", "--quiet", "--all-features"]);
    common::cargo(&out, &["clippy", "--quiet", "--no-default-features"]);
}
