// Reflow (WCAG 1.4.10): at 320 CSS px a page scrolls only vertically. Shared by
// reflow.spec.ts (every route) and forms-layout.spec.ts (every form).
import type { Page } from "@playwright/test";

/**
 * Null when the page does not scroll sideways; otherwise what says so, naming the innermost
 * elements that stick out past the viewport's right edge, so a failure says what to fix.
 */
export async function horizontalOverflow(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const root = document.documentElement;
    // clientWidth leaves out a vertical scrollbar, so it is at most window.innerWidth: the
    // width the content really has.
    const viewport = root.clientWidth;
    if (root.scrollWidth <= viewport && root.scrollWidth <= window.innerWidth) return null;
    // An element's own box, or its text when that overflows the box (a long word).
    const right = (e: Element) => {
      const r = e.getBoundingClientRect();
      return getComputedStyle(e).overflowX === "visible" ? Math.max(r.right, r.left + e.scrollWidth) : r.right;
    };
    const sticksOut = (e: Element) => right(e) > viewport + 0.5;
    // Content inside a scroll container (a wide table in .table-wrap) scrolls there, not the page.
    const clipped = (e: Element) => {
      for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
        if (getComputedStyle(p).overflowX !== "visible") return true;
      }
      return false;
    };
    const describe = (e: Element) => {
      const self = (x: Element) => `${x.tagName.toLowerCase()}${x.classList.length ? "." + Array.from(x.classList).join(".") : ""}`;
      const parent = e.parentElement ? `${self(e.parentElement)} > ` : "";
      return `${parent}${self(e)} "${(e.textContent ?? "").trim().replace(/\s+/g, " ").slice(0, 40)}" (right edge ${Math.round(right(e))} px)`;
    };
    const widens = (e: Element) => sticksOut(e) && !clipped(e);
    const culprits = Array.from(document.querySelectorAll("body *"))
      .filter((e) => widens(e) && !Array.from(e.children).some(widens))
      .slice(0, 3)
      .map(describe);
    return `the page scrolls sideways (${root.scrollWidth} px wide in ${viewport} px): ${culprits.join(", ") || "no element found"}`;
  });
}
