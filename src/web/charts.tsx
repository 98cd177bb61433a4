import { createRequire } from "node:module";

/**
 * ECharts is loaded when the first chart is drawn, not when the server starts: it alone adds some
 * 45 MB to a process, and most servers draw no chart for hours (only insight pages have them).
 */
let echarts: typeof import("echarts") | undefined;
const loadEcharts = () => {
  echarts ??= createRequire(import.meta.url)("echarts") as typeof import("echarts");
  return echarts;
};

/**
 * Charts drawn on the server by Apache ECharts as SVG, inline in the page: no script runs, and a phone
 * on a slow link gets the chart with the page. Every chart stands beside a table of its figures — the
 * chart's text for a screen reader, the numbers for whoever wants them — and its CSV.
 */

export interface ChartData {
  /** The categories along the axis: regions, departments, months… */
  categories: string[];
  series: { name: string; values: (number | null)[] }[];
}

export type ChartKind = "bar" | "line";

const PALETTE = ["#1d5fa8", "#c2571a", "#2e7d4f", "#7a4eab", "#8a6d1e"];

/**
 * The page's Content-Security-Policy allows no inline styles, so what ECharts writes as styles is
 * rewritten as SVG's own presentation attributes (font-size="12px"…), and its hover rules — there is
 * no pointer to hover with, the chart being a picture — are dropped with their classes.
 */
function withoutStyles(svg: string): string {
  return svg
    .replace(/<style[\s\S]*?<\/style>/g, "")
    .replace(/ class="zr\d+-cls-\d+"/g, "")
    .replace(/ style="([^"]*)"/g, (_all, css: string) =>
      css
        .split(";")
        .map((rule) => rule.trim())
        .filter(Boolean)
        .map((rule) => {
          const at = rule.indexOf(":");
          const name = rule.slice(0, at).trim();
          const value = rule
            .slice(at + 1)
            .trim()
            .replace(/"/g, "&quot;");
          return /^[a-z-]+$/.test(name) ? ` ${name}="${value}"` : "";
        })
        .join(""),
    );
}

/** The chart as an SVG document fragment; labels are escaped by the renderer. */
export function chartSvg(data: ChartData, kind: ChartKind, size = { width: 640, height: 320 }): string {
  const chart = loadEcharts().init(null, null, { renderer: "svg", ssr: true, ...size });
  try {
    chart.setOption({
      animation: false,
      color: PALETTE,
      textStyle: { fontFamily: "sans-serif" },
      grid: { left: 8, right: 8, top: data.series.length > 1 ? 36 : 16, bottom: 8, containLabel: true },
      legend: data.series.length > 1 ? { top: 0 } : { show: false },
      xAxis: { type: "category", data: data.categories, axisLabel: { interval: 0, hideOverlap: true } },
      yAxis: { type: "value" },
      series: data.series.map((s) => ({ type: kind, name: s.name, data: s.values })),
    });
    return withoutStyles(chart.renderToSVGString());
  } finally {
    chart.dispose();
  }
}

/** A cell of CSV: quoted where needed, and never read as a formula by a spreadsheet (=, +, -, @). */
function csvCell(value: string | number | null): string {
  if (value === null) return "";
  if (typeof value === "number") return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The chart's figures as CSV (RFC 4180, CRLF), the first column headed `categoryHeading`. */
export function chartCsv(data: ChartData, categoryHeading: string): string {
  const rows = [
    [categoryHeading, ...data.series.map((s) => s.name)],
    ...data.categories.map((category, i) => [category, ...data.series.map((s) => s.values[i] ?? null)]),
  ];
  return `${rows.map((row) => row.map(csvCell).join(",")).join("\r\n")}\r\n`;
}

/** A chart with its caption, its figures in a table and a link to them as CSV. */
export function Chart({
  data,
  kind,
  caption,
  categoryHeading,
  csvHref,
  csvLabel,
}: {
  data: ChartData;
  kind: ChartKind;
  caption: string;
  categoryHeading: string;
  csvHref?: string | undefined;
  csvLabel?: string | undefined;
}) {
  return (
    <figure class="chart">
      <figcaption>{caption}</figcaption>
      {/* The table below carries the same figures as text: the picture is hidden from screen readers. */}
      <div
        class="chart-picture"
        aria-hidden="true"
        dangerouslySetInnerHTML={{ __html: chartSvg(data, kind) }}
      />
      {/* Focusable, so a keyboard can scroll a table wider than a phone. */}
      <section class="table-wrap" aria-label={caption} tabindex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">{categoryHeading}</th>
              {data.series.map((s) => (
                <th scope="col" key={s.name}>
                  {s.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.categories.map((category, i) => (
              <tr key={category}>
                <th scope="row">{category}</th>
                {data.series.map((s) => (
                  <td key={s.name}>{s.values[i] ?? "—"}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {csvHref ? (
        <p>
          <a href={csvHref} download>
            {csvLabel ?? "CSV"}
          </a>
        </p>
      ) : null}
    </figure>
  );
}
