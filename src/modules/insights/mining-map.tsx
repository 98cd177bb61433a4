import type { PageContext } from "../../web/layout.tsx";
import { textOf, word } from "../cases/work-kit.tsx";
import type { ProcessMap } from "./mining.ts";

/**
 * The process map drawn as SVG on the server: the stages in their order down one column, from the
 * submission to the close; what else happened (supplements, returns, refusals) in a second column
 * beside the stage it came from; an arrow for every pair of steps that followed one another, with how
 * many times. Presentation attributes only: the page's policy allows no inline style.
 */
const BOX = { width: 210, height: 40 };
const MAIN_X = 40;
const SIDE_X = 330;
const ROW = 76;
const TOP = 12;

interface Node {
  key: string;
  label: string;
  x: number;
  y: number;
  side: boolean;
}

export function labelOf(ctx: PageContext, map: ProcessMap, key: string): string {
  const stage = map.stages.find((s) => s.key === key);
  if (stage) return textOf(ctx, stage.name);
  return word(ctx.t, "insights.label.", key);
}

function layout(ctx: PageContext, map: ProcessMap): Map<string, Node> {
  const nodes = new Map<string, Node>();
  const main = ["start", ...map.stages.map((s) => s.key), "end"];
  main.forEach((key, i) => {
    nodes.set(key, { key, label: labelOf(ctx, map, key), x: MAIN_X, y: TOP + i * ROW, side: false });
  });
  const taken = new Set<number>();
  for (const edge of map.edges) {
    for (const key of [edge.target, edge.source]) {
      if (nodes.has(key)) continue;
      // Beside the step it came from (or, at the start, the step it led to), below any already there.
      const anchor = nodes.get(key === edge.target ? edge.source : edge.target);
      let y = anchor ? anchor.y : TOP;
      while (taken.has(y)) y += ROW / 2;
      taken.add(y);
      nodes.set(key, { key, label: labelOf(ctx, map, key), x: SIDE_X, y, side: true });
    }
  }
  return nodes;
}

function path(a: Node, b: Node): { d: string; lx: number; ly: number } {
  const cx = (n: Node) => n.x + BOX.width / 2;
  if (!a.side && !b.side && b.y === a.y + ROW) {
    return {
      d: `M${cx(a)},${a.y + BOX.height} L${cx(b)},${b.y}`,
      lx: cx(a) + 8,
      ly: (a.y + BOX.height + b.y) / 2 + 4,
    };
  }
  if (a.x === b.x) {
    // Same column, not next to each other: an arc out to the left (main) or right (side).
    const out = a.side ? a.x + BOX.width + 40 : a.x - 30;
    const edge = a.side ? a.x + BOX.width : a.x;
    const ya = a.y + BOX.height / 2;
    const yb = b.y + BOX.height / 2;
    return {
      d: `M${edge},${ya} C${out},${ya} ${out},${yb} ${edge},${yb}`,
      lx: out - (a.side ? 0 : 14),
      ly: (ya + yb) / 2,
    };
  }
  const [from, to] = a.x < b.x ? [a.x + BOX.width, b.x] : [a.x, b.x + BOX.width];
  const ya = a.y + BOX.height / 2 + (a.x < b.x ? -6 : 6);
  const yb = b.y + BOX.height / 2 + (a.x < b.x ? -6 : 6);
  return { d: `M${from},${ya} L${to},${yb}`, lx: (from + to) / 2 - 6, ly: (ya + yb) / 2 - 4 };
}

export function ProcessMapSvg({ ctx, map }: { ctx: PageContext; map: ProcessMap }) {
  const nodes = layout(ctx, map);
  const height = Math.max(...[...nodes.values()].map((n) => n.y)) + BOX.height + TOP;
  const width = SIDE_X + BOX.width + 50;
  const median = (key: string) => {
    const stage = map.stages.find((s) => s.key === key);
    if (!stage) return null;
    const values = stage.tasks.map((x) => x.total.median).filter((v): v is number => v !== null);
    return values.length === 0 ? null : Math.max(...values);
  };
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      role="img"
      aria-labelledby="process-map-title"
      class="process-map"
    >
      <title id="process-map-title">{ctx.t("insights.process.mapText")}</title>
      <defs>
        <marker
          id="arrow"
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerWidth="7"
          markerHeight="7"
          orient="auto"
        >
          <path d="M0,0 L10,5 L0,10 z" fill="#44546a" />
        </marker>
      </defs>
      {map.edges.map((e) => {
        const a = nodes.get(e.source);
        const b = nodes.get(e.target);
        if (!a || !b) return null;
        const p = path(a, b);
        return (
          <g key={`${e.source}>${e.target}`}>
            <path d={p.d} fill="none" stroke="#44546a" stroke-width="1.5" marker-end="url(#arrow)" />
            <text x={p.lx} y={p.ly} font-size="12" fill="#1a1a1a">
              {e.cases}
            </text>
          </g>
        );
      })}
      {[...nodes.values()].map((n) => {
        const days = median(n.key);
        return (
          <g key={n.key}>
            <rect
              x={n.x}
              y={n.y}
              width={BOX.width}
              height={BOX.height}
              rx="6"
              fill={n.side ? "#fdf1e8" : "#eaf1fa"}
              stroke={n.side ? "#c2571a" : "#1d5fa8"}
            />
            <text x={n.x + 10} y={n.y + 25} font-size="13" fill="#1a1a1a">
              {days === null ? n.label : `${n.label} · ${days}`}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
