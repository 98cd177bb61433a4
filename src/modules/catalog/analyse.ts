import type { ItemContent } from "./content.ts";

/**
 * How search reads Chinese: jieba splits text into words, pinyin-pro gives their pinyin and initials,
 * and what a person typed becomes a PostgreSQL full-text query. Everything here is a pure function of
 * its inputs and of the segmenter and romaniser passed in; those two load on first use, never at start
 * (jieba's dictionary alone takes a quarter of a second, the cold start budget is three).
 */

export interface Segmenter {
  /** The words of a query (jieba's precise mode). */
  cut(text: string): string[];
  /** The words and the smaller words inside them (jieba's search mode): what an index holds. */
  cutForSearch(text: string): string[];
}

/** The toneless pinyin and the initials of a run of Chinese characters, one entry per character. */
export type Romaniser = (han: string) => { syllables: string[]; initials: string[] };

let segmenterLoading: Promise<Segmenter> | undefined;

export function loadSegmenter(): Promise<Segmenter> {
  if (!segmenterLoading) {
    const loading = (async (): Promise<Segmenter> => {
      const [{ Jieba }, { dict }] = await Promise.all([
        import("@node-rs/jieba"),
        import("@node-rs/jieba/dict.js"),
      ]);
      const jieba = Jieba.withDict(dict);
      return {
        cut: (text) => jieba.cut(text, true),
        cutForSearch: (text) => jieba.cutForSearch(text, true),
      };
    })();
    segmenterLoading = loading;
    // A failed load is tried again by the next caller rather than remembered.
    loading.catch(() => {
      if (segmenterLoading === loading) segmenterLoading = undefined;
    });
  }
  return segmenterLoading;
}

let romaniserLoading: Promise<Romaniser> | undefined;

/** Runs read already: names and keywords repeat words, and pinyin-pro is the slowest step of indexing. */
const READINGS_KEPT = 20_000;

export function loadRomaniser(): Promise<Romaniser> {
  if (!romaniserLoading) {
    const loading = import("pinyin-pro").then(({ pinyin }): Romaniser => {
      const readings = new Map<string, { syllables: string[]; initials: string[] }>();
      return (han) => {
        let reading = readings.get(han);
        if (!reading) {
          // ü as v, the way pinyin keyboards type it (绿 lv).
          const syllables = pinyin(han, { toneType: "none", type: "array", v: true });
          reading = { syllables, initials: syllables.map((s) => s.charAt(0)) };
          if (readings.size >= READINGS_KEPT) readings.clear();
          readings.set(han, reading);
        }
        return reading;
      };
    });
    romaniserLoading = loading;
    loading.catch(() => {
      if (romaniserLoading === loading) romaniserLoading = undefined;
    });
  }
  return romaniserLoading;
}

/**
 * Full-width forms to half-width, tone marks off, lower case, and everything that is neither a letter
 * nor a digit to a single space. What is left can never be an operator of a tsquery, SQL or HTML.
 */
export function normalise(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

const RUNS = /(\p{Script=Han}+)|([^\s\p{Script=Han}]+)/gu;

/** In the order they come: each Chinese run, and each run of other words. */
function orderedRuns(normalised: string): ({ han: string } | { words: string[] })[] {
  const out: ({ han: string } | { words: string[] })[] = [];
  for (const match of normalised.matchAll(RUNS)) {
    const last = out.at(-1);
    if (match[1]) out.push({ han: match[1] });
    else if (match[2] && last && "words" in last) last.words.push(match[2]);
    else if (match[2]) out.push({ words: [match[2]] });
  }
  return out;
}

/**
 * Words a query can do without: what people wrap a request in (怎么办理, 在哪里, 我要…) and English
 * function words. Kept when nothing else is left, so a search for 申请 alone still searches.
 */
const STOP = new Set(
  [
    "的 了 吗 呢 啊 吧 在 我 要 想 去 办 和 与 及",
    "或 是 怎么 怎样 怎么办 如何 哪里 哪儿 在哪 在哪里",
    "去哪 去哪里 什么 需要 我要 我想 想要 可以 能否 是否",
    "请问 一下 办理 申请 申办 a an the of to in on for and or not by with",
    "is are how do i my where what can",
  ]
    .join(" ")
    .split(" "),
);

/** Words longer than this are not words people search for (a pasted URL, a long number). */
const MAX_WORD = 60;

/** Left out of the index: words that carry no meaning of their own. */
const FILLER = new Set("的 了 和 与 及 或 是 a an the of to in on and or".split(" "));

const isHan = (word: string) => /^\p{Script=Han}+$/u.test(word);
const chars = (text: string) => Array.from(text);

// Index ---------------------------------------------------------------------------------------------

/** What the search index holds of one version; each field is words separated by spaces. */
export interface IndexTerms {
  nameKey: string;
  nameTerms: string;
  pinyin: string;
  initials: string;
  keywordTerms: string;
  summaryTerms: string;
  materialTerms: string;
}

class Terms {
  private readonly words = new Set<string>();
  add(word: string): void {
    const meaningful = isHan(word) || word.length >= 2;
    if (meaningful && word.length <= MAX_WORD && !FILLER.has(word)) this.words.add(word);
  }
  toString(): string {
    return [...this.words].join(" ");
  }
}

interface WordOptions {
  /** Each Chinese run whole too (a name, a keyword); a sentence of a summary whole is no word. */
  whole: boolean;
  /** Words of one character: meaningful in a name (…证, …卡), noise in running text. */
  singles: boolean;
  /** Told each Chinese run and its words, for their pinyin. */
  han?: (run: string, words: string[]) => void;
}

/** The words of a text: its Chinese runs as jieba's search mode cuts them, and every other word. */
function addWords(text: string, seg: Segmenter, into: Terms, options: WordOptions) {
  for (const run of orderedRuns(normalise(text))) {
    if ("words" in run) {
      for (const word of run.words) into.add(word);
      continue;
    }
    const words = seg
      .cutForSearch(run.han)
      .filter((w) => isHan(w) && (options.singles || chars(w).length > 1));
    if (options.whole) into.add(run.han);
    for (const word of words) into.add(word);
    options.han?.(run.han, words);
  }
}

/**
 * The pinyin and initials of a run and of each of its words of two characters or more, taken from the
 * run's own reading so a word reads as it does in context (行 in 银行 and in 行政).
 */
function addPinyin(run: string, words: string[], roman: Romaniser, pinyin: Terms, initials: Terms) {
  const all = chars(run);
  const reading = roman(run);
  const syllables = reading.syllables.map(normalise);
  const firsts = reading.initials.map(normalise);
  const latin = (list: string[]) => list.length === all.length && list.every((s) => /^[a-z]+$/.test(s));
  if (!latin(syllables) || !latin(firsts)) return;
  const add = (from: number, length: number) => {
    pinyin.add(syllables.slice(from, from + length).join(""));
    if (length >= 2) initials.add(firsts.slice(from, from + length).join(""));
  };
  add(0, all.length);
  for (const word of words) {
    const length = chars(word).length;
    const at = run.indexOf(word);
    if (length >= 2 && at >= 0) add(chars(run.slice(0, at)).length, length);
  }
}

export function nameKey(name: string): string {
  return normalise(name).replace(/ /g, "");
}

/** Everything the search index holds of a version's content, in the weights' order. */
export function indexTerms(content: ItemContent, seg: Segmenter, roman: Romaniser): IndexTerms {
  const name = new Terms();
  const pinyin = new Terms();
  const initials = new Terms();
  const keywords = new Terms();
  const summary = new Terms();
  const materials = new Terms();
  const heading = { whole: true, singles: true };
  const prose = { whole: false, singles: false };
  addWords(content.name.zh, seg, name, {
    ...heading,
    han: (run, words) => addPinyin(run, words, roman, pinyin, initials),
  });
  addWords(content.name.en, seg, name, heading);
  for (const keyword of content.keywords) {
    addWords(keyword, seg, keywords, {
      ...heading,
      han: (run, words) => addPinyin(run, words, roman, keywords, keywords),
    });
  }
  addWords(content.summary.zh, seg, summary, prose);
  addWords(content.summary.en, seg, summary, prose);
  for (const material of content.materials) {
    addWords(material.name.zh, seg, materials, prose);
    if (material.condition) addWords(material.condition.zh, seg, materials, prose);
  }
  for (const condition of content.conditions) addWords(condition.zh, seg, materials, prose);
  return {
    nameKey: nameKey(content.name.zh),
    nameTerms: name.toString(),
    pinyin: pinyin.toString(),
    initials: initials.toString(),
    keywordTerms: keywords.toString(),
    summaryTerms: summary.toString(),
    materialTerms: materials.toString(),
  };
}

// Queries -------------------------------------------------------------------------------------------

/** A synonym as stored: what people type, normalised, and what else it should find. */
export interface Synonym {
  term: string;
  expansions: string[];
}

/** Lexemes that must all be in the document; each matches as a prefix, except numbers (whole). */
export type Form = string[];
/** One word: matched as itself, or as the smaller words jieba finds in it (生活保障 as 生活 & 保障). */
export type Word = Form[];
/** Words that must all match. */
export type Phrase = Word[];
/** What one part of the query may mean: the words typed, or any of the expansions of a synonym. */
export type Group = Phrase[];

export interface ParsedQuery {
  /** Every group must match. */
  groups: Group[];
  /** The words searched for, synonyms' expansions included: shown as "also searched for". */
  terms: string[];
  /** Names (normalised, without spaces) that the query names exactly. */
  exact: string[];
  /** Chinese words and the smaller words inside them: the looser search when nothing has them all. */
  loose: string[];
}

/** At most this many parts of a query count; a query is at most 100 characters anyway. */
const MAX_GROUPS = 12;

interface Part {
  group: Group;
  labels: string[];
  stop: boolean;
}

/** The words jieba's search mode finds inside a word, if they cover it end to end. */
function tiling(word: string, seg: Segmenter): Form | undefined {
  const inner = seg.cutForSearch(word).filter((w) => w !== word && w.length >= 2);
  const pieces: string[] = [];
  let at = 0;
  while (at < word.length) {
    const next = inner.filter((w) => word.startsWith(w, at)).sort((a, b) => b.length - a.length)[0];
    if (!next) return undefined;
    pieces.push(next);
    at += next.length;
  }
  return pieces.length >= 2 ? pieces : undefined;
}

function hanWord(word: string, seg: Segmenter): Word {
  const pieces = chars(word).length >= 3 ? tiling(word, seg) : undefined;
  return pieces ? [[word], pieces] : [[word]];
}

const segmentHan = (run: string, seg: Segmenter) => seg.cut(run).filter(isHan);

/** A synonym's term or expansion as one phrase: all its words. */
function phraseOf(text: string, seg: Segmenter): Phrase {
  return orderedRuns(normalise(text)).flatMap((run) =>
    "han" in run ? segmentHan(run.han, seg).map((w) => hanWord(w, seg)) : run.words.map((w) => [[w]]),
  );
}

/** The parts of a stretch of the query without synonyms: each Chinese word, each run of other words. */
function partsOf(text: string, seg: Segmenter): Part[] {
  return orderedRuns(text).flatMap((run): Part[] => {
    if ("han" in run)
      return segmentHan(run.han, seg).map((word) => ({
        group: [[hanWord(word, seg)]],
        labels: [word],
        stop: STOP.has(word),
      }));
    const words = run.words.filter((w) => w.length <= MAX_WORD);
    if (words.length === 0) return [];
    if (words.length === 1) {
      const [word = ""] = words;
      return [{ group: [[[[word]]]], labels: [word], stop: STOP.has(word) || word.length < 2 }];
    }
    // Pinyin typed with spaces (ying ye zhi zhao) is one word run together; English is several words.
    const content = words.filter((w) => !STOP.has(w) && w.length >= 2);
    const joined: Phrase = [[[words.join("")]]];
    return [
      {
        group: content.length > 0 ? [joined, content.map((w) => [[w]])] : [joined],
        labels: [words.join(" ")],
        stop: false,
      },
    ];
  });
}

/** Where synonyms' terms occur in the query: longest first, never overlapping, whole words for Latin. */
function synonymSpans(text: string, synonyms: readonly Synonym[]) {
  const spans: { start: number; end: number; synonym: Synonym }[] = [];
  const wordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c) && !isHan(c);
  const sorted = [...synonyms].sort((a, b) => b.term.length - a.term.length || a.term.localeCompare(b.term));
  for (const synonym of sorted) {
    if (synonym.term === "") continue;
    for (let at = text.indexOf(synonym.term); at >= 0; at = text.indexOf(synonym.term, at + 1)) {
      const end = at + synonym.term.length;
      const cutsWord =
        (wordChar(text[at]) && wordChar(text[at - 1])) || (wordChar(text[end - 1]) && wordChar(text[end]));
      if (cutsWord || spans.some((s) => at < s.end && s.start < end)) continue;
      spans.push({ start: at, end, synonym });
    }
  }
  return spans.sort((a, b) => a.start - b.start);
}

const unique = <T>(list: T[]) => [...new Set(list)];

/**
 * What a person typed, as groups of alternatives that must all match. Synonyms found in the text
 * stand for their term or any expansion; the rest is segmented by jieba; runs of Latin letters are
 * pinyin run together (yingye, "ying ye zhi zhao"), initials (yyzz) or English words.
 */
export function parseQuery(text: string, synonyms: readonly Synonym[], seg: Segmenter): ParsedQuery {
  const query = normalise(text);
  const parts: Part[] = [];
  let at = 0;
  for (const span of synonymSpans(query, synonyms)) {
    parts.push(...partsOf(query.slice(at, span.start), seg));
    const { term, expansions } = span.synonym;
    const meanings = unique([term, ...expansions.map(normalise)]).filter((m) => m !== "");
    parts.push({
      group: meanings.map((m) => phraseOf(m, seg)).filter((p) => p.length > 0),
      labels: meanings,
      stop: false,
    });
    at = span.end;
  }
  parts.push(...partsOf(query.slice(at), seg));

  const meaningful = parts.filter((p) => !p.stop && p.group.length > 0);
  const kept = (meaningful.length > 0 ? meaningful : parts.filter((p) => p.group.length > 0)).slice(
    0,
    MAX_GROUPS,
  );
  const lexemes = kept.flatMap((p) => p.group.flat(3));
  const loose = unique(
    lexemes
      .filter((l) => isHan(l) && l.length >= 2)
      .flatMap((l) => [l, ...seg.cutForSearch(l).filter((w) => w.length >= 2 && isHan(w))])
      .filter((l) => !STOP.has(l)),
  );
  const [only] = kept;
  return {
    groups: kept.map((p) => p.group),
    terms: unique(kept.flatMap((p) => p.labels)),
    exact: unique([
      query.replace(/ /g, ""),
      ...(kept.length === 1 && only ? only.labels.map((l) => l.replace(/ /g, "")) : []),
    ]).filter((e) => e !== ""),
    loose,
  };
}

// tsquery text -----------------------------------------------------------------------------------------

/** A lexeme of a tsquery: quoted (normalised text has no quote, but a query is never built unquoted). */
function lexeme(word: string, weights: string): string {
  const prefix = !/^\p{N}+$/u.test(word);
  const marks = prefix || weights ? `:${prefix ? "*" : ""}${weights}` : "";
  return `'${word.replace(/\\/g, "\\\\").replace(/'/g, "''")}'${marks}`;
}

const joined = (parts: string[], operator: string) =>
  parts.length === 1 ? (parts[0] as string) : `(${parts.join(operator)})`;

/**
 * The groups as tsquery text: every group, each any of its phrases. `weights` ("A", "AB") restricts
 * every lexeme to those parts of the document: the name, or the name and keywords.
 */
export function toTsquery(groups: Group[], weights = ""): string {
  return groups
    .map((group) =>
      joined(
        group.map((phrase) =>
          joined(
            phrase.map((word) =>
              joined(
                word.map((form) =>
                  joined(
                    form.map((w) => lexeme(w, weights)),
                    " & ",
                  ),
                ),
                " | ",
              ),
            ),
            " & ",
          ),
        ),
        " | ",
      ),
    )
    .join(" & ");
}

/** Any of the words: the looser query. */
export function toLooseTsquery(words: string[], weights = ""): string {
  return words.map((w) => lexeme(w, weights)).join(" | ");
}
