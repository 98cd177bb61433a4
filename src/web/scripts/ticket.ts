// A ticket followed on a phone, kept current without reloading the page: every 15 s the page is
// fetched again and only its status line (a polite live region) is replaced, so a screen reader is not
// sent back to the top. Without JavaScript the page refreshes itself instead (a meta refresh in noscript).
export {};

const POLL_MS = 15_000;
const status = document.querySelector<HTMLElement>("[data-ticket-status]");

async function poll(): Promise<void> {
  try {
    const response = await fetch(location.href, { headers: { accept: "text/html" } });
    if (response.ok) {
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const next = page.querySelector<HTMLElement>("[data-ticket-status]");
      if (status && next && next.textContent !== status.textContent)
        status.replaceChildren(...next.childNodes);
    }
  } catch {
    // The network dropped: the next poll tries again.
  }
  setTimeout(poll, POLL_MS);
}

if (status) setTimeout(poll, POLL_MS);
