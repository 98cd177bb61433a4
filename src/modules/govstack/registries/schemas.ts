import { Type } from "typebox";

/**
 * What the façade answers, declared so nothing else leaks. A record's content has the exposure's field
 * names, so it is a record of values; the specs' schemas themselves are the tests' oracle.
 */

const Content = Type.Record(Type.String(), Type.Unknown());

export const ListResponse = Type.Object({
  count: Type.Integer(),
  next: Type.Optional(Type.String()),
  previous: Type.Optional(Type.String()),
  results: Type.Array(Content),
});

export const ContentResponse = Type.Object({ content: Content });

export const CreateEntriesResponse = Type.Object({
  receive: Type.Array(
    Type.Object({
      content: Content,
      createdAt: Type.String({ format: "date-time" }),
      modifiedAt: Type.String({ format: "date-time" }),
      uuid: Type.String(),
    }),
  ),
});

export const ExistsResponse = Type.Object({
  answer: Type.Object({ status: Type.Boolean(), message: Type.String() }),
});

export const UpdateResponse = Type.Object({
  query: Type.Optional(Type.Unknown()),
  write: Type.Unknown(),
  count: Type.Optional(Type.Integer()),
});

export const UsageResponse = Type.Array(
  Type.Object({
    id: Type.String(),
    readerId: Type.String(),
    readerInitials: Type.String(),
    readerInstitutionId: Type.String(),
    readerInstitutionName: Type.String(),
    readerApplicationName: Type.Optional(Type.String()),
    searchDateTime: Type.String(),
    refrences: Type.Array(Type.Object({ ReferenceId: Type.String() })),
  }),
);

export const DatabaseInfo = Type.Object({
  id: Type.Integer(),
  version: Type.String(),
  name: Type.String(),
  description: Type.String(),
  institution: Type.String(),
  numberFormat: Type.String(),
  schema: Type.Unknown(),
  schemaTags: Type.Array(Type.Unknown()),
  schemaFlags: Type.Array(Type.Object({ name: Type.String(), path: Type.String() })),
  fieldsUniques: Type.Array(Type.Array(Type.String())),
  isDraft: Type.Boolean(),
  isDisabled: Type.Boolean(),
  isArchived: Type.Boolean(),
  modifiedAt: Type.String(),
  generic_Services: Type.Array(
    Type.Object({
      serviceId: Type.Integer(),
      name: Type.String(),
      isVisible: Type.Boolean(),
      usedCount: Type.Integer(),
    }),
  ),
  dataIndexIncrement: Type.Integer(),
  hasLogo: Type.Boolean(),
});

export const DatabasesResponse = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  code: Type.String(),
  groupId: Type.Integer(),
  order: Type.Integer(),
  dataIndexIncrement: Type.Integer(),
  databases: Type.Array(DatabaseInfo),
});
