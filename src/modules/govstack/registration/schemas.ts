import { type Static, Type } from "typebox";

/**
 * The Registration BB's response bodies as TypeBox schemas (mirrors of registration-api.json and
 * registration-statistics-api.json), declared on the routes so nothing beyond them leaks.
 */

const Instant = Type.String({ format: "date-time" });
const Property = Type.Object({ code: Type.String(), value: Type.String() });
/** `{field: {value}}`: the spec's `additionalProperties: {type: object}` forces the wrapping. */
const Wrapped = Type.Record(Type.String(), Type.Object({ value: Type.Unknown() }));

export const StatusModel = Type.Object({
  code: Type.Enum(["PENDING", "APPROVED", "SENDBACK", "REJECTED"]),
  title: Type.String(),
});

export const Service = Type.Object({
  id: Type.String(),
  name: Type.String(),
  version: Type.String(),
  type: Type.Enum(["None", "Private", "Public"]),
  isExecutable: Type.Boolean(),
  isClosed: Type.Boolean(),
  description: Type.String(),
  serviceBody: Type.Array(Property),
});
export type Service = Static<typeof Service>;

export const EFormListItem = Type.Object({
  eFormId: Type.String(),
  name: Type.String(),
  description: Type.String(),
  version: Type.String(),
  latest: Type.Boolean(),
});
export type EFormListItem = Static<typeof EFormListItem>;

export const EForm = Type.Object({
  eFormId: Type.String(),
  name: Type.String(),
  description: Type.String(),
  version: Type.String(),
  latest: Type.Boolean(),
  schema: Type.Record(Type.String(), Type.Unknown()),
});
export type EForm = Static<typeof EForm>;

export const ApplicationData = Type.Object({
  applicationName: Type.Optional(Type.String()),
  applicantId: Type.String(),
  created: Type.Optional(Instant),
  formData: Type.Object({ eFormId: Type.Optional(Type.String()), data: Wrapped }),
  documentUrls: Type.Optional(Type.Array(Type.String())),
});

export const ApplicationFile = Type.Object({
  fileId: Type.String(),
  /** Required at the top by the spec, beside `applicationData.applicantId`. */
  applicantId: Type.String(),
  registered: Instant,
  serviceId: Type.String(),
  serviceName: Type.String(),
  status: StatusModel,
  ended: Type.Boolean(),
  applicationData: ApplicationData,
});
export type ApplicationFile = Static<typeof ApplicationFile>;

const AdditionalData = Type.Object({ data: Wrapped });

export const ApplicantFileListItem = Type.Object({
  fileId: Type.String(),
  mainTaskId: Type.Optional(Type.String()),
  taskTitle: Type.Optional(Type.String()),
  roleId: Type.Optional(Type.String()),
  roleName: Type.Optional(Type.String()),
  assigneeId: Type.Optional(Type.String()),
  operatorName: Type.Optional(Type.String()),
  status: StatusModel,
  applicantId: Type.String(),
  created: Instant,
  registered: Instant,
  description: Type.String(),
  serviceName: Type.String(),
  serviceId: Type.String(),
  eformId: Type.String(),
  documentUrls: Type.Array(Type.String()),
  additionalMeta: AdditionalData,
});
export type ApplicantFileListItem = Static<typeof ApplicantFileListItem>;

const TaskFields = {
  taskId: Type.String(),
  assigneeId: Type.Optional(Type.String()),
  roleId: Type.String(),
  created: Instant,
  description: Type.String(),
  serviceId: Type.String(),
  serviceName: Type.String(),
  fileId: Type.String(),
  eFormId: Type.String(),
  status: StatusModel,
};

export const UserTask = Type.Object({ ...TaskFields, mainTaskId: Type.String(), name: Type.String() });
export type UserTask = Static<typeof UserTask>;

export const DataUserTask = Type.Object({
  ...TaskFields,
  taskName: Type.String(),
  formVariables: Wrapped,
  data: Wrapped,
});
export type DataUserTask = Static<typeof DataUserTask>;

export const CompletedTask = Type.Object({
  taskId: Type.String(),
  fileId: Type.String(),
  serviceId: Type.String(),
  status: StatusModel,
  variables: Type.Record(Type.String(), AdditionalData),
});
export type CompletedTask = Static<typeof CompletedTask>;

export const UploadResponse = Type.Object({
  code: Type.Integer(),
  type: Type.String(),
  message: Type.String(),
  url: Type.String(),
});
export type UploadResponse = Static<typeof UploadResponse>;

export const Statistics = Type.Array(
  Type.Object({
    processed: Type.Integer(),
    approved: Type.Integer(),
    sentBack: Type.Integer(),
    rejected: Type.Integer(),
    references: Type.Object({
      startDate: Type.String({ format: "date" }),
      endDate: Type.String({ format: "date" }),
      registrationName: Type.Optional(Type.String()),
      timeframeDay: Type.Boolean(),
      timeframeWeek: Type.Boolean(),
      timeframeMonth: Type.Boolean(),
      timeframeYear: Type.Boolean(),
    }),
  }),
);
export type Statistics = Static<typeof Statistics>;
