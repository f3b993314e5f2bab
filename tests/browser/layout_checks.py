"""Layout checks run in the page (page.evaluate) by the catalog and directory browser tests.

Each returns a list of what it found, readable in a failure message;
test_catalog_layout.py shows each finds the fault it looks for.
"""

# Boxes that scroll or clip and hold more than they show (text for screen readers only is left out).
CUT_OFF_BOXES = """
() => {
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\\s+/).join(".") : "");
  const found = [];
  for (const el of document.body.querySelectorAll("*")) {
    const style = getComputedStyle(el);
    const clips = (value) => ["auto", "scroll", "hidden", "clip"].includes(value);
    if (!clips(style.overflowX) && !clips(style.overflowY)) continue;
    if (el.clientWidth <= 1 || style.clipPath === "inset(50%)") continue;  // visually hidden on purpose
    if (el.getClientRects().length === 0) continue;  // not shown
    if (el.scrollWidth > el.clientWidth + 1) found.push(`${describe(el)}: ${el.scrollWidth}px of content in ${el.clientWidth}px`);
    else if (clips(style.overflowY) && el.scrollHeight > el.clientHeight + 1) found.push(`${describe(el)}: ${el.scrollHeight}px high in ${el.clientHeight}px`);
  }
  return found;
}
"""

# A word (a run without spaces, cut after a hyphen, dash or slash, where a line
# may end) whose glyphs sit on two lines. Addresses and file names may break
# anywhere, so they are left out: links showing an address, .break-anywhere,
# and anything shaped like a URL, an e-mail address or a file name.
BROKEN_WORDS = """
() => {
  const mayBreak = /^(https?:|www\\.|mailto:|doi:)|@|:\\/\\/|\\.[a-z0-9]{2,5}$/i;
  const skip = ".bare-url, .break-anywhere, a[href^='mailto:'], code, pre, script, style, noscript, .visually-hidden, svg";
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\\s+/).join(".") : "");
  const found = [];
  const range = document.createRange();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.parentElement || node.parentElement.closest(skip)) continue;
    const tokens = /\\S+/g;
    let token;
    while ((token = tokens.exec(node.data))) {
      if (mayBreak.test(token[0].replace(/[).,;:]+$/, ""))) continue;
      const pieces = /[^\\-\\u2010\\u2013\\u2014\\/]+[\\-\\u2010\\u2013\\u2014\\/]*|[\\-\\u2010\\u2013\\u2014\\/]+/g;
      let piece;
      while ((piece = pieces.exec(token[0]))) {
        const start = token.index + piece.index;
        range.setStart(node, start);
        range.setEnd(node, start + piece[0].length);
        const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0 && r.height > 0);
        if (rects.length < 2) continue;
        const first = rects[0];
        if (rects.some((r) => r.top >= first.bottom - 1)) found.push(`"${piece[0]}" in ${describe(node.parentElement)}`);
      }
    }
  }
  return found;
}
"""

# The rows the navigation's items sit on: [[item text, ...], ...], top to bottom.
NAV_ROWS = """
() => {
  const rows = [];
  for (const item of document.querySelectorAll(".site-nav li")) {
    const top = Math.round(item.getBoundingClientRect().top);
    const row = rows.find((r) => Math.abs(r.top - top) <= 2);
    if (row) row.items.push(item.textContent.trim()); else rows.push({ top, items: [item.textContent.trim()] });
  }
  return rows.sort((a, b) => a.top - b.top).map((r) => r.items);
}
"""
