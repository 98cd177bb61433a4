// Comfort for the catalogue managers' draft editor. Everything it does, the page also does without it:
// the add and remove buttons are submit buttons the server answers, and "Preview the form" redraws the
// page with the preview. With it, rows come and go in place and the preview follows the typing.
export {};

const PREVIEW_DELAY_MS = 400;

function rowsOf(button: HTMLButtonElement) {
  const box = button.closest<HTMLElement>("[data-rows]");
  const list = box?.querySelector<HTMLElement>(":scope > [data-row-list]");
  return box && list ? { box, list } : undefined;
}

function addRow(button: HTMLButtonElement, name: string): boolean {
  const found = rowsOf(button);
  const template = found?.box.querySelector<HTMLTemplateElement>(
    `:scope > template[data-template="${name}"]`,
  );
  if (!found || !template) return false;
  // Indexes only have to be new: the server reads the rows in order and numbers them again.
  const next = Number(found.list.dataset.next ?? found.list.children.length);
  const html = template.innerHTML
    .split("__i__")
    .join(String(next))
    .split("__n__")
    .join(String(next + 1));
  found.list.insertAdjacentHTML("beforeend", html);
  found.list.dataset.next = String(next + 1);
  found.list.lastElementChild
    ?.querySelector<HTMLElement>("input:not([type=hidden]), select, textarea")
    ?.focus();
  return true;
}

function removeRow(button: HTMLButtonElement): boolean {
  const found = rowsOf(button);
  const row = button.closest("[data-row]");
  if (!found || !row) return false;
  row.remove();
  found.box.querySelector<HTMLElement>(":scope > [data-add]")?.focus();
  return true;
}

function livePreview(form: HTMLFormElement): () => void {
  const target = form.querySelector<HTMLElement>("[data-preview]");
  const status = form.querySelector<HTMLElement>("[data-preview-status]");
  const area = form.querySelector<HTMLElement>("[data-form-editor]");
  const url = target?.dataset.preview;
  if (!target || !area || !url) return () => {};
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending: AbortController | undefined;

  const update = async () => {
    const body = new URLSearchParams();
    // Only the form definition (every name under "form.") and the CSRF token travel.
    new FormData(form).forEach((value, key) => {
      if (typeof value === "string" && (key === "_csrf" || key.startsWith("form."))) body.append(key, value);
    });
    pending?.abort();
    const mine = new AbortController();
    pending = mine;
    target.setAttribute("aria-busy", "true");
    try {
      const response = await fetch(url, {
        method: "POST",
        body,
        credentials: "same-origin",
        headers: { accept: "text/html" },
        signal: mine.signal,
      });
      if (!response.ok || pending !== mine) return;
      target.innerHTML = await response.text();
      if (status) status.textContent = status.dataset.previewStatus ?? "";
    } catch {
      // Aborted by newer typing, or offline: the Preview button still works.
    } finally {
      if (pending === mine) target.removeAttribute("aria-busy");
    }
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(update, PREVIEW_DELAY_MS);
  };
  area.addEventListener("input", schedule);
  area.addEventListener("change", schedule);
  return schedule;
}

const editor = document.querySelector<HTMLFormElement>("form[data-editor]");
if (editor) {
  const previewSoon = livePreview(editor);
  editor.addEventListener("click", (event) => {
    const button = (event.target as Element | null)?.closest<HTMLButtonElement>("button[name=op]");
    const [kind, list] = button?.value.split(":") ?? [];
    if (!button || !list) return;
    // Removing a page renumbers the pages the fields name: the server does that, so it is left to it.
    const done =
      kind === "add" ? addRow(button, list) : kind === "remove" && list !== "form.pages" && removeRow(button);
    if (!done) return;
    event.preventDefault();
    if (list.startsWith("form.")) previewSoon();
  });
}
