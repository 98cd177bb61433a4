import type { PublicationDetail, SearchHit } from "./reading.ts";
import type { AnswerRow } from "./tables.ts";

export const publicationPath = (id: string) => `/disclosure/publications/${id}`;
export const attachmentPath = (publicationId: string, attachmentId: string) =>
  `/api/v1/disclosure/publications/${publicationId}/attachments/${attachmentId}`;

export function presentPublication(d: PublicationDetail) {
  const p = d.publication;
  return {
    id: p.id,
    indexNumber: p.index_number,
    category: p.category,
    title: p.title,
    body: p.body,
    documentNumber: p.document_number,
    department: { id: d.department.id, name: d.department.name, nameEn: d.department.nameEn },
    writtenOn: p.written_on,
    publishedAt: p.published_at.toISOString(),
    effectiveFrom: p.effective_from,
    expiresOn: p.expires_on,
    validity: d.validity,
    revision: p.revision,
    withdrawn:
      p.withdrawn_at && p.withdrawn_reason
        ? { at: p.withdrawn_at.toISOString(), reason: p.withdrawn_reason }
        : null,
    interprets: d.interprets,
    amendedBy: d.amendedBy,
    repealedBy: d.repealedBy,
    interpretations: d.interpretations,
    attachments: d.attachments.map((a) => ({
      id: a.id,
      name: a.name,
      mediaType: a.media_type,
      size: a.size,
      href: attachmentPath(p.id, a.id),
    })),
    revisions: d.revisions.map((r) => ({
      revision: r.revision,
      title: r.title,
      body: r.body,
      documentNumber: r.document_number,
      reason: r.reason,
      revisedAt: r.revised_at.toISOString(),
    })),
    href: publicationPath(p.id),
  };
}

export function presentHit(h: SearchHit) {
  const p = h.publication;
  return {
    id: p.id,
    indexNumber: p.index_number,
    category: p.category,
    documentNumber: p.document_number,
    departmentId: p.department_id,
    publishedAt: p.published_at.toISOString(),
    validity: h.validity,
    title: h.title,
    snippet: h.snippet,
    href: publicationPath(p.id),
  };
}

export function presentAnswer(a: AnswerRow) {
  return {
    caseId: a.case_id,
    answer: a.answer,
    reason: a.reason,
    legalBasis: a.legal_basis,
    answeredAt: a.answered_at.toISOString(),
  };
}
