/**
 * `npm run sbom -- [FILE]`: the software bill of materials of what Tongban ships — its production
 * dependencies, as CycloneDX 1.5 JSON from npm's own `npm sbom` — written to FILE (default
 * sbom.cdx.json), after checking that every component's licence is one the project accepts.
 * Exits 1, naming them, when a component has another licence or none.
 */
import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { promisify } from "node:util";

/** Permissive licences (SPDX ids); OFL-1.1 is the fonts' (a font may be embedded in any document). */
export const ACCEPTED = new Set([
  "MIT",
  "MIT-0",
  "ISC",
  "0BSD",
  "BSD-2-Clause",
  "BSD-3-Clause",
  "Apache-2.0",
  "BlueOak-1.0.0",
  "CC0-1.0",
  "Unlicense",
  "OFL-1.1",
]);

interface Component {
  name: string;
  version: string;
  licenses?: ({ license: { id?: string; name?: string } } | { expression: string })[];
}

export interface Bom {
  bomFormat: "CycloneDX";
  specVersion: string;
  components: Component[];
}

/** The bill of materials of the production dependencies, as npm makes it from node_modules. */
export async function productionBom(cwd = process.cwd()): Promise<Bom> {
  const { stdout } = await promisify(execFile)(
    "npm",
    ["sbom", "--sbom-format", "cyclonedx", "--omit", "dev"],
    { cwd, maxBuffer: 64 * 1024 * 1024 },
  );
  return JSON.parse(stdout) as Bom;
}

/**
 * Whether an SPDX expression may be taken: "A OR B" when either may, "A AND B" when both may. Enough for
 * the flat expressions packages write; parentheses are dropped, which keeps that reading for them.
 */
export function acceptable(expression: string): boolean {
  const flat = expression.replaceAll(/[()]/g, " ").trim();
  return flat
    .split(/\s+OR\s+/)
    .some((alternative) => alternative.split(/\s+AND\s+/).every((id) => ACCEPTED.has(id.trim())));
}

/** The components whose licence is not accepted, or not given, each with what it says. */
export function licenceProblems(bom: Bom): string[] {
  const problems: string[] = [];
  for (const c of bom.components) {
    const said = (c.licenses ?? []).map((l) =>
      "expression" in l ? l.expression : (l.license.id ?? l.license.name),
    );
    const known = said.filter((s): s is string => typeof s === "string" && s !== "");
    if (known.length === 0) problems.push(`${c.name}@${c.version}: no licence given`);
    else if (!known.some(acceptable)) problems.push(`${c.name}@${c.version}: ${known.join(", ")}`);
  }
  return problems;
}

async function main(): Promise<void> {
  const file = process.argv[2] ?? "sbom.cdx.json";
  const bom = await productionBom();
  const problems = licenceProblems(bom);
  if (problems.length > 0) {
    process.stderr.write(`sbom: licences the project does not accept:\n  ${problems.join("\n  ")}\n`);
    process.exitCode = 1;
    return;
  }
  await writeFile(file, `${JSON.stringify(bom, null, 2)}\n`);
  process.stdout.write(
    `sbom: ${bom.components.length} components, every licence accepted, written to ${file}\n`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
