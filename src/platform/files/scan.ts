import { createHash } from "node:crypto";
import { auditActor, recordAudit } from "../../modules/audit/service.ts";
import type { Config } from "../config.ts";
import type { Db } from "../db/database.ts";
import type { Actor } from "../policy.ts";
import { currentRequest } from "../request-scope.ts";
import { type CheckedUpload, checkUpload, type UploadType } from "./check.ts";
import { ClamdFailure, scanWithClamd } from "./clamd.ts";
import { fileErrors } from "./errors.ts";

/**
 * The gate every upload passes before the file store keeps it (ASVS 5.4.3; MLPS 恶意代码防范): the
 * content checks of check.ts, then — when CLAMD_URL is set — ClamAV's daemon looks at the bytes as they
 * were sent, before strip.ts cleans them, so a payload hidden where the strip would cut is still found
 * and reported. Modules never call checkUpload themselves (scan.test.ts holds them to it).
 *
 * It fails closed: with clamd configured, a file is kept only on its "OK". Unreachable, slow or failing,
 * clamd makes the upload a 503 to try again later, never a file kept unscanned; a file too large for
 * clamd to read whole is refused (413). A match refuses the file (422, naming the signature) and is
 * recorded — an audit entry in a transaction of its own, which the refusal does not roll back, and a
 * warning in the request's log line — with the uploader, the file's SHA-256 and the signature. Nothing
 * of the file is stored.
 *
 * Runs before the transaction that records the file: `db` is the database, never a transaction.
 */
export interface AdmitDeps {
  db: Db;
  config: Pick<Config, "clamd">;
}

export async function admitUpload(
  deps: AdmitDeps,
  uploader: Actor,
  bytes: Uint8Array,
  options: { maxBytes: number; allowed?: readonly UploadType[] },
): Promise<CheckedUpload> {
  if (deps.db.isTransaction) {
    throw new Error(
      "admitUpload runs before the transaction that records the file: pass the database, so a refusal's audit entry is kept",
    );
  }
  const checked = await checkUpload(bytes, options);
  await scanUpload(deps, uploader, bytes);
  return checked;
}

/** clamd's names for a file it stopped reading at a limit (AlertExceedsMax): unscanned, not infected. */
const LIMIT_EXCEEDED = /^Heuristics\.Limits\.Exceeded/;

async function scanUpload(deps: AdmitDeps, uploader: Actor, bytes: Uint8Array): Promise<void> {
  const clamd = deps.config.clamd;
  if (!clamd) return;
  const request = currentRequest();
  const log = request?.log;
  let verdict: Awaited<ReturnType<typeof scanWithClamd>>;
  try {
    verdict = await scanWithClamd(clamd, bytes);
  } catch (error) {
    if (!(error instanceof ClamdFailure)) throw error;
    if (error.kind !== "size_limit") throw fileErrors.scanUnavailable(error.message);
    log?.warn(
      { size: bytes.length },
      `${error.message}: raise StreamMaxLength in clamd.conf to the largest upload (50M)`,
    );
    throw fileErrors.tooLargeToScan();
  }
  if (!verdict.found) return;
  const { signature } = verdict;
  if (LIMIT_EXCEEDED.test(signature)) {
    log?.warn(
      { size: bytes.length, signature },
      "clamd stopped reading an upload at one of its limits: raise MaxFileSize and MaxScanSize in clamd.conf to the largest upload (50M)",
    );
    throw fileErrors.tooLargeToScan();
  }
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  await deps.db.transaction().execute((tx) =>
    recordAudit(tx, {
      ...auditActor(uploader),
      action: "file.malware_found",
      subjectKind: "file",
      subjectId: sha256,
      requestId: request?.requestId ?? null,
      details: { signature, size: bytes.length },
    }),
  );
  log?.warn(
    { uploader: auditActor(uploader), sha256, size: bytes.length, signature },
    "upload refused: the virus scanner found malicious code",
  );
  throw fileErrors.malwareFound(signature);
}
