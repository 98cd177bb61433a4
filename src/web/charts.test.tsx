import { renderToString } from "preact-render-to-string";
import { describe, expect, it } from "vitest";
import { Chart, type ChartData, chartCsv, chartSvg } from "./charts.tsx";

const byCounty: ChartData = {
  categories: ["安吉县", "德清县<script>alert(1)</script>", "长兴县"],
  series: [
    { name: "城镇", values: [4.2, 5.1, null] },
    { name: "农村", values: [6.8, 7.5, 3] },
  ],
};

describe("charts drawn on the server", () => {
  it("draws an SVG with every category's label as text, escaped, and no script", () => {
    const svg = chartSvg(byCounty, "bar");
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain(">安吉县</text>");
    expect(svg).toContain("德清县&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(svg).not.toMatch(/<script/i);
    expect(svg).toContain(">农村</text>");
  });

  it("leaves no inline style the page's policy would block: styles become presentation attributes", () => {
    const svg = chartSvg(byCounty, "line");
    expect(svg).not.toMatch(/<style|style="/);
    expect(svg).not.toMatch(/class="zr/);
    expect(svg).toMatch(/font-size="12px"/);
  });

  it("draws the same figures the same way each time", () => {
    expect(chartSvg(byCounty, "bar")).toBe(chartSvg(byCounty, "bar"));
  });

  it("puts the figures in a table beside the picture, which screen readers skip", () => {
    const html = renderToString(
      <Chart
        data={byCounty}
        kind="bar"
        caption="办理时间（工作日）"
        categoryHeading="县"
        csvHref="/insights/x.csv"
        csvLabel="下载 CSV"
      />,
    );
    expect(html).toContain("<figcaption>办理时间（工作日）</figcaption>");
    expect(html).toMatch(/<div class="chart-picture" aria-hidden="true"><svg/);
    expect(html).toContain('<th scope="row">德清县&lt;script>alert(1)&lt;/script></th>');
    expect(html).toContain("<td>6.8</td>");
    expect(html).toContain("<td>—</td>");
    expect(html).toContain('<a href="/insights/x.csv" download>下载 CSV</a>');
  });

  it("writes CSV a spreadsheet reads as text: quoted where needed, no formula", () => {
    const csv = chartCsv(
      {
        categories: ["安吉县", '有"引号",的名', '=HYPERLINK("x")', "-1+1"],
        series: [{ name: "件数", values: [3, 4, null, 5] }],
      },
      "地区",
    );
    expect(csv.split("\r\n")).toEqual([
      "地区,件数",
      "安吉县,3",
      '"有""引号"",的名",4',
      `"'=HYPERLINK(""x"")",`,
      "'-1+1,5",
      "",
    ]);
  });
});
