/**
 * The Registration suite's application files as real cases: each submitted by the conformance client
 * through the façade's own submission, its fixed file id and task ids kept as aliases of the case and
 * of its intake task. One is sent back, so the suite's correction has a file it may update.
 */

import type { Locale } from "../../../platform/config.ts";
import type { Db } from "../../../platform/db/database.ts";
import type { Actor } from "../../../platform/policy.ts";
import type { SubmitDeps } from "../../applications/service.ts";
import { actOnTask, getCase } from "../../cases/service.ts";
import { aliasTarget, setAlias } from "../aliases.ts";
import type { GovstackIdentity } from "../identities.ts";
import { submitFile } from "../registration/files.ts";
import type { ConformanceData } from "./data.ts";

/** The file the suite's `PUT /applications/{fileId}` corrects. */
export const SENT_BACK_FILE = "b8508d35-c2f3-442b-88a1-267ca25e85c0";

export async function seedFiles(
  db: Db,
  deps: SubmitDeps & { locale: Locale },
  caller: { actor: Actor; identity: GovstackIdentity },
  data: ConformanceData,
): Promise<number> {
  let made = 0;
  for (const file of data.files) {
    // Rerun: a file already bound is left as it is, whatever happened to its case since.
    if (await aliasTarget(db, "file", file.fileId)) continue;
    const submitted = await submitFile(
      db,
      deps,
      caller,
      file.serviceId,
      {
        applicantId: file.applicantId,
        applicationName: file.description ?? file.fileId,
        formData: { data: { note: `GovStack conformance file ${file.fileId}` } },
      },
      `govstack-seed-${file.fileId}`,
    );
    const view = await getCase(db, caller.actor, submitted.fileId);
    const intake = view.tasks?.find((task) => task.stageKind === "intake" && task.status === "open");
    if (!intake) throw new Error(`The conformance file ${file.fileId} has no open intake task`);
    await setAlias(db, "file", file.fileId, view.id);
    // Several task ids of one file: the first names the intake task (aliases are one to one).
    const [taskId] = file.taskIds;
    if (taskId) await setAlias(db, "task", taskId, intake.id);
    if (file.fileId === SENT_BACK_FILE) {
      await actOnTask(db, deps, caller.actor, intake.id, {
        action: "request_supplement",
        items: [{ problem: "Please complete the note (GovStack conformance)" }],
      });
    }
    made += 1;
  }
  return made;
}
