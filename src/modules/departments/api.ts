import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { authorize } from "../../platform/policy.ts";
import { RegionCode } from "../regions/schemas.ts";
import * as service from "./service.ts";

const Department = Type.Object(
  {
    id: Type.String({ format: "uuid" }),
    regionCode: Type.String(),
    line: Type.String({ description: "The vertical line (条), e.g. market_regulation" }),
    name: Type.String(),
    nameEn: Type.String(),
  },
  { $id: "Department" },
);
const DepartmentList = Type.Object({ items: Type.Array(Type.Ref("Department")) });
const IdParams = Type.Object({ id: Type.String({ format: "uuid" }) });
const tags = ["departments"];

export const departmentsApi: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(Department);
  const db = app.platform.database.db;

  app.get(
    "/departments",
    {
      config: { policy: "department.read" },
      schema: {
        tags,
        summary: "The departments of one region",
        querystring: Type.Object({ region: RegionCode }),
        response: { 200: DepartmentList },
      },
    },
    async (request) => {
      authorize(request.actor, "department.read");
      return { items: await service.listDepartments(db, request.query.region) };
    },
  );

  app.get(
    "/departments/:id",
    {
      config: { policy: "department.read" },
      schema: {
        tags,
        summary: "One department",
        params: IdParams,
        response: { 200: Type.Ref("Department") },
      },
    },
    async (request) => {
      authorize(request.actor, "department.read");
      return service.getDepartment(db, request.params.id);
    },
  );

  app.get(
    "/departments/:id/counterparts",
    {
      config: { policy: "department.read" },
      schema: {
        tags,
        summary: "The same line's departments in the regions above (city, province)",
        params: IdParams,
        response: { 200: DepartmentList },
      },
    },
    async (request) => {
      authorize(request.actor, "department.read");
      return { items: await service.counterparts(db, request.params.id) };
    },
  );
};
