// The page as a visitor's browser holds it, serialised as HTML for lpdir's parser: the DOM
// after scripts, open shadow roots inlined in their hosts, elements the browser does not
// render in the body left out, script bodies dropped. Bounded in size, nodes and depth; the
// title is the one scripts set.
(function (maxChars, maxNodes, maxDepth) {
  const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link',
    'meta', 'source', 'track', 'wbr']);
  const out = [];
  let size = 0, nodes = 0, cut = false;
  const text = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const quoted = (s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  const put = (s) => {
    if (cut) return;
    size += s.length;
    if (size > maxChars) { cut = true; return; }
    out.push(s);
  };
  const attributes = (el) => {
    let s = '';
    for (const a of el.attributes) {
      if (/^[^\s"'>\/=<]+$/.test(a.name)) s += ' ' + a.name + '="' + quoted(a.value) + '"';
    }
    return s;
  };
  const shown = (el) => {
    try {
      return el.checkVisibility() || getComputedStyle(el).display === 'contents';
    } catch (e) {
      return true;
    }
  };
  function children(parent, depth, inBody) {
    for (let c = parent.firstChild; c && !cut; c = c.nextSibling) node(c, depth, inBody);
  }
  function node(n, depth, inBody) {
    if (cut) return;
    if (++nodes > maxNodes || depth > maxDepth) { cut = true; return; }
    if (n.nodeType === 3) { put(text(n.data)); return; }
    if (n.nodeType !== 1) return;
    const tag = n.localName;
    if (tag === 'script') { put('<script' + attributes(n) + '></script>'); return; }
    if (inBody && !shown(n)) return;
    put('<' + tag + attributes(n) + '>');
    if (VOID.has(tag)) return;
    if (tag === 'style') {
      put(n.textContent.replace(/<\//g, '<\\/'));
    } else if (tag !== 'template') {
      const body = inBody || tag === 'body';
      if (n.shadowRoot) children(n.shadowRoot, depth + 1, body);
      children(n, depth + 1, body);
    }
    put('</' + tag + '>');
  }
  if (document.documentElement) node(document.documentElement, 0, false);
  return { html: '<!DOCTYPE html>' + out.join(''), cut: cut, nodes: nodes };
})
