// Walking a page with the keyboard alone, as someone who cannot use a pointer does: Tab from the top
// through every control, noting what had the focus and whether it showed.
import type { Page } from "playwright-core";

/** At most this many Tabs on one page: past it, the page has a trap or is far too long. */
const MAX_TABS = 300;

export interface TabStop {
  /** The control, for a message: its tag, id or name, and the start of its text. */
  what: string;
  /** The skip link to the main content. */
  skip: boolean;
  /** An outline (or ring) shows where the focus is. */
  visibleFocus: boolean;
}

/** The element that has the focus now, marked with its order, or null when the focus left the page. */
function focused(page: Page, order: number): Promise<TabStop | null | "again"> {
  return page.evaluate((n) => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body || el === document.documentElement) return null;
    if (el.dataset.tabStop !== undefined) return "again";
    el.dataset.tabStop = String(n);
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== "none" && Number.parseFloat(style.outlineWidth) > 0;
    const ring = style.boxShadow !== "none";
    const name = el.id ? `#${el.id}` : el.getAttribute("name") ? `[name=${el.getAttribute("name")}]` : "";
    return {
      what: `${el.tagName.toLowerCase()}${name} “${(el.textContent ?? "").trim().slice(0, 30)}”`,
      skip: el.classList.contains("skip") && el.getAttribute("href") === "#main",
      visibleFocus: outline || ring,
    };
  }, order);
}

/**
 * Tabs through a page just loaded, from the top until the focus leaves the page or comes back to a
 * control it had: the stops in order, and the controls on show that Tab never reached. A radio group
 * is one stop (arrow keys move within it), so a radio counts as reached when one of its group was.
 */
export async function tabThrough(page: Page): Promise<{ stops: TabStop[]; unreached: string[] }> {
  const stops: TabStop[] = [];
  for (let n = 0; n < MAX_TABS; n++) {
    await page.keyboard.press("Tab");
    const stop = await focused(page, n);
    if (stop === "again" || (stop === null && stops.length > 0)) break;
    if (stop) stops.push(stop);
  }
  const unreached = await page.evaluate(() => {
    const controls = document.querySelectorAll<HTMLElement>(
      'a[href], button:not([disabled]), input:not([type="hidden"]):not([disabled]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])',
    );
    const reachedGroups = new Set(
      [...document.querySelectorAll<HTMLInputElement>('input[type="radio"][data-tab-stop]')].map(
        (r) => `${r.form?.action ?? ""}|${r.name}`,
      ),
    );
    const missed = [...controls].filter((el) => {
      if (el.dataset.tabStop !== undefined || el.tabIndex < 0) return false;
      if (el.getClientRects().length === 0 || getComputedStyle(el).visibility === "hidden") return false;
      const radio = el instanceof HTMLInputElement && el.type === "radio";
      return !(radio && reachedGroups.has(`${el.form?.action ?? ""}|${el.name}`));
    });
    for (const el of document.querySelectorAll<HTMLElement>("[data-tab-stop]")) delete el.dataset.tabStop;
    return missed.map(
      (el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""} ${el.outerHTML.slice(0, 80)}`,
    );
  });
  return { stops, unreached };
}

/** Presses Tab until a control matching `selector` has the focus; fails when a whole round finds none. */
export async function tabTo(page: Page, selector: string): Promise<void> {
  let left = 0;
  for (let n = 0; n < MAX_TABS; n++) {
    await page.keyboard.press("Tab");
    const state = await page.evaluate((s) => {
      const el = document.activeElement;
      return !el || el === document.body ? "outside" : el.matches(s) ? "found" : "other";
    }, selector);
    if (state === "found") return;
    if (state === "outside" && ++left > 1) break;
  }
  throw new Error(`Tab never reached ${selector} on ${page.url()}`);
}
