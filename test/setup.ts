import { setAuditSealing } from "../src/modules/audit/service.ts";
import { setCryptoSuite } from "../src/platform/crypto.ts";
import { forgetProcessCaches } from "../src/platform/process-cache.ts";

// Test files share their worker's modules (vitest `isolate: false`), each on a database of its own:
// nothing one file's database put in a process-wide cache may answer for the next file's.
forgetProcessCaches();

// Every file begins under the run's suite (CRYPTO_SUITE=national runs the whole suite under SM2, SM3
// and SM4), whatever suite the file before left set.
setCryptoSuite(process.env.CRYPTO_SUITE === "national" ? "national" : "international");

// Tests that call services directly see their audit entries at once; a file that started the platform
// (which takes AUDIT_SEALING, batch by default) must not leave the next file's entries waiting unsealed.
setAuditSealing("inline");
