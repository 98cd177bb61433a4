// The service point's outbox. Village connections drop: an intake the agent completes is kept on the
// device (IndexedDB, materials and signature included) and sent when the connection allows, each
// exactly once — its key travels with it, and the server answers a resend with the case it made. The
// page says which intakes wait and which are sent. Without this script the form posts as usual.
//
// The device keeps a villager's ID number, materials and signature no longer than it must: an intake
// leaves IndexedDB as soon as the server has it (the case is the server's to show from then on), and
// signing out empties the outbox and the service worker's copies of the agent's pages — the next
// person at a shared tablet finds nothing of the last one's.
export {};

const DB_NAME = "tongban-outbox";
const STORE = "intakes";
/** The service worker's caches (points-sw.ts), by the start of their names: every version of them. */
const PAGE_CACHES = "tongban-points";
const RETRY_MS = 30_000;

type Field = [name: string, value: string] | [name: string, value: Blob, fileName: string];

interface Intake {
  key: string;
  /** Where it is sent: the form's action, its CSRF token included. */
  action: string;
  /** The point's page, whose list shows it. */
  point: string;
  label: string;
  fields: Field[];
  state: "waiting" | "sent" | "refused";
  number?: string;
  problem?: string;
  createdAt: number;
}

const words = (
  document.documentElement.lang === "en"
    ? {
        waiting: "Waiting to send — kept on this device",
        sent: "Sent: case",
        refused: "Not accepted",
        saved: "Kept on this device; it is sent when the connection returns.",
        unsent:
          "{n} intake(s) could not be sent yet. Signing out deletes them from this device. Sign out anyway?",
      }
    : {
        waiting: "等待发送（已保存在本机）",
        sent: "已发送：办件",
        refused: "未被受理",
        saved: "已保存在本机，网络恢复后自动发送。",
        unsent: "还有 {n} 件收件未能发送。退出登录会把它们从本机删除。仍要退出吗？",
      }
) satisfies Record<string, string>;

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "key" });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function withStore<T>(
  mode: IDBTransactionMode,
  work: (store: IDBObjectStore) => IDBRequest<T>,
): Promise<T> {
  const db = await open();
  return new Promise((resolve, reject) => {
    const request = work(db.transaction(STORE, mode).objectStore(STORE));
    // Closes once the transaction is done: an open connection would hold up whoever clears the data.
    db.close();
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

const all = () => withStore<Intake[]>("readonly", (s) => s.getAll() as IDBRequest<Intake[]>);
const save = (intake: Intake) => withStore("readwrite", (s) => s.put(intake));
const remove = (key: string) => withStore("readwrite", (s) => s.delete(key));

/**
 * What this page sent, shown until it is left: the label and the case number, in memory only — the
 * server's worklist shows the case from now on.
 */
const sentHere: Intake[] = [];

let flushing: Promise<void> | undefined;

/** Sends every waiting intake, oldest first; a flush already running is waited for, not doubled. */
function flush(): Promise<void> {
  flushing ??= sendWaiting().finally(() => {
    flushing = undefined;
  });
  return flushing;
}

/** Stops at the first intake that cannot reach the server. */
async function sendWaiting(): Promise<void> {
  try {
    const waiting = (await all())
      .filter((i) => i.state === "waiting")
      .sort((a, b) => a.createdAt - b.createdAt);
    for (const intake of waiting) {
      const body = new FormData();
      for (const [name, value, fileName] of intake.fields) {
        if (typeof value === "string") body.append(name, value);
        else body.append(name, value, fileName);
      }
      let response: Response;
      try {
        response = await fetch(intake.action, {
          method: "POST",
          body,
          headers: { accept: "application/json" },
          credentials: "same-origin",
        });
      } catch {
        break; // Still offline: try again when the connection returns.
      }
      if (response.status >= 500) break;
      const answer = (await response.json().catch(() => ({}))) as {
        number?: string;
        title?: string;
        detail?: string;
      };
      if (response.ok) {
        await remove(intake.key);
        sentHere.push({ ...intake, fields: [], state: "sent", number: answer.number ?? "" });
      } else {
        // Kept, with the reason, until the agent signs out: it is to be taken in again.
        intake.state = "refused";
        intake.problem = answer.detail ?? answer.title ?? String(response.status);
        await save(intake);
      }
    }
  } finally {
    await show();
  }
}

function describe(intake: Intake): string {
  if (intake.state === "sent") return `${intake.label} — ${words.sent} ${intake.number ?? ""}`;
  if (intake.state === "refused") return `${intake.label} — ${words.refused}: ${intake.problem ?? ""}`;
  return `${intake.label} — ${words.waiting}`;
}

/** The point page's list of the device's intakes, newest first. */
async function show(): Promise<void> {
  const box = document.getElementById("outbox");
  const list = box?.querySelector("ul");
  if (!box || !list) return;
  const here = location.pathname.replace(/\/$/, "");
  const mine = [...(await all()), ...sentHere]
    .filter((i) => i.point === here)
    .sort((a, b) => b.createdAt - a.createdAt);
  list.replaceChildren(
    ...mine.map((intake) => {
      const item = document.createElement("li");
      item.dataset.state = intake.state;
      item.textContent = describe(intake);
      return item;
    }),
  );
  box.hidden = mine.length === 0;
}

/** The signature pad: drawn with a finger or a pen, sent as a PNG when anything was drawn. */
function signaturePad(form: HTMLFormElement): { take(): void; clear(): void } {
  const box = form.querySelector<HTMLElement>(".signature");
  const canvas = form.querySelector<HTMLCanvasElement>("#signature-pad");
  const input = form.querySelector<HTMLInputElement>("#signature");
  const context = canvas?.getContext("2d");
  for (const note of form.querySelectorAll<HTMLElement>(".no-js-only")) note.hidden = true;
  if (!box || !canvas || !input || !context) return { take() {}, clear() {} };
  box.hidden = false;
  context.lineWidth = 3;
  context.lineCap = "round";
  let drawn = false;
  let drawing = false;
  const at = (event: PointerEvent) => {
    const rect = canvas.getBoundingClientRect();
    return [
      ((event.clientX - rect.left) * canvas.width) / rect.width,
      ((event.clientY - rect.top) * canvas.height) / rect.height,
    ] as const;
  };
  canvas.addEventListener("pointerdown", (event) => {
    drawing = true;
    context.beginPath();
    context.moveTo(...at(event));
  });
  canvas.addEventListener("pointermove", (event) => {
    if (!drawing) return;
    context.lineTo(...at(event));
    context.stroke();
    drawn = true;
  });
  for (const end of ["pointerup", "pointerleave"]) canvas.addEventListener(end, () => (drawing = false));
  const clear = () => {
    context.clearRect(0, 0, canvas.width, canvas.height);
    drawn = false;
    input.value = "";
  };
  form.querySelector("#signature-clear")?.addEventListener("click", clear);
  return { take: () => (input.value = drawn ? canvas.toDataURL("image/png") : ""), clear };
}

/** The intake form: kept in the outbox on submit, sent at once when online, then cleared for the next. */
function intakeForm(form: HTMLFormElement): void {
  const pad = signaturePad(form);
  const state = document.getElementById("intake-state");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    pad.take();
    const key = `outbox-${crypto.randomUUID()}`;
    const fields: Field[] = [];
    for (const [name, value] of new FormData(form)) {
      if (name === "_token") continue;
      if (typeof value === "string") fields.push([name, value]);
      else if (value.size > 0) fields.push([name, value, value.name]);
    }
    fields.push(["_token", key]);
    const name = form.querySelector<HTMLInputElement>("#principalName")?.value.trim() ?? "";
    const item = document.querySelector("h1")?.textContent ?? "";
    await save({
      key,
      action: form.action,
      point: form.dataset.outbox ?? "",
      label: `${name} · ${item}`,
      fields,
      state: "waiting",
      createdAt: Date.now(),
    });
    if (state) state.textContent = words.saved;
    form.reset();
    pad.clear();
    await flush();
    const sent = [...sentHere, ...(await all())].find((i) => i.key === key);
    if (state && sent) state.textContent = describe(sent);
  });
}

/** Empties the outbox, the service worker's copies of pages and the worker itself. */
async function forgetEverything(): Promise<void> {
  await withStore("readwrite", (s) => s.clear());
  if (typeof caches !== "undefined") {
    for (const name of await caches.keys()) if (name.startsWith(PAGE_CACHES)) await caches.delete(name);
  }
  const registration = await navigator.serviceWorker?.getRegistration("/points/");
  await registration?.unregister();
}

/**
 * Signing out leaves nothing on the device (Clear-Site-Data does it too, where the browser honours it).
 * An intake still waiting is sent first; one that cannot be is lost by signing out, so the agent is
 * asked before.
 */
function clearAtSignOut(signOut: HTMLFormElement): void {
  signOut.addEventListener("submit", async (event) => {
    event.preventDefault();
    await flush();
    const waiting = (await all()).filter((i) => i.state === "waiting").length;
    if (waiting > 0 && !window.confirm(words.unsent.replace("{n}", String(waiting)))) return;
    await forgetEverything();
    // submit() fires no submit event: this listener does not run again.
    signOut.submit();
  });
}

const form = document.querySelector<HTMLFormElement>("form[data-outbox]");
if (form) intakeForm(form);
for (const signOut of document.querySelectorAll<HTMLFormElement>(
  'form[action="/account/signout"], form[action="/signout"]',
)) {
  clearAtSignOut(signOut);
}
navigator.serviceWorker?.register("/points/sw.js", { scope: "/points/" }).catch(() => undefined);
window.addEventListener("online", () => void flush());
setInterval(() => void flush(), RETRY_MS);
void flush();
