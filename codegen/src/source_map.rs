//! Where things are in a spec file: the line of every mapping key and sequence item, by JSON pointer, and
//! the mapping keys given twice. Built from the YAML event stream (JSON is read the same way), so it works
//! for both formats and for a file the typed loader rejects.

use std::collections::{BTreeMap, BTreeSet};

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::diagnostic::Pointer;

/// Lines by JSON pointer, and duplicate keys.
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    lines: BTreeMap<String, usize>,
    /// `(pointer of the duplicate, line)` for every mapping key met a second time.
    pub duplicates: Vec<(String, usize)>,
}

enum Frame {
    Map {
        at: Pointer,
        key: Option<String>,
        keys: BTreeSet<String>,
    },
    Seq {
        at: Pointer,
        index: usize,
    },
    /// A mapping used as a key (legal YAML, never in a spec): tracked only to stay balanced.
    Opaque,
}

struct Builder {
    map: SourceMap,
    stack: Vec<Frame>,
}

impl Builder {
    /// The pointer of the node that starts now, recording its line; `None` while reading a key.
    fn place(&mut self, scalar: Option<&str>, line: usize) -> Option<Pointer> {
        let Some(frame) = self.stack.last_mut() else {
            self.map.lines.insert("#".to_owned(), line);
            return Some(Pointer::root());
        };
        match frame {
            Frame::Map { at, key, keys } => match key.take() {
                Some(key) => Some(at.child(&key)),
                None => {
                    let name = scalar.unwrap_or("?").to_owned();
                    let pointer = at.child(&name);
                    if !keys.insert(name.clone()) {
                        self.map.duplicates.push((pointer.to_string(), line));
                    } else {
                        self.map.lines.insert(pointer.to_string(), line);
                    }
                    *key = Some(name);
                    None
                }
            },
            Frame::Seq { at, index } => {
                let pointer = at.child(*index);
                *index += 1;
                self.map.lines.insert(pointer.to_string(), line);
                Some(pointer)
            }
            Frame::Opaque => None,
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        let line = mark.line();
        match event {
            Event::Scalar(value, ..) => {
                self.place(Some(&value), line);
            }
            Event::Alias(_) => {
                self.place(None, line);
            }
            Event::MappingStart(..) => {
                let frame = match self.place(None, line) {
                    Some(at) => Frame::Map { at, key: None, keys: BTreeSet::new() },
                    None => Frame::Opaque,
                };
                self.stack.push(frame);
            }
            Event::SequenceStart(..) => {
                let frame = match self.place(None, line) {
                    Some(at) => Frame::Seq { at, index: 0 },
                    None => Frame::Opaque,
                };
                self.stack.push(frame);
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

impl SourceMap {
    /// Reads `text`. A file the parser rejects gives what was read before the problem.
    pub fn build(text: &str) -> SourceMap {
        let mut builder = Builder { map: SourceMap::default(), stack: Vec::new() };
        let _ = Parser::new_from_str(text).load(&mut builder, false);
        builder.map
    }

    /// The line of `pointer`, or of its nearest ancestor the map knows.
    pub fn line(&self, pointer: &str) -> Option<usize> {
        let mut current = pointer;
        loop {
            if let Some(line) = self.lines.get(current) {
                return Some(*line);
            }
            let cut = current.rfind('/')?;
            current = &current[..cut];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_lines_of_keys_and_items_in_yaml() {
        let text =
            "openapi: 3.0.0\npaths:\n  /a/{id}:\n    get:\n      parameters:\n        - name: id\n        - name: x\n";
        let map = SourceMap::build(text);
        assert_eq!(map.line("#/openapi"), Some(1));
        assert_eq!(map.line("#/paths/~1a~1{id}/get"), Some(4));
        assert_eq!(map.line("#/paths/~1a~1{id}/get/parameters/1"), Some(7));
        assert_eq!(map.line("#/paths/~1a~1{id}/get/parameters/1/schema/type"), Some(7));
        assert!(map.duplicates.is_empty());
    }

    #[test]
    fn finds_lines_and_duplicates_in_json() {
        let text = "{\n  \"info\": {\"title\": \"t\"},\n  \"paths\": {\n    \"/a\": {},\n    \"/a\": {}\n  }\n}\n";
        let map = SourceMap::build(text);
        assert_eq!(map.line("#/paths/~1a"), Some(4));
        assert_eq!(map.duplicates, [("#/paths/~1a".to_owned(), 5)]);
    }
}
