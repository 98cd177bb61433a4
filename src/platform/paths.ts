import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * The project's root folder (where package.json is), whether this code runs from `src/` through tsx
 * or from the bundle in `dist/`: files shipped beside the code are found from here.
 */
export const PROJECT_ROOT = ((): string => {
  let dir = import.meta.dirname;
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${import.meta.dirname}`);
    dir = parent;
  }
  return dir;
})();
