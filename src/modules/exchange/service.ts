/**
 * Registries and data sharing: what other modules and the routes call. Defining and publishing
 * (registries.ts), agreements (agreements.ts), reads (reads.ts).
 */
export {
  type AgreementInput,
  decideAgreement,
  getAgreement,
  listAgreements,
  requestAgreement,
} from "./agreements.ts";
export {
  type AgreementPurpose,
  logRead,
  type ReadLog,
  type RecordView,
  readRecord,
  registryChanges,
  type SearchInput,
  searchRegistry,
} from "./reads.ts";
export {
  defineRegistry,
  type ExchangeDeps,
  getRegistry,
  listRegistries,
  type PublishInput,
  publishRecord,
  type RegistryInput,
  retractRecord,
} from "./registries.ts";
export type { Agreement, Change, Registry } from "./store.ts";
