import { describe, expect, it } from "vitest";
import { acceptable, licenceProblems, productionBom } from "../scripts/sbom.ts";

describe("the software bill of materials", () => {
  it("lists what Tongban ships, not its tools, each under a licence the project accepts", async () => {
    const bom = await productionBom();
    expect(bom).toMatchObject({ bomFormat: "CycloneDX", specVersion: "1.5" });
    const names = new Set(bom.components.map((c) => c.name));
    for (const shipped of ["fastify", "kysely", "pg", "pg-boss", "@electric-sql/pglite"]) {
      expect(names).toContain(shipped);
    }
    for (const tool of ["vitest", "@biomejs/biome", "typescript", "playwright-core"]) {
      expect(names).not.toContain(tool);
    }
    expect(licenceProblems(bom)).toEqual([]);
  });

  it("names a component whose licence is not accepted, or missing", () => {
    const bom = {
      bomFormat: "CycloneDX" as const,
      specVersion: "1.5",
      components: [
        { name: "fine", version: "1.0.0", licenses: [{ license: { id: "MIT" } }] },
        { name: "copyleft", version: "2.0.0", licenses: [{ license: { id: "GPL-3.0-only" } }] },
        { name: "silent", version: "3.0.0" },
      ],
    };
    expect(licenceProblems(bom)).toEqual(["copyleft@2.0.0: GPL-3.0-only", "silent@3.0.0: no licence given"]);
  });

  it("reads SPDX expressions: either side of OR, both sides of AND", () => {
    expect(acceptable("(MIT OR CC0-1.0)")).toBe(true);
    expect(acceptable("MIT OR GPL-3.0-only")).toBe(true);
    expect(acceptable("MIT AND OFL-1.1")).toBe(true);
    expect(acceptable("MIT AND GPL-3.0-only")).toBe(false);
    expect(acceptable("AGPL-3.0-or-later")).toBe(false);
  });
});
