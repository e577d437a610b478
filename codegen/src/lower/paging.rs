//! Cursor pagination, found from shapes alone (never from operation names). An operation pages when its
//! request and its success response fit one of these, unambiguously:
//! - a JSON body with `pagination.cursor` (a string), and a page with a top-level `cursor` (a string) and a
//!   `data` array (Cashfree's reconciliation and settlement lists);
//! - an optional query parameter `cursor` or `page_token` (a string), and a page with `next_cursor` or
//!   `next_page_token` (a string) and a `data` array, or else its only array, and maybe `has_more`;
//! - an optional query parameter `starting_after` (a string), and a page with `has_more` (a boolean) and a
//!   `data` array of objects with an `id` string (Stripe's lists: the next page starts after the last id).
//!
//! Anything else (two candidate arrays, a cursor that is not a string, an optional `pagination` object that
//! cannot be made empty) gets no paging: a wrong loop is worse than none.

use std::collections::BTreeMap;

use crate::model::{
    BodyKind, CursorPlace, Field, FieldStep, NextCursor, Operation, Paging, ParamLocation, ParamRole, TypeDef,
    TypeKind, TypeRef,
};

/// Sets the paging of every operation whose shapes say it pages.
pub(super) fn assign_paging(operations: &mut [Operation], types: &BTreeMap<String, TypeDef>) {
    for op in operations {
        op.paging = paging_of(op, types);
    }
}

fn paging_of(op: &Operation, types: &BTreeMap<String, TypeDef>) -> Option<Paging> {
    let page = op.responses.iter().find(|r| r.status.is_success())?.body.as_ref()?;
    let page = struct_fields(types, page)?;
    body_cursor(op, types, page).or_else(|| query_cursor(op, types, page))
}

/// The fields of the struct `ty` names.
fn struct_fields<'t>(types: &'t BTreeMap<String, TypeDef>, ty: &TypeRef) -> Option<&'t [Field]> {
    let TypeRef::Named(name) = ty else { return None };
    match &types.get(name)?.kind {
        TypeKind::Struct { fields } => Some(fields),
        _ => None,
    }
}

fn field<'f>(fields: &'f [Field], wire: &str) -> Option<&'f Field> {
    fields.iter().find(|f| f.wire_name == wire)
}

fn step(field: &Field) -> FieldStep {
    FieldStep { rust_name: field.rust_name.clone(), optional: field.is_option(), fill: false }
}

/// A string field named `wire`.
fn string_field<'f>(fields: &'f [Field], wire: &str) -> Option<&'f Field> {
    field(fields, wire).filter(|f| f.ty == TypeRef::String)
}

/// The page's items: its `data` array, else (when `only_array_allowed`) its one array field.
fn items_field(fields: &[Field], only_array_allowed: bool) -> Option<(&Field, &TypeRef)> {
    fn array(f: &Field) -> Option<&TypeRef> {
        match &f.ty {
            TypeRef::Array(item) => Some(&**item),
            _ => None,
        }
    }
    if let Some(data) = field(fields, "data") {
        return array(data).map(|item| (data, item));
    }
    if !only_array_allowed {
        return None;
    }
    let mut arrays = fields.iter().filter_map(|f| array(f).map(|item| (f, item)));
    let first = arrays.next()?;
    arrays.next().is_none().then_some(first)
}

/// `pagination.cursor` in the body, `cursor` and `data` in the page. A request without a body, or an
/// absent `pagination` that cannot be made empty, has no next page to ask for: its list is its first page.
fn body_cursor(op: &Operation, types: &BTreeMap<String, TypeDef>, page: &[Field]) -> Option<Paging> {
    let body = op.request_body.as_ref()?;
    let BodyKind::Json(body_type) = &body.kind else { return None };
    let pagination = field(struct_fields(types, body_type)?, "pagination")?;
    let pagination_fields = struct_fields(types, &pagination.ty)?;
    let cursor = string_field(pagination_fields, "cursor")?;
    let next = string_field(page, "cursor")?;
    let (items, item) = items_field(page, false)?;
    let body = FieldStep { rust_name: "body".to_owned(), optional: !body.required, fill: false };
    let pagination = FieldStep { fill: pagination_fields.iter().all(Field::is_option), ..step(pagination) };
    Some(Paging {
        cursor: CursorPlace::Body(vec![body, pagination, step(cursor)]),
        next: NextCursor::Field(step(next)),
        items: step(items),
        item: item.clone(),
        has_more: None,
    })
}

/// A query cursor: `cursor`/`page_token` with `next_cursor`/`next_page_token`, or `starting_after` with
/// `has_more` and the last item's `id`.
fn query_cursor(op: &Operation, types: &BTreeMap<String, TypeDef>, page: &[Field]) -> Option<Paging> {
    let param = |wire: &str| {
        op.params.iter().find(|p| {
            p.location == ParamLocation::Query
                && p.wire_name == wire
                && p.ty == TypeRef::String
                && p.role == ParamRole::Optional { default: None }
        })
    };
    let has_more = field(page, "has_more").filter(|f| f.ty == TypeRef::Boolean);
    for (query, next) in [("cursor", "next_cursor"), ("page_token", "next_page_token")] {
        let (Some(param), Some(next)) = (param(query), string_field(page, next)) else { continue };
        let (items, item) = items_field(page, true)?;
        return Some(Paging {
            cursor: CursorPlace::Query(FieldStep { rust_name: param.rust_name.clone(), optional: true, fill: false }),
            next: NextCursor::Field(step(next)),
            items: step(items),
            item: item.clone(),
            has_more: has_more.map(step),
        });
    }
    let param = param("starting_after")?;
    let has_more = has_more?;
    let (items, item) = items_field(page, false)?;
    let id = string_field(struct_fields(types, item)?, "id")?;
    Some(Paging {
        cursor: CursorPlace::Query(FieldStep { rust_name: param.rust_name.clone(), optional: true, fill: false }),
        next: NextCursor::LastItem(step(id)),
        items: step(items),
        item: item.clone(),
        has_more: Some(step(has_more)),
    })
}
