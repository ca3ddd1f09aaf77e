"""Does a page fit its window? One list of everything clipped or scrolling sideways.

Shared by the e2e tests of every page: `assert overflow_report(page) == []` after the page has
drawn, at each window size the test cares about. Each entry is one readable sentence naming the
element, so a failing assert says what to fix.
"""

from __future__ import annotations

# Measured in the page: a formula that needs its own scrollbar, a button whose label is cut
# (Streamlit ellipsises it, so scrollWidth > clientWidth on the label element), and the whole
# document scrolling sideways. One pixel of slack absorbs sub-pixel rounding.
_REPORT_JS = """() => {
  const out = [];
  const text = (el) => (el.innerText || el.textContent || '').trim().replace(/\\s+/g, ' ');
  // A button's words without its Material icons (whose ligature names are text too).
  const label = (b) => {
    const c = b.cloneNode(true);
    c.querySelectorAll('[data-testid="stIconMaterial"]').forEach((i) => i.remove());
    return text(c);
  };
  const short = (s) => (s.length > 60 ? s.slice(0, 57) + '...' : s);
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  for (const el of document.querySelectorAll('.katex-display')) {
    if (visible(el) && el.scrollWidth > el.clientWidth + 1) {
      const ann = el.querySelector('annotation');
      const tex = ann ? ann.textContent : text(el);
      out.push(`formula needs a sideways scroll (${el.scrollWidth}px in ${el.clientWidth}px): `
               + short(tex.trim()));
    }
  }
  for (const b of document.querySelectorAll('button')) {
    if (!visible(b)) continue;
    const candidates = [b, ...b.querySelectorAll('p, span, div')];
    for (const el of candidates) {
      if (!visible(el) || !text(el)) continue;
      if (el.scrollWidth > el.clientWidth + 1) {
        out.push(`button label is cut (${el.scrollWidth}px in ${el.clientWidth}px): `
                 + `"${short(label(b))}"`);
        break;
      }
    }
  }
  const doc = document.documentElement;
  if (doc.scrollWidth > doc.clientWidth + 1) {
    out.push(`the page scrolls sideways (${doc.scrollWidth}px wide in a `
             + `${doc.clientWidth}px window)`);
  }
  return out;
}"""


def overflow_report(page) -> list[str]:
    """Everything on the page that does not fit: formulas, button labels, the page itself.

    `page` is a Playwright Page that has finished drawing. Returns [] when everything fits;
    otherwise one string per problem, e.g. 'button label is cut (80px in 41px): "Step"'.
    """
    return page.evaluate(_REPORT_JS)
