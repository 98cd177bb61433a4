import {
  loadRomaniser,
  loadSegmenter,
  normalise,
  parseQuery,
  type Romaniser,
  type Segmenter,
  toTsquery,
} from "../catalog/analyse.ts";

/**
 * Chinese search of publications with the catalogue's own reading of Chinese (catalog/analyse.ts):
 * jieba's search mode cuts title, body and numbers into words for a `simple` full-text vector, the
 * title's pinyin and initials go in beside them, and a query is parsed exactly as the catalogue parses
 * one. Only the index side is written here, because the catalogue's builds from an item's content.
 */

/** The most of a body that is indexed: a 200-page statistics report is found by its first pages. */
const BODY_INDEXED = 20_000;

const isHan = (word: string) => /^\p{Script=Han}+$/u.test(word);

function words(text: string, seg: Segmenter, into: Set<string>, roman?: Romaniser): void {
  for (const run of normalise(text).split(" ")) {
    if (run === "") continue;
    if (!/\p{Script=Han}/u.test(run)) {
      if (run.length >= 2 || /^\p{N}+$/u.test(run)) into.add(run);
      continue;
    }
    for (const part of run.split(/(\p{Script=Han}+)/u)) {
      if (part === "") continue;
      if (!isHan(part)) {
        into.add(part);
        continue;
      }
      const found = seg.cutForSearch(part).filter((w) => isHan(w) && w.length <= 60);
      for (const word of found) into.add(word);
      if (roman) {
        // The run's pinyin and each word's, so "shipin anquan" finds 食品安全 inside a longer title.
        for (const han of [part, ...found.filter((w) => w.length >= 2)]) {
          const reading = roman(han);
          into.add(reading.syllables.join(""));
          if (reading.initials.length >= 2) into.add(reading.initials.join(""));
        }
      }
    }
  }
}

/** Title words and its pinyin (weight A), numbers (B), body words (C), as space-separated words. */
export interface IndexWords {
  title: string;
  numbers: string;
  body: string;
}

export async function indexWords(p: {
  title: string;
  body: string;
  documentNumber: string | null;
  indexNumber: string;
}): Promise<IndexWords> {
  const [seg, roman] = await Promise.all([loadSegmenter(), loadRomaniser()]);
  const title = new Set<string>();
  const numbers = new Set<string>();
  const body = new Set<string>();
  words(p.title, seg, title, roman);
  words(`${p.documentNumber ?? ""} ${p.indexNumber}`, seg, numbers);
  numbers.add(normalise(p.indexNumber).replace(/ /g, ""));
  if (p.documentNumber) numbers.add(normalise(p.documentNumber).replace(/ /g, ""));
  words(p.body.slice(0, BODY_INDEXED), seg, body);
  const join = (set: Set<string>) => [...set].filter((w) => /^[\p{L}\p{N}]+$/u.test(w)).join(" ");
  return { title: join(title), numbers: join(numbers), body: join(body) };
}

export interface ParsedSearch {
  /** tsquery text; empty when nothing searchable was typed. */
  tsquery: string;
  /** The words looked for, to mark in the results. */
  terms: string[];
  /** The query without spaces: matched against document and index numbers as typed. */
  compact: string;
}

export async function parseSearch(text: string): Promise<ParsedSearch> {
  const normalised = normalise(text);
  if (normalised === "") return { tsquery: "", terms: [], compact: "" };
  const parsed = parseQuery(normalised, [], await loadSegmenter());
  if (parsed.groups.length === 0) return { tsquery: "", terms: [], compact: "" };
  const terms = [...new Set(parsed.groups.flat(4))].filter((t) => t !== "");
  return { tsquery: toTsquery(parsed.groups), terms, compact: normalised.replace(/ /g, "") };
}

/** A run of text and whether it is a searched word: shown with a mark, as text, never as markup. */
export interface Part {
  text: string;
  hit: boolean;
}

/** The text cut where the terms occur (case-insensitive), so a page marks them without any HTML. */
export function highlight(text: string, terms: readonly string[]): Part[] {
  const wanted = terms.filter((t) => t.length > 0).sort((a, b) => b.length - a.length);
  if (wanted.length === 0) return [{ text, hit: false }];
  const lower = text.toLowerCase();
  const parts: Part[] = [];
  let plain = "";
  for (let at = 0; at < text.length; ) {
    const term = wanted.find((t) => lower.startsWith(t, at));
    if (term) {
      if (plain) parts.push({ text: plain, hit: false });
      plain = "";
      parts.push({ text: text.slice(at, at + term.length), hit: true });
      at += term.length;
    } else {
      plain += text[at];
      at += 1;
    }
  }
  if (plain) parts.push({ text: plain, hit: false });
  return parts;
}

/** Some 120 characters of the body around the first searched word (its opening without one). */
export function snippet(body: string, terms: readonly string[], length = 120): string {
  const flat = body.replace(/\s+/g, " ").trim();
  const lower = flat.toLowerCase();
  const first = Math.min(
    ...terms.map((t) => lower.indexOf(t)).filter((i) => i >= 0),
    Number.MAX_SAFE_INTEGER,
  );
  const start = first === Number.MAX_SAFE_INTEGER ? 0 : Math.max(0, first - 30);
  const cut = flat.slice(start, start + length);
  return `${start > 0 ? "…" : ""}${cut}${start + length < flat.length ? "…" : ""}`;
}
