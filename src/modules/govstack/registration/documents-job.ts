import type { JobDefinition } from "../../../platform/jobs.ts";
import { DOCUMENT_DAYS, expireDocuments } from "./documents.ts";

/**
 * Deletes GovStack uploads no application took within DOCUMENT_DAYS, daily: a document waits for its
 * application, not forever. The bytes are stored by content and may be another file's too; they stay.
 */
export const documentsExpiryJob: JobDefinition = {
  name: "govstack.documents-expire",
  schedule: { cron: "15 3 * * *", tz: "Asia/Shanghai" },
  async run(_data, { db, log }) {
    const deleted = await expireDocuments(db);
    if (deleted > 0) log.info({ deleted, days: DOCUMENT_DAYS }, "unused GovStack documents deleted");
  },
};
