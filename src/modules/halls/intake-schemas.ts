import { Type } from "typebox";

/** The request and response shapes of window intake; drafts are shown as the applications API shows them. */

const Pass = Type.String({
  maxLength: 300,
  description: "The intake pass given when the person was found or registered: proof of that step",
});
const SiteCode = Type.String({
  maxLength: 60,
  description: "The hall or service point the clerk sits at (its code); it decides the case's channel",
});

export const FindBody = Type.Object(
  {
    idNumber: Type.String({ maxLength: 40, description: "The person's full resident ID number (GB 11643)" }),
    purpose: Type.String({
      maxLength: 500,
      description: "Why the person's data is read; shown to the person and kept in the audit trail",
      examples: ["窗口受理：为申请人办理食品经营许可"],
    }),
  },
  { additionalProperties: false },
);

export const RegisterBody = Type.Object(
  {
    name: Type.String({ maxLength: 200 }),
    idNumber: Type.String({ maxLength: 40, description: "Checked by its GB 11643 check digit" }),
    mobile: Type.String({ maxLength: 40 }),
    purpose: Type.Optional(
      Type.String({
        maxLength: 500,
        description: "Why the data is read when the ID number turns out to have an account already",
      }),
    ),
  },
  { additionalProperties: false },
);

export const FoundPerson = Type.Object({
  person: Type.Ref("PersonProfile"),
  pass: Type.String(),
  created: Type.Boolean({ description: "Registered just now (no password yet); false when found" }),
});

export const StartBody = Type.Object(
  {
    pass: Pass,
    site: SiteCode,
    offering: Type.String({ format: "uuid", description: "The offering (实施清单) applied through" }),
    crossRegion: Type.Optional(
      Type.Boolean({
        description:
          "Taken in here for another region to handle (跨域通办): the offering is that region's, and this site does the intake and hands back the result",
      }),
    ),
  },
  { additionalProperties: false },
);

export const TakeOverBody = Type.Object(
  {
    pass: Pass,
    site: SiteCode,
    application: Type.String({
      maxLength: 60,
      description: "The person's draft: its id, or the number of its case, as shown on their phone",
    }),
  },
  { additionalProperties: false },
);

export const WindowSubmitted = Type.Object({
  caseId: Type.String(),
  number: Type.String(),
  receipt: Type.String({ description: "The receipt to print at the window" }),
  progress: Type.String({ description: "Where the applicant follows the case online" }),
});

export const CaseParams = Type.Object({ case: Type.String({ maxLength: 40 }) });
