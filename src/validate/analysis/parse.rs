//! Parsing a hostile page within bounds: html5ever driven by hand, with a tree sink that counts
//! nodes and nesting and a token gate that stops feeding the tree builder once a bound is
//! crossed.
//!
//! Why: html5ever's scope walks over the stack of open elements are linear in its depth, so a
//! page of 100,000 unclosed `<div>`s costs 10¹⁰ steps. Browsers cap the depth (Blink at 512);
//! lpdir instead declares such a page too complex to judge, which a partner can fix and which
//! no real landing page comes near. The bounds are checked as the tree grows, so the cost of
//! a hostile page is at most that of a page at the bounds.

use html5ever::TokenizerResult;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::tree_builder::{
    ElementFlags, NodeOrText, QuirksMode, TreeBuilder, TreeBuilderOpts, TreeSink,
};
use html5ever::{Attribute, QualName};
use scraper::{Html, HtmlTreeSink};
use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::time::Instant;

type NodeId = ego_tree::NodeId;

/// How much of a page lpdir will analyse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bounds {
    /// Elements nested inside each other (Blink stops nesting at 512).
    pub max_depth: u32,
    /// Elements, text runs and comments in the whole page.
    pub max_nodes: usize,
}

impl Default for Bounds {
    fn default() -> Bounds {
        // The 130 real pages of the test corpus (../shared/corpus) nest at most 39 deep and
        // hold at most 24,275 nodes: the bounds leave ten times that room for real pages.
        Bounds {
            max_depth: 512,
            max_nodes: 250_000,
        }
    }
}

/// Why a page was not analysed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TooComplex {
    #[error("the page nests elements more than {0} deep")]
    Depth(u32),
    #[error("the page has more than {0} elements and text runs")]
    Nodes(usize),
    #[error("the page could not be analysed within its time")]
    Time,
}

/// Parses `html` into scraper's tree, or says which bound it crossed.
pub fn parse(html: &str, bounds: Bounds, deadline: Option<Instant>) -> Result<Html, TooComplex> {
    parse_counted(html, bounds, deadline).0
}

/// The work one parse did: bytes fed to the tokenizer and tokens passed to the tree builder.
/// A parse that crossed a bound stops early, and the tests count that instead of timing it.
#[derive(Debug, Default, Clone, Copy)]
#[cfg_attr(not(test), allow(dead_code, reason = "read by the tests only"))]
struct Work {
    fed: usize,
    built: usize,
}

fn parse_counted(
    html: &str,
    bounds: Bounds,
    deadline: Option<Instant>,
) -> (Result<Html, TooComplex>, Work) {
    // About one node per 24 bytes of a real page: sized so the map rarely grows.
    let capacity = (html.len() / 24).min(bounds.max_nodes);
    let sink = BoundedSink {
        inner: HtmlTreeSink::new(Html::new_document()),
        depth: RefCell::new(HashMap::with_capacity_and_hasher(
            capacity,
            Default::default(),
        )),
        nodes: Cell::new(0),
        over: Cell::new(None),
        bounds,
        deadline,
    };
    let gate = Gate {
        builder: TreeBuilder::new(sink, TreeBuilderOpts::default()),
        built: Cell::new(0),
    };
    let tokenizer = Tokenizer::new(gate, TokenizerOpts::default());
    let input = BufferQueue::default();
    // Fed in slices so that a crossed bound or deadline stops the tokenizer too, not just the
    // tree builder.
    let mut rest = html;
    let mut fed = 0;
    while !rest.is_empty() {
        let mut cut = rest.len().min(64 * 1024);
        while !rest.is_char_boundary(cut) {
            cut += 1;
        }
        input.push_back(StrTendril::from_slice(&rest[..cut]));
        rest = &rest[cut..];
        fed += cut;
        // A script end or an encoding indicator pauses the tokenizer; neither matters here
        // (the page is already decoded), so feed on until the slice is consumed.
        while !matches!(tokenizer.feed(&input), TokenizerResult::Done) {}
        if let Some(over) = tokenizer.sink.builder.sink.over.get() {
            let built = tokenizer.sink.built.get();
            return (Err(over), Work { fed, built });
        }
    }
    tokenizer.end();
    let gate = tokenizer.sink;
    let work = Work {
        fed,
        built: gate.built.get(),
    };
    if let Some(over) = gate.builder.sink.over.get() {
        return (Err(over), work);
    }
    (Ok(gate.builder.sink.inner.finish()), work)
}

/// Passes tokens to the tree builder until the sink has crossed a bound, then drops them.
struct Gate {
    builder: TreeBuilder<NodeId, BoundedSink>,
    /// Tokens passed on.
    built: Cell<usize>,
}

impl TokenSink for Gate {
    type Handle = NodeId;

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<NodeId> {
        if self.builder.sink.over.get().is_some() {
            return TokenSinkResult::Continue;
        }
        self.built.set(self.built.get() + 1);
        self.builder.process_token(token, line)
    }

    fn end(&self) {
        if self.builder.sink.over.get().is_none() {
            self.builder.end();
        }
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        self.builder
            .adjusted_current_node_present_but_not_in_html_namespace()
    }
}

/// Hashes a `NodeId`, a small sequential integer: a multiplication spreads it well enough,
/// and SipHash's protection against chosen keys is not needed for ids the parser assigns.
#[derive(Default)]
struct IdHasher(u64);

impl std::hash::Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3);
        }
    }
    fn write_usize(&mut self, n: usize) {
        self.0 = (n as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

type Depths = HashMap<NodeId, u32, std::hash::BuildHasherDefault<IdHasher>>;

/// scraper's sink, counting nodes and the depth each element is inserted at.
struct BoundedSink {
    inner: HtmlTreeSink,
    depth: RefCell<Depths>,
    nodes: Cell<usize>,
    over: Cell<Option<TooComplex>>,
    bounds: Bounds,
    deadline: Option<Instant>,
}

impl BoundedSink {
    fn depth_of(&self, node: &NodeId) -> u32 {
        self.depth.borrow().get(node).copied().unwrap_or(0)
    }

    fn count(&self) {
        let n = self.nodes.get() + 1;
        self.nodes.set(n);
        if n > self.bounds.max_nodes {
            self.over
                .set(Some(TooComplex::Nodes(self.bounds.max_nodes)));
        } else if n.is_multiple_of(1024) && self.deadline.is_some_and(|d| Instant::now() >= d) {
            self.over.set(Some(TooComplex::Time));
        }
    }

    /// Records that `child` now sits at `depth`, and whether that is too deep.
    fn place(&self, child: &NodeOrText<NodeId>, depth: u32) {
        self.count();
        if let NodeOrText::AppendNode(id) = child {
            self.depth.borrow_mut().insert(*id, depth);
            if depth > self.bounds.max_depth {
                self.over
                    .set(Some(TooComplex::Depth(self.bounds.max_depth)));
            }
        }
    }
}

impl TreeSink for BoundedSink {
    type Handle = NodeId;
    type Output = Html;
    type ElemName<'a> = <HtmlTreeSink as TreeSink>::ElemName<'a>;

    fn finish(self) -> Html {
        self.inner.finish()
    }
    fn parse_error(&self, _msg: Cow<'static, str>) {}
    fn get_document(&self) -> NodeId {
        self.inner.get_document()
    }
    fn elem_name<'a>(&'a self, target: &'a NodeId) -> Self::ElemName<'a> {
        self.inner.elem_name(target)
    }
    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> NodeId {
        self.inner.create_element(name, attrs, flags)
    }
    fn create_comment(&self, text: StrTendril) -> NodeId {
        self.inner.create_comment(text)
    }
    fn create_pi(&self, target: StrTendril, data: StrTendril) -> NodeId {
        self.inner.create_pi(target, data)
    }
    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        self.place(&child, self.depth_of(parent) + 1);
        self.inner.append(parent, child)
    }
    fn append_based_on_parent_node(
        &self,
        element: &NodeId,
        prev_element: &NodeId,
        child: NodeOrText<NodeId>,
    ) {
        self.place(
            &child,
            self.depth_of(element).max(self.depth_of(prev_element)) + 1,
        );
        self.inner
            .append_based_on_parent_node(element, prev_element, child)
    }
    fn append_doctype_to_document(&self, name: StrTendril, public: StrTendril, system: StrTendril) {
        self.inner.append_doctype_to_document(name, public, system)
    }
    fn get_template_contents(&self, target: &NodeId) -> NodeId {
        self.inner.get_template_contents(target)
    }
    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        x == y
    }
    fn set_quirks_mode(&self, mode: QuirksMode) {
        self.inner.set_quirks_mode(mode)
    }
    fn append_before_sibling(&self, sibling: &NodeId, new_node: NodeOrText<NodeId>) {
        self.place(&new_node, self.depth_of(sibling));
        self.inner.append_before_sibling(sibling, new_node)
    }
    fn add_attrs_if_missing(&self, target: &NodeId, attrs: Vec<Attribute>) {
        self.inner.add_attrs_if_missing(target, attrs)
    }
    fn remove_from_parent(&self, target: &NodeId) {
        self.inner.remove_from_parent(target)
    }
    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        self.inner.reparent_children(node, new_parent)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_real_page_parses_like_scraper_does() {
        let html = "<html><head><meta charset=utf-8><title>T</title><script>x</script></head><body><p>a<b>b</b><div>c</div></body></html>";
        let ours = parse(html, Bounds::default(), None).unwrap();
        assert_eq!(ours.html(), Html::parse_document(html).html());
    }

    #[test]
    fn deep_nesting_is_refused_quickly() {
        let html = "<div>".repeat(100_000);
        let (parsed, work) = parse_counted(&html, Bounds::default(), None);
        assert_eq!(parsed.unwrap_err(), TooComplex::Depth(512));
        // Quickly, counted as work: the tokenizer got one slice of the 500 KB, and the tree
        // builder no more tokens than it took to cross the bound.
        assert!(work.fed <= 64 * 1024, "{work:?}");
        assert!(work.built <= 600, "{work:?}");
        let html = "<h1><marquee>x".repeat(50_000);
        assert_eq!(
            parse(&html, Bounds::default(), None).unwrap_err(),
            TooComplex::Depth(512)
        );
    }

    #[test]
    fn many_nodes_are_refused() {
        let html = "<a href=x>y</a>".repeat(300_000);
        assert_eq!(
            parse(&html, Bounds::default(), None).unwrap_err(),
            TooComplex::Nodes(250_000)
        );
        let fine = "<a href=x>y</a>".repeat(1_000);
        assert!(parse(&fine, Bounds::default(), None).is_ok());
    }

    #[test]
    fn a_passed_deadline_stops_the_parse() {
        let html = "<p>x</p>".repeat(10_000);
        assert_eq!(
            parse(&html, Bounds::default(), Some(Instant::now())).unwrap_err(),
            TooComplex::Time
        );
    }
}
