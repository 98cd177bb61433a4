/**
 * Registries and data sharing: what other modules and the routes call. Defining and publishing
 * (registries.ts, record-writes.ts), agreements (agreements.ts), reads (reads.ts, browse.ts), the
 * reads of one record (usage.ts).
 */
export {
  type AgreementInput,
  currentAgreement,
  decideAgreement,
  getAgreement,
  listAgreements,
  requestAgreement,
} from "./agreements.ts";
export { type BrowseInput, browseRegistry } from "./browse.ts";
export {
  type AgreementPurpose,
  logRead,
  type ReadLog,
  type RecordView,
  readRecord,
  registryChanges,
} from "./reads.ts";
export { MAX_BATCH, MAX_PATCHED, patchMatching, patchRecord, publishRecords } from "./record-writes.ts";
export {
  allRegistries,
  defineRegistry,
  type ExchangeDeps,
  getRegistry,
  listRegistries,
  type PublishInput,
  publishRecord,
  type RecordTarget,
  type RegistryInput,
  registryOf,
  retractRecord,
} from "./registries.ts";
export type { Agreement, Change, Registry } from "./store.ts";
export type { FieldType, KeyKind, RegistryField, SubjectKind } from "./tables.ts";
export { type RecordUsage, recordUsage } from "./usage.ts";
