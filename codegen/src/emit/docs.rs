//! Spec descriptions as rustdoc: one `#[doc]` attribute per line, escaped so that `cargo doc` has nothing to
//! warn about and `cargo test` finds no doctest in them.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "..."]` attributes for `text`, or nothing when there is no text.
pub fn doc_attrs(text: Option<&str>) -> TokenStream {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else { return TokenStream::new() };
    let lines = sanitize(text);
    let attrs = lines.iter().map(|line| {
        let line = if line.is_empty() { String::new() } else { format!(" {line}") };
        quote!(#[doc = #line])
    });
    quote!(#(#attrs)*)
}

/// Lines of markdown that rustdoc renders without warnings and never compiles: no indented code blocks,
/// fences marked as text, bare URLs in angle brackets, stray `[`/`]` and `<`/`>` escaped.
pub fn sanitize(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_fence = false;
    // The content column of the list item the previous lines belong to: a line that continues the item
    // is indented to it (markdown reads an unindented one the same, but clippy asks for the indent).
    let mut list_item: Option<usize> = None;
    for raw in text.lines() {
        let raw = raw.replace('\t', "    ");
        let raw = raw.as_str();
        let line = raw.trim_start();
        if line.starts_with("```") {
            out.push(if in_fence { "```".to_owned() } else { "```text".to_owned() });
            in_fence = !in_fence;
            list_item = None;
            continue;
        }
        if in_fence {
            out.push(raw.trim_end().to_owned());
            continue;
        }
        let line = line.trim_end();
        if line.is_empty() || line.starts_with('#') {
            list_item = None;
            out.push(escape_line(line));
            continue;
        }
        match (list_marker_width(line), list_item) {
            (Some(width), _) => {
                list_item = Some(width);
                out.push(escape_line(line));
            }
            (None, Some(indent)) => out.push(format!("{}{}", " ".repeat(indent), escape_line(line))),
            (None, None) => out.push(escape_line(line)),
        }
    }
    if in_fence {
        out.push("```".to_owned());
    }
    out
}

/// The width of a list item's marker and the space after it (`- `, `* `, `+ `, `12. `, `3) `), if the line
/// starts one.
fn list_marker_width(line: &str) -> Option<usize> {
    if line.starts_with("- ") || line.starts_with("* ") || line.starts_with("+ ") {
        return Some(2);
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let rest = &line[digits..];
    (digits > 0 && digits < 10 && (rest.starts_with(". ") || rest.starts_with(") "))).then_some(digits + 2)
}

/// Escapes one line of prose. Markdown links `[text](url)` are kept; other brackets and angle brackets are
/// escaped; bare `http(s)://` URLs are wrapped in `<...>` so rustdoc links them.
fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line;
    while let Some(ch) = rest.chars().next() {
        if let Some(len) = markdown_link_len(rest) {
            let (link, tail) = rest.split_at(len);
            out.push_str(link);
            rest = tail;
            continue;
        }
        if rest.starts_with("http://") || rest.starts_with("https://") {
            let end = rest.find(|c: char| c.is_whitespace() || c == '<' || c == '>' || c == '"').unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':', ')']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url.len()..];
            continue;
        }
        match ch {
            '[' | ']' => {
                out.push('\\');
                out.push(ch);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '`' => {
                // Keep inline code as is when it closes on this line; otherwise escape the tick.
                if let Some(close) = rest[1..].find('`') {
                    out.push_str(&rest[..close + 2]);
                    rest = &rest[close + 2..];
                    continue;
                }
                out.push_str("\\`");
            }
            _ => out.push(ch),
        }
        rest = &rest[ch.len_utf8()..];
    }
    out
}

/// The length of a markdown link `[text](http...)` at the start of `s`, if there is one.
fn markdown_link_len(s: &str) -> Option<usize> {
    let rest = s.strip_prefix('[')?;
    let close = rest.find("](")?;
    let text = &rest[..close];
    if text.contains('[') || text.contains(']') {
        return None;
    }
    let after = &rest[close + 2..];
    if !(after.starts_with("http://") || after.starts_with("https://")) {
        return None;
    }
    let end = after.find(')')?;
    if after[..end].contains(char::is_whitespace) {
        return None;
    }
    Some(1 + close + 2 + end + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_prose() {
        let table = [
            ("plain text", "plain text"),
            ("see https://bit.ly/4glEd0W Help", "see <https://bit.ly/4glEd0W> Help"),
            ("[Token Vault](https://www.cashfree.com/docs/x).", "[Token Vault](https://www.cashfree.com/docs/x)."),
            ("array [1] and <br> tag", "array \\[1\\] and &lt;br&gt; tag"),
            ("`POST/orders` call", "`POST/orders` call"),
            ("snake_case and *stars*", "snake_case and *stars*"),
            ("a ` lone tick", "a \\` lone tick"),
        ];
        for (input, expected) in table {
            assert_eq!(escape_line(input), expected, "{input:?}");
        }
    }

    #[test]
    fn list_items_continue_indented() {
        let lines = sanitize("Statuses:\n- `ACTIVE`: active\nstill active\n1. first\nmore\n\nafter");
        assert_eq!(lines, ["Statuses:", "- `ACTIVE`: active", "  still active", "1. first", "   more", "", "after"]);
    }

    #[test]
    fn no_code_blocks_survive() {
        let lines = sanitize("Contains number of seconds\n    - Is 0 if within\n```\nlet x = 1;\n");
        assert_eq!(lines, ["Contains number of seconds", "- Is 0 if within", "```text", "let x = 1;", "```"]);
    }
}
