//! Masking card numbers in text the client shows: digit runs that look like a payment card number (13 to
//! 19 digits, optionally grouped by single spaces or dashes, Luhn-valid) keep only their last four digits.
//! Applied to `Debug` and `Display` of errors and error bodies, to body excerpts, and to what the runtime
//! logs; the decoded values themselves keep the server's text.

use std::borrow::Cow;
use std::fmt;

const MIN_DIGITS: usize = 13;
const MAX_DIGITS: usize = 19;

/// One run of ASCII digits at `start..end` (byte offsets).
#[derive(Clone, Copy)]
struct Group {
    start: usize,
    end: usize,
}

impl Group {
    fn len(self) -> usize {
        self.end - self.start
    }
}

/// Whether the digits of `groups` (in order) pass the Luhn check.
fn luhn(bytes: &[u8], groups: &[Group]) -> bool {
    let mut sum = 0u32;
    let mut double = false;
    for group in groups.iter().rev() {
        for &b in bytes[group.start..group.end].iter().rev() {
            let mut d = u32::from(b - b'0');
            if double {
                d *= 2;
                if d > 9 {
                    d -= 9;
                }
            }
            sum += d;
            double = !double;
        }
    }
    sum.is_multiple_of(10)
}

/// The chains of digit groups joined by exactly one space or dash: `4111 1111-1111 1111` is one chain of
/// four groups.
fn chains(bytes: &[u8]) -> Vec<Vec<Group>> {
    let mut out: Vec<Vec<Group>> = Vec::new();
    let mut current: Vec<Group> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        let group = Group { start, end: i };
        let joined = current.last().is_some_and(|last| {
            start == last.end + 1 && matches!(bytes[last.end], b' ' | b'-') && last.end > last.start
        });
        if !joined && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        current.push(group);
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// The byte ranges of card numbers in `text`: in each chain, from left to right, the longest run of whole
/// groups with 13 to 19 digits that passes Luhn.
fn card_numbers(text: &str) -> Vec<Vec<Group>> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    for chain in chains(bytes) {
        let mut i = 0;
        while i < chain.len() {
            let mut best = None;
            let mut digits = 0;
            for j in i..chain.len() {
                digits += chain[j].len();
                if digits > MAX_DIGITS {
                    break;
                }
                if digits >= MIN_DIGITS && luhn(bytes, &chain[i..=j]) {
                    best = Some(j);
                }
            }
            match best {
                Some(j) => {
                    found.push(chain[i..=j].to_vec());
                    i = j + 1;
                }
                None => i += 1,
            }
        }
    }
    found
}

/// `text` with every card number masked to its last four digits (`************1111`, separators kept).
pub fn mask_card_numbers(text: &str) -> Cow<'_, str> {
    // Fast path: no run of 13 digits can hide in fewer digits.
    if text.bytes().filter(u8::is_ascii_digit).count() < MIN_DIGITS {
        return Cow::Borrowed(text);
    }
    let numbers = card_numbers(text);
    if numbers.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut bytes = text.as_bytes().to_vec();
    for groups in numbers {
        let total: usize = groups.iter().map(|g| g.len()).sum();
        let mut seen = 0;
        for group in groups {
            for b in &mut bytes[group.start..group.end] {
                seen += 1;
                if seen <= total - 4 {
                    *b = b'*';
                }
            }
        }
    }
    // Only ASCII digits were replaced by an ASCII `*`, so the bytes are still UTF-8.
    Cow::Owned(String::from_utf8(bytes).unwrap_or_default())
}

/// `Debug` of the wrapped value with card numbers masked.
pub struct Masked<'a, T: ?Sized>(pub &'a T);

impl<T: fmt::Debug + ?Sized> fmt::Debug for Masked<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = if f.alternate() { format!("{:#?}", self.0) } else { format!("{:?}", self.0) };
        f.write_str(&mask_card_numbers(&text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn_valid_card_numbers_are_masked_to_the_last_four() {
        let table = [
            ("card 4111111111111111 is not valid", "card ************1111 is not valid"),
            ("4111 1111 1111 1111", "**** **** **** 1111"),
            ("4111-1111-1111-1111.", "****-****-****-1111."),
            ("amex 378282246310005", "amex ***********0005"),
            ("maestro 6759649826438453", "maestro ************8453"),
            ("19 digits 4222222222222222224 end", "19 digits ***************2224 end"),
            ("pan:5500005555555559,", "pan:************5559,"),
        ];
        for (input, expected) in table {
            assert_eq!(mask_card_numbers(input), expected, "{input:?}");
        }
    }

    #[test]
    fn other_numbers_are_left_alone() {
        for text in [
            "order 4111111111111112 (Luhn fails)",
            "phone 9999999999",
            "amount 1234567890123",
            "id 41111111111111111111111 too long",
            "4111  1111  1111  1111 two spaces",
            "",
            "no digits at all",
        ] {
            assert_eq!(mask_card_numbers(text), text, "{text:?}");
        }
    }

    #[test]
    fn a_card_number_among_other_groups_is_found() {
        assert_eq!(mask_card_numbers("qty 2 4111 1111 1111 1111 7 items"), "qty 2 **** **** **** 1111 7 items");
        assert_eq!(mask_card_numbers("ref 12 4111111111111111"), "ref 12 ************1111");
    }

    #[test]
    fn masked_debug_keeps_the_rest() {
        #[derive(Debug)]
        struct Body {
            #[allow(dead_code, reason = "read through Debug only")]
            message: String,
        }
        let body = Body { message: "card 4111111111111111 is not valid".to_owned() };
        assert_eq!(format!("{:?}", Masked(&body)), r#"Body { message: "card ************1111 is not valid" }"#);
        assert!(format!("{:#?}", Masked(&body)).contains("************1111"));
    }
}
