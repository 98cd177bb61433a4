/** Splitting a pasted draft into its articles (条), for staff to check and correct. */

export interface ArticleInput {
  number: string;
  heading?: string | null | undefined;
  body: string;
}

/** "第一条", "第十二条", "第3条" at the start of a line, perhaps indented with full-width spaces. */
const ARTICLE_START =
  /^[\s\u3000]*(第[一二三四五六七八九十百千零〇两\d]+条)[\s\u3000]*(?:【([^】]{1,60})】)?/;

/**
 * The articles of a pasted draft: a new one begins at each line that starts "第X条"; the lines after it
 * (until the next) are its text. Text before the first article — the title, a preamble — is returned
 * apart, so staff can move it into the purpose. A heading in 【】 right after the number is kept as the
 * article's heading, as Chinese drafts often write it.
 */
export function splitDraft(text: string): { preamble: string; articles: ArticleInput[] } {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const preamble: string[] = [];
  const articles: { number: string; heading: string | null; lines: string[] }[] = [];
  for (const line of lines) {
    const start = ARTICLE_START.exec(line);
    if (start?.[1]) {
      articles.push({ number: start[1], heading: start[2] ?? null, lines: [line.slice(start[0].length)] });
    } else if (articles.length > 0) {
      articles.at(-1)?.lines.push(line);
    } else {
      preamble.push(line);
    }
  }
  return {
    preamble: preamble.join("\n").trim(),
    articles: articles.map((a) => ({ number: a.number, heading: a.heading, body: tidy(a.lines) })),
  };
}

function tidy(lines: string[]): string {
  return lines
    .map((l) => l.replace(/^[\s\u3000]+|[\s\u3000]+$/g, ""))
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
