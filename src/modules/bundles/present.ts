import type { BundleApplicationView, BundleOffer } from "./service.ts";
import { childProgress, nextStep } from "./status.ts";

/** The API's view of a bundle, with where each item is offered when a region was asked about. */
export function presentBundle(offer: BundleOffer) {
  const { bundle } = offer;
  return {
    code: bundle.code,
    version: bundle.version,
    ownerRegionCode: bundle.ownerRegionCode,
    definition: bundle.definition,
    offered: offer.offered,
    children: offer.offerings
      ? bundle.definition.children.map((child, i) => {
          const offering = offer.offerings?.[i];
          return {
            itemCode: child.itemCode,
            offered: offering !== undefined,
            offeringId: offering?.id ?? null,
            department: offering?.departmentName ?? null,
          };
        })
      : null,
  };
}

export const certificateUrl = (licenceId: string) => `/api/v1/licences/${licenceId}/certificate.pdf`;
export const applyAloneUrl = (offeringId: string) => `/apply/${offeringId}`;

/** A bundle application with each child's state, what to do next where one failed, and the times. */
export function presentApplication(view: BundleApplicationView) {
  const { application, children, status } = view;
  return {
    id: application.id,
    bundleCode: application.bundleCode,
    bundleName: application.bundleName,
    regionCode: application.regionCode,
    applicantName: application.applicant.name,
    submittedAt: application.submittedAt.toISOString(),
    status,
    children: children.map((c) => {
      const next = nextStep(c);
      return {
        position: c.position,
        itemCode: c.itemCode,
        itemName: c.itemName,
        caseId: c.caseId,
        number: c.number,
        progressUrl: `/cases/${c.number}`,
        state: c.state,
        outcome: c.outcome,
        progress: childProgress(c),
        department: c.departmentName,
        submittedAt: c.submittedAt.toISOString(),
        closedAt: c.closedAt?.toISOString() ?? null,
        nextStep: next ? { kind: next, applyUrl: applyAloneUrl(c.offeringId) } : null,
        licence: c.licenceId ? { id: c.licenceId, certificateUrl: certificateUrl(c.licenceId) } : null,
      };
    }),
    times:
      application.settledAt && application.bundleSeconds !== null && application.childrenSeconds !== null
        ? {
            settledAt: application.settledAt.toISOString(),
            bundleSeconds: application.bundleSeconds,
            childrenSeconds: application.childrenSeconds,
          }
        : null,
  };
}
