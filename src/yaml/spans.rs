//! Where things were written in a YAML document: one [`Span`] type for every
//! reader (serde-saphyr here, `content::front_fast` for the common shape of
//! front matter), and [`Spans`], the place of every key and value by path.
//!
//! Errors found after parsing ("`summary` must not be empty", "form id
//! already used") point at the key or value through these, so no code has
//! to search the text for a line starting with `key:`.

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};

/// A 1-based line and column (in characters). Spans a reader returns are
/// relative to the YAML it read; [`Span::below`] makes them relative to the
/// file when the YAML does not start on the file's first line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    pub line: usize,
    pub column: usize,
}

impl Span {
    pub fn new(line: usize, column: usize) -> Span {
        Span { line, column }
    }

    /// This span, for YAML that starts on 1-based line `first_line` of its file.
    pub fn below(self, first_line: usize) -> Span {
        Span {
            line: self.line + first_line.max(1) - 1,
            column: self.column,
        }
    }
}

/// A value with the place its YAML was written. serde-saphyr's `Spanned`
/// fills it when deserializing; `front_fast` builds it directly (the
/// library's location type cannot be built outside it).
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = serde_saphyr::Spanned::<T>::deserialize(d)?;
        Ok(Spanned {
            value: s.value,
            span: Span::new(s.referenced.line() as usize, s.referenced.column() as usize),
        })
    }
}

/// The place of one key and of its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeySpan {
    pub key: Span,
    pub value: Span,
}

/// Every mapping key of a document by its path (`title`,
/// `review.period_months`, `sources.0.url`: list items are numbered from
/// 0), with where the key and its value were written, in document order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Spans(Vec<(String, KeySpan)>);

impl Spans {
    /// Record `path` (a later duplicate is ignored: the first one counts).
    pub fn push(&mut self, path: impl Into<String>, key: Span, value: Span) {
        let path = path.into();
        if self.get(&path).is_none() {
            self.0.push((path, KeySpan { key, value }));
        }
    }

    pub fn get(&self, path: &str) -> Option<KeySpan> {
        self.0.iter().find(|(p, _)| p == path).map(|(_, s)| *s)
    }

    /// Where the key at `path` is written.
    pub fn key(&self, path: &str) -> Option<Span> {
        self.get(path).map(|s| s.key)
    }

    /// Where the value at `path` starts.
    pub fn value(&self, path: &str) -> Option<Span> {
        self.get(path).map(|s| s.value)
    }

    /// The same spans, for YAML that starts on line `first_line` of its file.
    pub fn below(mut self, first_line: usize) -> Spans {
        for (_, s) in &mut self.0 {
            s.key = s.key.below(first_line);
            s.value = s.value.below(first_line);
        }
        self
    }

    /// The spans of a YAML document that has already parsed (so errors
    /// here cannot happen in practice; an unreadable document has none).
    pub fn of(yaml: &str) -> Spans {
        let mut spans = Spans::default();
        let mut options = super::options();
        // Only the shape is read: `.inf` is as good a scalar as any.
        options.non_finite_float_policy = serde_saphyr::NonFiniteFloatPolicy::AsString;
        if let Ok(node) = serde_saphyr::from_str_with_options::<Spanned<Node>>(yaml, options) {
            node.value.collect("", &mut spans);
        }
        spans
    }
}

/// A YAML document reduced to its shape, with the place of every key and
/// value: what [`Spans::of`] walks.
enum Node {
    Scalar,
    Map(Vec<(Spanned<Key>, Spanned<Node>)>),
    List(Vec<Spanned<Node>>),
}

impl Node {
    fn collect(self, prefix: &str, spans: &mut Spans) {
        let join = |name: &str| {
            if prefix.is_empty() {
                name.to_string()
            } else {
                format!("{prefix}.{name}")
            }
        };
        match self {
            Node::Scalar => {}
            Node::Map(entries) => {
                for (key, value) in entries {
                    let path = join(&key.value.0);
                    spans.push(path.clone(), key.span, value.span);
                    value.value.collect(&path, spans);
                }
            }
            Node::List(items) => {
                for (i, item) in items.into_iter().enumerate() {
                    item.value.collect(&join(&i.to_string()), spans);
                }
            }
        }
    }
}

/// A mapping key as text, whatever scalar it was written as (`~`, `1`, `yes`).
struct Key(String);

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(KeyVisitor)
    }
}

struct NodeVisitor;

/// Every scalar visit of [`NodeVisitor`] is the same: only the shape matters.
macro_rules! scalars {
    ($($name:ident: $ty:ty),*) => {
        $(fn $name<E: de::Error>(self, _: $ty) -> Result<Node, E> { Ok(Node::Scalar) })*
    };
}

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }

    scalars!(visit_bool: bool, visit_i64: i64, visit_u64: u64, visit_i128: i128, visit_u128: u128, visit_f64: f64, visit_str: &str, visit_bytes: &[u8]);

    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Scalar)
    }

    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Scalar)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        Node::deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::List(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(Node::Map(entries))
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a mapping key")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
        Ok(Key(v.to_string()))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Key, E> {
        Ok(Key(v.to_string()))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Key, E> {
        Ok(Key(v.to_string()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Key, E> {
        Ok(Key(v.to_string()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Key, E> {
        Ok(Key(v.to_string()))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Key, E> {
        Ok(Key(String::new()))
    }

    fn visit_none<E: de::Error>(self) -> Result<Key, E> {
        Ok(Key(String::new()))
    }

    /// A key that is itself a list or mapping has no name to look up.
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Key, A::Error> {
        while seq.next_element::<de::IgnoredAny>()?.is_some() {}
        Ok(Key(String::new()))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Key, A::Error> {
        while map
            .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
            .is_some()
        {}
        Ok(Key(String::new()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_values_are_placed_by_path() {
        let yaml = "title: T\nreview:\n  period_months: 12\nsources:\n  - title: A\n    url: https://a.example/\nsummary: >\n  folded\n";
        let s = Spans::of(yaml);
        assert_eq!(s.key("title"), Some(Span::new(1, 1)));
        assert_eq!(s.value("title"), Some(Span::new(1, 8)));
        assert_eq!(s.key("review.period_months"), Some(Span::new(3, 3)));
        assert_eq!(s.key("sources.0.url"), Some(Span::new(6, 5)));
        assert_eq!(s.value("sources.0.url"), Some(Span::new(6, 10)));
        assert_eq!(s.key("summary"), Some(Span::new(7, 1)));
        assert_eq!(s.key("nothing"), None);
        assert_eq!(s.below(2).key("title"), Some(Span::new(2, 1)));
    }

    #[test]
    fn a_key_written_twice_keeps_the_first_place_and_odd_keys_have_names() {
        let mut s = Spans::default();
        s.push("a", Span::new(1, 1), Span::new(1, 4));
        s.push("a", Span::new(2, 1), Span::new(2, 4));
        assert_eq!(s.key("a"), Some(Span::new(1, 1)));
        let s = Spans::of("~: off\n1: x\n.inf: y\nz: .nan\n");
        assert_eq!(s.key("z"), Some(Span::new(4, 1)));
        assert_eq!(s.key(""), Some(Span::new(1, 1)));
        assert_eq!(s.key("1"), Some(Span::new(2, 1)));
    }
}
