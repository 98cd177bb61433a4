import type { Text } from "../catalog/content.ts";
import { versionContent } from "../catalog/service.ts";
import { issueLicence, type Licence } from "../licences/service.ts";
import type { Transition } from "./context.ts";
import type { CasePlan } from "./tables.ts";

const YEAR_MS = 365.25 * 86_400_000;

/**
 * The e-licence a granted case issues (制证), signed with the deciding department's key. Its fields
 * are what identify it on paper: the holder, the case it came from, and the answers of the form that
 * describe what is licensed (text and numbers; lists are joined).
 */
export async function issueCaseLicence(t: Transition): Promise<Licence> {
  const plan = t.row.plan as CasePlan;
  const decision = plan.stages.find((s) => s.kind === "decision")?.tasks[0];
  if (!plan.licence || !decision) throw new Error(`Case ${t.row.number} has no licence to issue`);
  const content = await versionContent(t.tx, t.row.item_id, t.row.item_version);
  const properties = (content.form.schema.properties ?? {}) as Record<string, { title?: string }>;
  const labelOf = (key: string): Text => {
    const label = content.form.ui?.fields?.[key]?.label;
    const title = properties[key]?.title ?? key;
    return label ?? { zh: title, en: title };
  };
  const answers = Object.entries(t.row.data)
    .filter(([, value]) => ["string", "number"].includes(typeof value) || Array.isArray(value))
    .slice(0, 20)
    .map(([key, value]) => ({
      label: labelOf(key),
      value: Array.isArray(value) ? value.join("、") : String(value),
    }));
  return issueLicence(
    t.tx,
    {
      type: plan.licence.type,
      title: plan.licence.title,
      caseId: t.row.id,
      regionCode: t.row.region_code,
      departmentId: decision.departmentId,
      holder: {
        kind: t.row.applicant_kind,
        id: t.row.applicant_id,
        name: t.row.applicant_name,
        identifierMasked: t.row.applicant_identifier_masked,
      },
      fields: [{ label: { zh: "办件编号", en: "Case number" }, value: t.row.number }, ...answers],
      validFrom: t.now,
      validUntil: plan.licence.validYears
        ? new Date(t.now.getTime() + plan.licence.validYears * YEAR_MS)
        : null,
    },
    {
      personalDataKey: t.deps.config.personalDataKey,
      now: t.now,
      deferAudit: (entry) => t.audits.push(entry),
    },
  );
}
