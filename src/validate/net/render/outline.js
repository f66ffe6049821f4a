// Outlines the elements that hold a failing rule's evidence (text that names what the rule
// found, links and images by address), open shadow roots included, and answers the page's
// height for the screenshot.
(function (needles, urls, max) {
  const lower = needles.map((n) => n.toLowerCase()).filter((n) => n.length > 0);
  const marked = new Set();
  const mark = (el) => {
    if (!el || marked.size >= max || marked.has(el)) return;
    const tag = el.localName;
    if (tag === 'script' || tag === 'style' || tag === 'title' || tag === 'head') return;
    marked.add(el);
    el.style.setProperty('outline', '4px solid #d1002f', 'important');
    el.style.setProperty('outline-offset', '2px', 'important');
    el.style.setProperty('background-color', 'rgba(255, 214, 0, 0.45)', 'important');
  };
  const names = (s) => lower.some((n) => s.toLowerCase().includes(n));
  function walk(root) {
    const w = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    for (let n = w.nextNode(); n && marked.size < max; n = w.nextNode()) {
      if (n.nodeType === 3) {
        if (names(n.data)) mark(n.parentElement);
        continue;
      }
      if (n.shadowRoot) walk(n.shadowRoot);
      const address = n.href || n.currentSrc || n.src;
      if (typeof address === 'string' && urls.includes(address)) mark(n);
      const said = n.getAttribute('alt') || n.getAttribute('title');
      if (said && names(said)) mark(n);
    }
  }
  if (document.body) walk(document.body);
  const height = Math.max(
    document.documentElement ? document.documentElement.scrollHeight : 0,
    document.body ? document.body.scrollHeight : 0, 1);
  return { marked: marked.size, height: height };
})
