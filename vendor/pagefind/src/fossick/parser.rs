use lazy_static::lazy_static;
use lol_html::html_content::Element;
use lol_html::{element, text, HtmlRewriter, Selector, Settings};
use regex::Regex;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::default::Default;
use std::rc::Rc;

use crate::SearchOptions;

use super::normalize_content;

lazy_static! {
    static ref ALL_SPACES: Regex = Regex::new("\\s").unwrap();
    static ref SENTENCE_CHARS: Regex = Regex::new("[\\w'\"\\)\\$\\*]").unwrap();
}
lazy_static! {
    static ref ATTRIBUTE_MATCH: Regex =
        Regex::new("^\\s*(?P<name>[^:\\[\\]]+)\\[(?P<attribute>.+)\\]\\s*$").unwrap();
}

const SENTENCE_SELECTORS: &[&'static str] = &[
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "td", "div", "ul", "li", "article", "section",
];
const INLINE_SELECTORS: &[&'static str] = &[
    "a", "abbr", "acronym", "b", "bdo", "big", "br", "button", "cite", "code", "dfn", "em", "i",
    "img", "input", "kbd", "label", "map", "object", "output", "q", "samp", "script", "select",
    "small", "span", "strong", "sub", "sup", "textarea", "time", "tt", "var",
];
pub(super) const REMOVE_SELECTORS: &[&'static str] = &[
    "head", "style", "script", "noscript", "label", "form", "svg", "footer", "nav", "iframe",
    "template",
];
const SPACE_SELECTORS: &[&'static str] = &["br"];

// We aren't transforming HTML, just parsing, so we dump the output.
#[derive(Default)]
struct EmptySink;
impl lol_html::OutputSink for EmptySink {
    fn handle_chunk(&mut self, _: &[u8]) {}
}

/// Houses the HTML parsing instance and the internal data while parsing
pub struct DomParser<'a> {
    rewriter: HtmlRewriter<'a, EmptySink>,
    data: Rc<RefCell<DomParserData>>,
}

// The internal state while parsing,
// with a reference to the deepest HTML element
// that we're currently reading
#[derive(Default, Debug)]
pub(super) struct DomParserData {
    current_node: Rc<RefCell<DomParsingNode>>,
    filters: BTreeMap<String, Vec<String>>,
    sort: BTreeMap<String, String>,
    meta: BTreeMap<String, String>,
    default_meta: BTreeMap<String, String>,
    anchor_content: BTreeMap<String, String>,
    anchor_titles: BTreeMap<String, String>,
    language: Option<String>,
    has_html_element: bool,
    has_old_bundle_reference: bool,
    has_default_ui_reference: bool,
    /// Ids seen so far (anchors are numbered in document order).
    anchor_counter: usize,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum NodeStatus {
    Indexing,
    // Our content & children should not be indexed
    Ignored,
    // Our content & children should be excluded entirely
    // (including meta / filters)
    Excluded,
    Body,
    // There was a body element below us,
    // so our content should be ignored.
    ParentOfBody,
}

impl Default for NodeStatus {
    fn default() -> Self {
        Self::Indexing
    }
}

// A single HTML element that we're reading into.
// Contains a reference to the parent element,
// and since we collapse this tree upwards while we parse,
// we don't need to store tree structure.
#[derive(Default, Debug)]
pub(super) struct DomParsingNode {
    current_value: String,
    parent: Option<Rc<RefCell<DomParsingNode>>>,
    filter: Option<Vec<String>>,
    sort: Option<Vec<String>>,
    meta: Option<Vec<String>>,
    default_meta: Option<Vec<String>>,
    weight: Option<String>,
    anchor_ids: Option<Vec<String>>,
    status: NodeStatus,
}

/// The search-relevant data that was retrieved from the given input
#[derive(Debug)]
pub struct DomParserResult {
    pub digest: String,
    pub filters: BTreeMap<String, Vec<String>>,
    pub sort: BTreeMap<String, String>,
    pub meta: BTreeMap<String, String>,
    pub anchor_content: BTreeMap<String, String>,
    pub anchor_titles: BTreeMap<String, String>,
    pub has_custom_body: bool,
    pub force_inclusion: bool, // Include this page even if there is no body
    pub has_html_element: bool,
    pub has_old_bundle_reference: bool,
    pub has_default_ui_reference: bool,
    pub language: String,
}

// Some shorthand to clean up our use of Rc<RefCell<*>> in the lol_html macros
// From https://github.com/rust-lang/rfcs/issues/2407#issuecomment-385291238
macro_rules! enclose {
    ( ($( $x:ident ),*) $y:expr ) => {
        {
            $(let $x = $x.clone();)*
            $y
        }
    };
}

/// What pagefind reads from one start tag, whichever parser found it: the
/// lol_html rewriter ([`DomParser`]) or the strict reader of well-formed
/// pages (`fast_html`, careguide patch). Names are lowercase, values raw
/// (entities are decoded later, by `normalize_content`).
pub(super) trait TagView {
    fn tag_name(&self) -> String;
    fn has_attributes(&self) -> bool;
    /// Whether an attribute's name starts with `data-pagefind`.
    fn has_pagefind_attribute(&self) -> bool;
    /// lol_html's `get_attribute`: the first attribute whose name equals
    /// `name`, ASCII case-insensitively.
    fn get_attribute(&self, name: &str) -> Option<String>;
    fn has_attribute(&self, name: &str) -> bool {
        self.get_attribute(name).is_some()
    }
}

struct LolTag<'e, 'r, 't>(&'e Element<'r, 't>);

impl TagView for LolTag<'_, '_, '_> {
    fn tag_name(&self) -> String {
        self.0.tag_name()
    }
    fn has_attributes(&self) -> bool {
        !self.0.attributes().is_empty()
    }
    fn has_pagefind_attribute(&self) -> bool {
        self.0
            .attributes()
            .iter()
            .any(|a| a.name().starts_with("data-pagefind"))
    }
    fn get_attribute(&self, name: &str) -> Option<String> {
        self.0.get_attribute(name)
    }
    fn has_attribute(&self, name: &str) -> bool {
        self.0.has_attribute(name)
    }
}

impl<'a> DomParser<'a> {
    pub fn new(options: &'a SearchOptions) -> Self {
        let data = Rc::new(RefCell::new(DomParserData::default()));
        let root = format!("{}, {} *", options.root_selector, options.root_selector);
        let mut custom_exclusions = options.exclude_selectors.clone();
        custom_exclusions.extend(REMOVE_SELECTORS.iter().map(|s| s.to_string()));
        let custom_exclusions = custom_exclusions
            .iter()
            .filter_map(|e| {
                let selector = format!("{} {}", options.root_selector, e);
                match selector.parse::<Selector>() {
                    Ok(_) => Some(selector),
                    Err(error) => {
                        options.logger.warn(format!(
                            "Ignoring the exclude selector {e:?}, which Pagefind can't parse: {error}. Indexing will continue without it."
                        ));
                        None
                    }
                }
            })
            .collect::<Vec<_>>()
            .join(", ");

        // The handlers' work is in `DomParserData`'s methods, shared with
        // the strict reader in `fast_html` (careguide patch).
        let rewriter = HtmlRewriter::new(
            vec![
                enclose! { (data) element!("html", move |el| {
                    data.borrow_mut().html_element(&LolTag(el));
                    Ok(())
                })},
                enclose! { (data) element!(root, move |el| {
                    let can_have_content = el.end_tag_handlers().is_some();
                    let opened = data.borrow_mut().open_element(&LolTag(el), can_have_content, options);
                    if let (Some((node, tag_name)), Some(handlers)) = (opened, el.end_tag_handlers()) {
                        handlers.push(Box::new(enclose! { (data) move |end| {
                            data.borrow_mut().close_element(&node, &tag_name, &end.name());
                            Ok(())
                        }}));
                    }
                    Ok(())
                })},
                // If we hit a selector that should be excluded, mark whatever the current node is as such
                enclose! { (data) element!(custom_exclusions, move |_el| {
                    data.borrow_mut().exclude_current();
                    Ok(())
                })},
                // Slap any text we encounter inside the body into the current node's current value
                enclose! { (data) text!(&options.root_selector, move |el| {
                    data.borrow_mut().text(el.as_str());
                    Ok(())
                })},
                // Dig into script and style references to see if they refer to pre-1.0 conventions
                // or the Default UI (pagefind-ui.js / pagefind-modular-ui.js)
                enclose! { (data) element!("script, link", move |el| {
                    data.borrow_mut().script_or_link(&LolTag(el));
                    Ok(())
                })},
            ]
            .into_iter()
            .fold(Settings::new().with_strict(false), |settings, handler| {
                settings.append_element_content_handler(handler)
            }),
            EmptySink::default(),
        );

        Self { rewriter, data }
    }

    /// Writes a chunk of data to the underlying HTML parser
    pub fn write(&mut self, data: &[u8]) -> Result<(), lol_html::errors::RewritingError> {
        self.rewriter.write(data)
    }

    /// Performs any post-processing and returns the summated search results
    pub fn wrap(self) -> DomParserResult {
        drop(self.rewriter); // Clears the extra Rcs on and within data
        Rc::try_unwrap(self.data).unwrap().into_inner().wrap()
    }
}

impl DomParserData {
    /// What was read, once the whole page has been.
    pub(super) fn wrap(self) -> DomParserResult {
        let mut data = self;
        let mut node = data.current_node;

        // Fallback: If we are left with a tree, collapse it up into the parents
        // until we get to the root node.
        while node.borrow().parent.is_some() {
            {
                let node = node.borrow();
                let mut parent = node.parent.as_ref().unwrap().borrow_mut();
                if parent.status != NodeStatus::ParentOfBody {
                    match node.status {
                        NodeStatus::Ignored | NodeStatus::Excluded => {}
                        NodeStatus::Indexing => {
                            parent.current_value.push_str(&node.current_value);
                        }
                        NodeStatus::Body | NodeStatus::ParentOfBody => {
                            parent.current_value.clear();
                            parent.current_value.push_str(&node.current_value);
                            parent.status = NodeStatus::ParentOfBody;
                        }
                    };
                }
            }
            let old_node = node.borrow();
            let new_node = Rc::clone(old_node.parent.as_ref().unwrap());
            drop(old_node);
            node = new_node;
        }

        if let Some(image) = data.meta.remove("auto_image") {
            let alt = data.meta.remove("auto_image_alt").unwrap_or_default();
            if !data.meta.contains_key("image") {
                data.meta.insert("image".into(), image);
                data.meta.insert("image_alt".into(), alt);
            }
        }

        if let Some(title) = data.meta.remove("auto_title") {
            if !data.meta.contains_key("title") {
                data.meta.insert("title".into(), title);
            }
        }
        if let Some(title) = data.meta.remove("auto_page_title") {
            if !data.meta.contains_key("title") {
                data.meta.insert("title".into(), title);
            }
        }

        // Merge the collected metadata over top of the defaults, if any
        data.default_meta.extend(data.meta);

        let node = node.borrow();

        DomParserResult {
            digest: normalize_content(&node.current_value),
            filters: data.filters,
            sort: data.sort,
            meta: data.default_meta,
            anchor_content: data.anchor_content,
            anchor_titles: data.anchor_titles,
            has_custom_body: node.status == NodeStatus::ParentOfBody,
            force_inclusion: false,
            has_html_element: data.has_html_element,
            has_old_bundle_reference: data.has_old_bundle_reference,
            has_default_ui_reference: data.has_default_ui_reference,
            language: data
                .language
                .filter(|lang| !lang.is_empty())
                .unwrap_or_else(|| "unknown".into()),
        }
    }
}


type NodeRef = Rc<RefCell<DomParsingNode>>;

/// The handlers of pagefind's parse (pagefind 1.6.0's closures in
/// `DomParser::new`, moved here unchanged in effect so that the strict
/// reader in `fast_html` runs exactly the same steps; careguide patch).
impl DomParserData {
    pub(super) fn html_element(&mut self, el: &impl TagView) {
        self.has_html_element = true;
        if let Some(lang) = el.get_attribute("lang") {
            self.language = Some(lang.to_lowercase());
        }
    }

    pub(super) fn exclude_current(&mut self) {
        self.current_node.borrow_mut().status = NodeStatus::Ignored;
    }

    pub(super) fn script_or_link(&mut self, el: &impl TagView) {
        let tag_name = el.tag_name();
        let (attr, ui_js, ui_modular) = match tag_name.as_str() {
            "script" => ("src", "pagefind-ui.js", "pagefind-modular-ui.js"),
            "link" => ("href", "pagefind-ui.css", "pagefind-modular-ui.css"),
            _ => return,
        };
        if let Some(value) = el.get_attribute(attr) {
            if value.starts_with("_pagefind") || value.contains("/_pagefind") {
                self.has_old_bundle_reference = true;
            }
            if value.contains(ui_js) || value.contains(ui_modular) {
                self.has_default_ui_reference = true;
            }
        }
    }

    /// Slap any text we encounter inside the body into the current node's current value
    pub(super) fn text(&mut self, element_text: &str) {
        let mut node = self.current_node.borrow_mut();
        node.current_value.push_str(element_text);

        let node_is_ignored =
            node.status == NodeStatus::Ignored || node.status == NodeStatus::Excluded;

        if node_is_ignored {
            return;
        }
        // The ids are borrowed, not copied for every text (careguide patch).
        for anchor_id in node.anchor_ids.iter().flatten() {
            if let Some(anchor_text) = self.anchor_content.get_mut(anchor_id) {
                anchor_text.push_str(element_text);
            } else {
                self.anchor_content
                    .insert(anchor_id.clone(), element_text.to_string());
            }
        }
    }

    /// A start tag inside the root: a new current node. Returns the node
    /// and its tag name when an end tag is to close it (`can_have_content`);
    /// an element without content is finished here. Long: pagefind's
    /// closure moved as it was, so that the patch reads as a move.
    pub(super) fn open_element(
        &mut self,
        el: &impl TagView,
        can_have_content: bool,
        options: &SearchOptions,
    ) -> Option<(NodeRef, String)> {
        // Most elements have no attributes, or none of
        // pagefind's: looking each one up costs a lowercased
        // copy of its name and a scan of the tag. (careguide
        // patch, see bench/README.md.)
        let attributed = el.has_attributes();
        let pagefind_attrs = attributed && el.has_pagefind_attribute();
        let pf = |name: &str| if pagefind_attrs { el.get_attribute(name) } else { None };
        let explicit_ignore_flag = pf("data-pagefind-ignore").map(|attr| {
            match attr.to_ascii_lowercase().as_str() {
                "" | "index" | "true" => NodeStatus::Ignored,
                "all" => NodeStatus::Excluded,
                _ => {
                    options.logger.warn(format!("data-pagefind-ignore value of \"{}\" is not valid. Expected no value, or one of: [index, all]. Assuming 'all' and excluding this element entirely.", attr));
                    NodeStatus::Excluded
                }
            }
        });
        let treat_as_body = pagefind_attrs && el.has_attribute("data-pagefind-body");
        let weight = pf("data-pagefind-weight").map(|attr| attr.to_string());
        let filter = pf("data-pagefind-filter").map(|attr| parse_attr_string(attr, el));
        let element_id = if attributed { el.get_attribute("id") } else { None }
            .map(|e| ALL_SPACES.replace_all(&e, "").to_string());
        let pagefind_title = pf("data-pagefind-title")
            .map(|title| normalize_content(&title))
            .filter(|title| !title.is_empty());
        let meta = pf("data-pagefind-meta").map(|attr| parse_attr_string(attr, el));
        let default_meta = pf("data-pagefind-default-meta").map(|attr| parse_attr_string(attr, el));
        let sort = pf("data-pagefind-sort").map(|attr| parse_attr_string(attr, el));
        let index_attrs: Option<Vec<String>> = pf("data-pagefind-index-attrs")
            .map(|attr| attr.split(',').map(|a| a.trim().to_string()).collect());
        let tag_name = el.tag_name();

        let status = if treat_as_body {
            NodeStatus::Body
        } else if let Some(explicit_ignore_flag) = explicit_ignore_flag {
            explicit_ignore_flag
        } else {
            NodeStatus::Indexing
        };

        let mut anchor_id = None;
        if status != NodeStatus::Excluded && status != NodeStatus::Ignored {
            if let Some(element_id) = element_id {
                let mut parent = self.current_node.borrow_mut();
                // Don't insert anchors if this node is outside of a body-tree
                if !(parent.status == NodeStatus::ParentOfBody
                    && status != NodeStatus::Body
                    && status != NodeStatus::ParentOfBody)
                {
                    let anchor_counter = self.anchor_counter;
                    parent.current_value.push_str(&format!(
                        " ___PAGEFIND_ANCHOR___{tag_name}:{anchor_counter}:{element_id} "
                    ));
                    anchor_id = Some(format!("{anchor_counter}:{element_id}"));
                    self.anchor_counter += 1;
                }
            }
        }

        if let (Some(anchor_id), Some(title)) = (&anchor_id, pagefind_title) {
            self.anchor_titles.insert(anchor_id.clone(), title);
        }

        if status != NodeStatus::Excluded {
            if let Some(attrs) = index_attrs {
                let mut parent = self.current_node.borrow_mut();
                for attr in attrs {
                    let mut value = el.get_attribute(attr.trim()).unwrap_or_default();
                    if value.chars().last().is_some_and(is_sentence_char) {
                        value.push('.');
                    }
                    parent.current_value.push(' ');
                    parent.current_value.push_str(&value);
                    parent.current_value.push(' ');
                }
            }
            // Handle adding spaces between words separated by <br/> tags and the like
            if SPACE_SELECTORS.contains(&tag_name.as_str()) {
                self.current_node.borrow_mut().current_value.push(' ');
            }
        }

        let node = {
            let parent_node = self.current_node.borrow();
            let parent_status = parent_node.status;

            let mut node_anchors = if parent_node.anchor_ids.is_some()
                && INLINE_SELECTORS.contains(&tag_name.as_str())
            {
                parent_node.anchor_ids.clone()
            } else {
                None
            };

            if let Some(this_node_anchor_id) = anchor_id {
                if let Some(existing) = node_anchors.as_mut() {
                    existing.push(this_node_anchor_id);
                } else {
                    node_anchors = Some(vec![this_node_anchor_id]);
                }
            }

            Rc::new(RefCell::new(DomParsingNode {
                parent: Some(Rc::clone(&self.current_node)),
                status: match parent_status {
                    NodeStatus::Excluded => parent_status,
                    _ => status,
                },
                filter,
                meta,
                default_meta,
                sort,
                anchor_ids: node_anchors,
                current_value: String::default(),
                weight,
            }))
        };
        self.current_node = Rc::clone(&node);

        if can_have_content {
            return Some((node, tag_name));
        }

        // Try to handle tags like <img /> which have no end tag,
        // and thus will never hit the logic to reset the current node.
        // TODO: This could still be missed for tags with implied ends?
        let node = node.borrow();
        if let Some(parent) = &node.parent {
            self.current_node = Rc::clone(parent);
        }

        // For fully-excluded elements, we want to bail before we
        // even get to filters or metadata.
        if node.status == NodeStatus::Excluded {
            return None;
        }

        self.collect_filters_and_meta(&node);

        // Try to capture the first image _after_ a title (if unset)
        if tag_name == "img"
            && !self.meta.contains_key("auto_image")
            && (self.meta.contains_key("auto_title") || self.meta.contains_key("title"))
        {
            if let Some(src) = el.get_attribute("src") {
                self.meta
                    .insert("auto_image".into(), normalize_content(&src));

                if let Some(alt) = el.get_attribute("alt") {
                    self.meta
                        .insert("auto_image_alt".into(), normalize_content(&alt));
                }
            }
        }
        None
    }

    /// Process filters & meta (valid on ignored elements too).
    fn collect_filters_and_meta(&mut self, node: &DomParsingNode) {
        if let Some(filters) = &node.filter {
            for filter in filters {
                if let Some((filter, value)) = node.get_attribute_pair(filter) {
                    match self.filters.get_mut(&filter) {
                        Some(filter_arr) => filter_arr.push(normalize_content(&value)),
                        None => {
                            self.filters
                                .insert(filter, vec![normalize_content(&value)]);
                        }
                    }
                }
            }
        }

        if let Some(sorts) = &node.sort {
            for sort in sorts {
                if let Some((sort, value)) = node.get_attribute_pair(sort) {
                    self.sort.insert(sort, value);
                }
            }
        }

        if let Some(metas) = &node.meta {
            for meta in metas {
                if let Some((meta, value)) = node.get_attribute_pair(meta) {
                    self.meta.insert(meta, value);
                }
            }
        }
        if let Some(metas) = &node.default_meta {
            for meta in metas {
                if let Some((meta, value)) = node.get_attribute_pair(meta) {
                    self.default_meta.insert(meta, value);
                }
            }
        }
    }

    /// The end tag of a node opened by [`Self::open_element`]: its content
    /// joins its parent's.
    pub(super) fn close_element(&mut self, node: &NodeRef, start_tag_name: &str, end_name: &str) {
        let mut node = node.borrow_mut();

        // When we reach an end tag, we need to
        // make sure to move focus back to the parent node.
        if let Some(parent) = &node.parent {
            self.current_node = Rc::clone(parent);
        }

        // For fully-excluded elements, we want to bail before we
        // even get to filters or metadata.
        if node.status == NodeStatus::Excluded {
            return;
        }

        self.collect_filters_and_meta(&node);

        // Try to capture the first title on the page (if unset)
        if start_tag_name == "h1"
            && !self.meta.contains_key("auto_title")
            && !node.current_value.trim().is_empty()
        {
            self.meta
                .insert("auto_title".into(), normalize_content(&node.current_value));
        }
        // Try to capture the actual title of the page as a fallback for later
        if start_tag_name == "title" && !self.meta.contains_key("auto_page_title") {
            self.meta
                .insert("auto_page_title".into(), normalize_content(&node.current_value));
        }

        // If we bail out now, the content won't be persisted anywhere
        // and the node + children will be dropped.
        if node.status == NodeStatus::Ignored {
            return;
        }

        let tag_name = end_name;
        if SENTENCE_SELECTORS.contains(&tag_name) {
            // For block elements, we want to make sure sentences
            // don't hug each other without whitespace.
            // We normalize repeated whitespace later, so we
            // can add this indiscriminately.
            node.current_value.insert(0, ' ');

            // Similarly, we want to separate block elements
            // with punctuation, so that the excerpts read nicely.
            // (As long as it doesn't already end with, say, a . or ?)
            if node.current_value.chars().last().is_some_and(is_sentence_char) {
                node.current_value.push('.');
            }
            node.current_value.push(' ');
        }

        if let Some(weight) = &node.weight {
            node.current_value = [
                " ___PAGEFIND_WEIGHT___",
                weight,
                " ",
                &node.current_value,
                " ___END_PAGEFIND_WEIGHT___ ",
            ]
            .concat();
        } else {
            let auto_weight = match tag_name {
                "h1" => Some("7"),
                "h2" => Some("6"),
                "h3" => Some("5"),
                "h4" => Some("4"),
                "h5" => Some("3"),
                "h6" => Some("2"),
                _ => None,
            };
            if let Some(auto_weight) = auto_weight {
                node.current_value = [
                    " ___PAGEFIND_AUTO_WEIGHT___",
                    auto_weight,
                    " ",
                    &node.current_value,
                    " ___END_PAGEFIND_WEIGHT___ ",
                ]
                .concat();
            }
        }

        // Huck all of the content we have onto the end of the
        // content that the parent node has (so far)
        // This will include all of our children's content,
        // and the order of tree traversal will mean that it
        // is inserted in the correct position in the parent's content.
        let mut parent = self.current_node.borrow_mut();

        // If the parent is a parent of a body, we don't want to append
        // any more content to it. (Unless, of course, we are representing another body)
        if parent.status == NodeStatus::ParentOfBody
            && node.status != NodeStatus::Body
            && node.status != NodeStatus::ParentOfBody
        {
            return;
        }
        match node.status {
            NodeStatus::Ignored | NodeStatus::Excluded => {}
            NodeStatus::Indexing => {
                parent.current_value.push_str(&node.current_value);
            }
            NodeStatus::Body | NodeStatus::ParentOfBody => {
                // If our parent is already a parent of a body, then
                // we're probably a subsequent body. Avoid clearing it out.
                if parent.status != NodeStatus::ParentOfBody {
                    parent.current_value.clear();
                }
                parent.current_value.push_str(&node.current_value);
                parent.status = NodeStatus::ParentOfBody;
            }
        };
    }
}

/// `SENTENCE_CHARS` (`[\w'"\)\$\*]`) for one character, without making a
/// string of it, and without the regex for ASCII (careguide patch).
fn is_sentence_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || matches!(c, '_' | '\'' | '"' | ')' | '$' | '*');
    }
    let mut buf = [0u8; 4];
    SENTENCE_CHARS.is_match(c.encode_utf8(&mut buf))
}

fn parse_attr_string(input: String, el: &impl TagView) -> Vec<String> {
    if let Some((attrs, literal)) = input.split_once(':') {
        let mut attrs = parse_attr_string(attrs.to_owned(), el);
        if let Some(last) = attrs.last_mut() {
            last.push(':');
            last.push_str(literal);
        }
        return attrs;
    }
    input
        .split(',')
        .map(|chunk| {
            let chunk = chunk.trim();
            if let Some(value) = ATTRIBUTE_MATCH.captures(chunk) {
                let name = value.name("name").unwrap().as_str().to_owned();
                let attr = value.name("attribute").unwrap().as_str().to_owned();
                format!("{}:{}", name, el.get_attribute(&attr).unwrap_or_default())
            } else {
                chunk.to_owned()
            }
        })
        .collect()
}

impl DomParsingNode {
    fn get_attribute_pair(&self, input: &str) -> Option<(String, String)> {
        match input.split_once(':') {
            Some((filter, value)) => Some((filter.to_owned(), normalize_content(&value))),
            None => {
                if self.current_value.is_empty() {
                    None
                } else {
                    Some((input.to_owned(), normalize_content(&self.current_value)))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_chars_as_the_regex() {
        for c in (0..0x3000u32).filter_map(char::from_u32) {
            assert_eq!(
                is_sentence_char(c),
                SENTENCE_CHARS.is_match(&c.to_string()),
                "{c:?}"
            );
        }
    }

    #[test]
    fn get_filter_from_node() {
        let mut node = DomParsingNode::default();

        assert_eq!(node.get_attribute_pair("color"), None);

        node.current_value = "White".into();
        assert_eq!(
            node.get_attribute_pair("color"),
            Some(("color".into(), "White".into()))
        );

        assert_eq!(
            node.get_attribute_pair("color:auburn"),
            Some(("color".into(), "auburn".into()))
        );

        assert_eq!(
            node.get_attribute_pair("color:ye:llow"),
            Some(("color".into(), "ye:llow".into()))
        );
    }

    fn test_raw_parse(input: Vec<&'static str>) -> DomParserResult {
        use clap::CommandFactory;
        let config_args = vec![twelf::Layer::Clap(
            crate::PagefindInboundConfig::command().get_matches_from(vec![
                "pagefind",
                "--source",
                "not_important",
            ]),
        )];
        let config =
            SearchOptions::load(crate::PagefindInboundConfig::with_layers(&config_args).unwrap())
                .unwrap();
        let mut rewriter = DomParser::new(&config);
        for line in input {
            let _ = rewriter.write(line.as_bytes());
        }
        rewriter.wrap()
    }

    fn test_parse(mut input: Vec<&'static str>) -> DomParserResult {
        input.insert(0, "<html><body>");
        input.push("</body></html>");
        test_raw_parse(input)
    }

    fn test_parse_with_exclusions(
        mut input: Vec<&'static str>,
        exclusions: &[&'static str],
    ) -> DomParserResult {
        use clap::CommandFactory;
        let mut args = vec!["pagefind", "--source", "not_important"];
        for exclusion in exclusions {
            args.push("--exclude-selectors");
            args.push(exclusion);
        }
        let config_args = vec![twelf::Layer::Clap(
            crate::PagefindInboundConfig::command().get_matches_from(args),
        )];
        let config =
            SearchOptions::load(crate::PagefindInboundConfig::with_layers(&config_args).unwrap())
                .unwrap();
        let mut rewriter = DomParser::new(&config);
        input.insert(0, "<html><body>");
        input.push("</body></html>");
        for line in input {
            let _ = rewriter.write(line.as_bytes());
        }
        rewriter.wrap()
    }

    #[test]
    fn unsupported_exclude_selector_does_not_halt_indexing() {
        let data = test_parse_with_exclusions(
            vec!["<p>Kept</p>", "<div class='ad'>Dropped</div>"],
            &[":not(.a b)", ".ad"],
        );

        assert_eq!(data.digest, "Kept.");
    }

    #[test]
    fn words_weights() {
        let data = test_parse(vec![
            "<p>Weight one</p>",
            "<p data-pagefind-weight='2'>Weight two</p>",
        ]);

        assert_eq!(
            data.digest,
            "Weight one. ___PAGEFIND_WEIGHT___2 Weight two. ___END_PAGEFIND_WEIGHT___"
        )
    }

    #[test]
    fn words_ids() {
        let data = test_parse(vec![
            "<p>Sentence one</p>",
            "<br id='break' />",
            "<p id='pid'>Sentence two</p>",
        ]);

        assert_eq!(
            data.digest,
            "Sentence one. ___PAGEFIND_ANCHOR___br:0:break ___PAGEFIND_ANCHOR___p:1:pid Sentence two."
        )
    }

    #[test]
    fn explicit_anchor_titles() {
        let data = test_parse(vec![
            "<section id='usage' data-pagefind-title='Installation &amp; Usage'>",
            "<h2>Installation and usage</h2>",
            "</section>",
        ]);

        assert_eq!(
            data.anchor_titles.get("0:usage"),
            Some(&"Installation & Usage".to_owned())
        );
    }

    #[test]
    fn block_tag_formatting() {
        let data = test_parse(vec![
            "<p>Sentences should have periods</p>",
            "<p>Unless one exists.</p>",
            "<div>Or it ends with punctuation:</div>",
            "<article>Except for 'quotes'</article>",
        ]);

        assert_eq!(
            data.digest,
            "Sentences should have periods. Unless one exists. Or it ends with punctuation: Except for 'quotes'."
        )
    }

    #[test]
    fn inline_tag_formatting() {
        let data = test_parse(vec![
            "<p>Inline tags like <span>span</span>",
            " and <b>bol",
            "d</b> shouldn't have periods</p>",
            "<p>And should n<i>o</i>t add any space.</p>",
        ]);

        assert_eq!(
            data.digest,
            "Inline tags like span and bold shouldn't have periods. And should not add any space."
        )
    }

    #[test]
    fn ignored_elements() {
        let data = test_parse(vec![
            "<p>Elements like:</p>",
            "<form>Should <b>not</b> be indexed</form>",
            "<p>forms</p>",
            "<div> As well as <div data-pagefind-ignore=''>",
            "Manually ignored <p>Elements</p></div>",
            "*crickets*</div>",
        ]);

        assert_eq!(data.digest, "Elements like: forms. As well as *crickets*.");
    }

    #[test]
    fn return_metadata() {
        let data = test_raw_parse(vec![
            "<html><head>",
            "<meta data-pagefind-meta='image[content]' content='/kitty.jpg' property='og:image'>",
            "</head><body>",
            "<div data-pagefind-meta='type:post'></div>",
            "<h1 data-pagefind-meta='headline'>Hello World</h1>",
            "<div>This post is <span data-pagefind-meta='adj'>hella</span> good.</div>",
            "<img data-pagefind-meta='hero[src]' src='/huzzah.png'>",
            "</body></html>",
        ]);

        assert_eq!(data.meta.get("image"), Some(&"/kitty.jpg".to_owned()));
        assert_eq!(data.meta.get("type"), Some(&"post".to_owned()));
        assert_eq!(data.meta.get("headline"), Some(&"Hello World".to_owned()));
        assert_eq!(data.meta.get("adj"), Some(&"hella".to_owned()));
        assert_eq!(data.meta.get("hero"), Some(&"/huzzah.png".to_owned()));
    }

    #[test]
    fn auto_image_metadata_decodes_entities() {
        let data = test_parse(vec![
            "<h1>Hello World</h1>",
            "<img src='/cat.png?width=400&amp;format=webp' alt='Cat &amp; dog'>",
        ]);

        assert_eq!(
            data.meta.get("image"),
            Some(&"/cat.png?width=400&format=webp".to_owned())
        );
        assert_eq!(data.meta.get("image_alt"), Some(&"Cat & dog".to_owned()));
    }

    #[test]
    fn return_complex_metadata() {
        let data = test_raw_parse(vec![
            "<html><body>",
            "<img data-pagefind-meta='cat[src], cat-alt[alt]' src='/cat.png' alt='cat pic'>",
            "<h1 class='why?' data-pagefind-meta='headline, classname[class]'>Hello World</h1>",
            "<div data-pagefind-meta='self[data-pagefind-meta], type:post'></div>",
            "<div data-pagefind-meta='incorrect:post, self[data-pagefind-meta]'></div>",
            "</body></html>",
        ]);

        assert_eq!(data.meta.get("cat"), Some(&"/cat.png".to_owned()));
        assert_eq!(data.meta.get("cat-alt"), Some(&"cat pic".to_owned()));
        assert_eq!(data.meta.get("headline"), Some(&"Hello World".to_owned()));
        assert_eq!(data.meta.get("classname"), Some(&"why?".to_owned()));
        assert_eq!(
            data.meta.get("self"),
            Some(&"self[data-pagefind-meta], type:post".to_owned())
        );
        assert_eq!(data.meta.get("type"), Some(&"post".to_owned()));
        assert_eq!(
            data.meta.get("incorrect"),
            Some(&"post, self[data-pagefind-meta]".to_owned())
        );
    }
}
