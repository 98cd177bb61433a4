import { constants, createInflate } from "node:zlib";

/**
 * Whether a PDF can do more than show pages: run script, launch a program, carry other files inside it,
 * play rich media or render an XFA form (which runs script of its own). Such a PDF is still accepted —
 * applicants' software makes them innocently — but it is flagged and only ever served as an attachment.
 *
 * The test is for the names a viewer acts on: /JavaScript and /JS (the script of any action, also one
 * reached from /OpenAction or /AA), /Launch, /EmbeddedFile(s), /RichMedia, /XFA. An /OpenAction that only
 * opens at a page or zoom is harmless and not flagged; one that runs script names /JS as well. Names are
 * compared after decoding `#xx` escapes (`/J#61vaScript` is /JavaScript), as whole tokens (/JSFoo is not
 * /JS).
 *
 * Limits, stated so nobody trusts this for more than it is:
 * - Every byte of the file is searched, and the FlateDecode object streams (/ObjStm, where PDF 1.5+ keeps
 *   dictionaries compressed) up to 1 MB of inflated text in all. Dictionaries past that budget, or in
 *   streams with other filters, are not seen.
 * - An encrypted PDF (/Encrypt) hides its object streams from us, so it counts as active: what cannot
 *   be inspected is not vouched for.
 * - A name inside a string or a page's text can raise the flag without any action behind it. That errs on
 *   the side of caution, and the flag only changes how the file is presented.
 */
export const OBJECT_STREAM_BUDGET = 1024 * 1024;

const ACTIVE_NAMES = new Set([
  "JavaScript",
  "JS",
  "Launch",
  "EmbeddedFile",
  "EmbeddedFiles",
  "RichMedia",
  "XFA",
  "Encrypt",
]);

export async function pdfHasActiveContent(bytes: Uint8Array): Promise<boolean> {
  const found = namesIn(bytes);
  if (hasActive(found)) return true;
  let budget = OBJECT_STREAM_BUDGET;
  for (const data of objectStreams(bytes)) {
    if (budget <= 0) break;
    const text = await inflatePrefix(data, budget);
    budget -= text.length;
    if (hasActive(namesIn(text))) return true;
  }
  return false;
}

function hasActive(names: Set<string>): boolean {
  for (const name of names) if (ACTIVE_NAMES.has(name)) return true;
  return false;
}

/** PDF whitespace and delimiters: where a name token ends (ISO 32000-1, 7.2.2). */
const ENDS_NAME = new Uint8Array(256);
for (const c of [0, 9, 10, 12, 13, 32, 40, 41, 60, 62, 91, 93, 123, 125, 47, 37]) ENDS_NAME[c] = 1;

/** Every name token of the bytes (without the slash), `#xx` escapes decoded. */
export function namesIn(bytes: Uint8Array): Set<string> {
  const names = new Set<string>();
  let at = bytes.indexOf(0x2f);
  while (at !== -1) {
    let end = at + 1;
    while (end < bytes.length && !ENDS_NAME[bytes[end] ?? 0]) end++;
    // Only names of the lengths we look for matter; a long run of bytes is binary data, not a name.
    if (end - at > 1 && end - at <= 64) names.add(decodeName(bytes.subarray(at + 1, end)));
    at = bytes.indexOf(0x2f, end);
  }
  return names;
}

function decodeName(raw: Uint8Array): string {
  let name = "";
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] ?? 0;
    if (c === 0x23 && i + 2 < raw.length && isHex(raw[i + 1]) && isHex(raw[i + 2])) {
      name += String.fromCharCode(Number.parseInt(String.fromCharCode(raw[i + 1] ?? 0, raw[i + 2] ?? 0), 16));
      i += 2;
    } else {
      name += String.fromCharCode(c);
    }
  }
  return name;
}

function isHex(c: number | undefined): boolean {
  return (
    c !== undefined && ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66))
  );
}

const STREAM = Buffer.from("stream");
const ENDSTREAM = Buffer.from("endstream");
const OBJ = Buffer.from("obj");

/**
 * The raw data of each FlateDecode object stream: the dictionary between `obj` and `stream` names
 * /ObjStm, and the data runs to `endstream` (the /Length may be an indirect reference, and inflating
 * stops at the end of the compressed data anyway).
 */
function* objectStreams(bytes: Uint8Array): Generator<Uint8Array> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = buffer.indexOf(STREAM);
  while (at !== -1) {
    let start = at + STREAM.length;
    if (buffer[start] === 0x0d) start++;
    const startsData = buffer[start] === 0x0a;
    const isKeyword = startsData && (at < 3 || buffer.subarray(at - 3, at).toString("latin1") !== "end");
    if (isKeyword) {
      const objAt = buffer.lastIndexOf(OBJ, at);
      const dictionary = objAt === -1 || at - objAt > 4096 ? undefined : buffer.subarray(objAt, at);
      const end = buffer.indexOf(ENDSTREAM, start + 1);
      if (dictionary && end !== -1) {
        const names = namesIn(dictionary);
        if (names.has("ObjStm") && names.has("FlateDecode")) yield buffer.subarray(start + 1, end);
      }
      at = end === -1 ? -1 : buffer.indexOf(STREAM, end + ENDSTREAM.length);
    } else {
      at = buffer.indexOf(STREAM, at + STREAM.length);
    }
  }
}

/** At most `limit` bytes of the inflated data; damaged or truncated data gives what inflated before it. */
function inflatePrefix(data: Uint8Array, limit: number): Promise<Buffer> {
  return new Promise((resolve) => {
    const inflate = createInflate({ finishFlush: constants.Z_SYNC_FLUSH });
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      inflate.destroy();
      resolve(Buffer.concat(chunks).subarray(0, limit));
    };
    inflate.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= limit) finish();
    });
    inflate.on("end", finish);
    inflate.on("error", finish);
    inflate.end(data);
  });
}
