// The hall's display board without reloading: it polls the queue's JSON (cheap with its ETag: 304 when
// nothing changed) and redraws the calls and the waiting counts. Without JavaScript the page refreshes
// itself instead (a meta refresh inside noscript). A board on any node sees every node's calls, since
// the JSON is read from the database.
export {};

const POLL_MS = 3_000;

interface Board {
  categories: { prefix: string; waiting: number }[];
  calls: { number: string; window: string }[];
}

const root = document.querySelector<HTMLElement>("[data-board]");
let etag = "";

function redraw(board: Board): void {
  if (!root) return;
  const words = root.querySelector("template[data-call-words]")?.innerHTML ?? "{number} → {window}";
  const latest = root.querySelector<HTMLElement>("[data-latest]");
  const [first, ...earlier] = board.calls;
  if (latest && first)
    latest.textContent = words.replace("{number}", first.number).replace("{window}", first.window);
  const body = root.querySelector<HTMLElement>("[data-calls]");
  if (body) {
    body.replaceChildren(
      ...earlier.map((call) => {
        const row = document.createElement("tr");
        for (const text of [call.number, call.window]) {
          const cell = document.createElement("td");
          cell.textContent = text;
          row.append(cell);
        }
        return row;
      }),
    );
  }
  for (const category of board.categories) {
    const count = root.querySelector(`[data-prefix="${category.prefix}"] strong`);
    if (count) count.textContent = String(category.waiting);
  }
}

async function poll(): Promise<void> {
  if (!root?.dataset.board) return;
  try {
    const response = await fetch(root.dataset.board, {
      headers: etag ? { "if-none-match": etag, accept: "application/json" } : { accept: "application/json" },
    });
    if (response.status === 200) {
      etag = response.headers.get("etag") ?? "";
      redraw((await response.json()) as Board);
    }
  } catch {
    // The network dropped: the next poll tries again.
  }
  setTimeout(poll, POLL_MS);
}

if (root) setTimeout(poll, POLL_MS);
