import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import type { ItemContent } from "./content.ts";
import {
  ChangeList,
  CompareQuery,
  DraftBody,
  Guide,
  ItemDetail,
  ItemList,
  ItemListQuery,
  ItemParams,
  NearQuery,
  NewItemBody,
  NewOfferingBody,
  Offering,
  OfferingList,
  OfferingParams,
  OfferingPatch,
  RetireBody,
  Version,
  VersionParams,
} from "./schemas.ts";
import * as service from "./service.ts";

const tags = ["catalog"];

const origin = (request: FastifyRequest): service.Origin => ({ requestId: request.id });

const presentVersion = (item: service.ItemRecord, v: service.VersionRecord) => ({
  item: item.id,
  code: item.code,
  version: v.version,
  status: v.status,
  content: v.content,
  createdAt: v.createdAt.toISOString(),
  updatedAt: v.updatedAt.toISOString(),
  publishedAt: v.publishedAt?.toISOString() ?? null,
  retiredAt: v.retiredAt?.toISOString() ?? null,
});

const presentDetail = (d: service.ItemDetail) => ({
  id: d.item.id,
  code: d.item.code,
  ownerRegionCode: d.item.ownerRegionCode,
  current: d.current && presentVersion(d.item, d.current),
  draft: d.draft && presentVersion(d.item, d.draft),
  versions: d.versions.map((v) => ({
    version: v.version,
    status: v.status,
    publishedAt: v.publishedAt?.toISOString() ?? null,
    updatedAt: v.updatedAt.toISOString(),
  })),
});

const presentSummary = (s: service.ItemSummary) => ({ ...s, updatedAt: s.updatedAt.toISOString() });

/** Service items (事项), their versions and their offerings (实施清单). */
export const catalogApi: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(Version);
  app.addSchema(Offering);
  const db = app.platform.database.db;

  app.get(
    "/catalog/guides/:item",
    {
      config: { policy: "catalog.read" },
      schema: {
        tags,
        summary: "The guide (办事指南) of an item as the public reads it: its published version",
        params: ItemParams,
        response: { 200: Guide },
      },
    },
    async (request) => {
      const { item, version } = await service.publicItem(db, request.params.item);
      return {
        id: item.id,
        code: item.code,
        version: version.version,
        retired: version.status === "retired",
        publishedAt: version.publishedAt?.toISOString() ?? null,
        content: version.content as ItemContent,
      };
    },
  );

  app.get(
    "/catalog/guides/:item/offerings",
    {
      config: { policy: "catalog.read" },
      schema: {
        tags,
        summary:
          "Where the item can be applied for: the active offerings of a region and the regions above it (near me), nearest first",
        params: ItemParams,
        querystring: NearQuery,
        response: { 200: OfferingList },
      },
    },
    async (request) => ({
      items: await service.offeringsNear(db, request.params.item, request.query.region),
    }),
  );

  app.get(
    "/catalog/items",
    {
      config: { policy: "catalog.manage" },
      schema: {
        tags,
        summary: "Items for catalogue managers, drafts included, newest change first",
        querystring: ItemListQuery,
        response: { 200: ItemList },
      },
    },
    async (request) => {
      const page = await service.listItems(db, request.actor, request.query);
      return { total: page.total, items: page.items.map(presentSummary) };
    },
  );

  app.post(
    "/catalog/items",
    {
      config: { policy: "catalog.manage" },
      schema: {
        tags,
        summary: "Start an item with its first draft (catalogue managers of the defining province)",
        body: NewItemBody,
        response: { 201: ItemDetail },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(presentDetail(await service.createItem(db, request.actor, request.body, origin(request)))),
  );

  app.get(
    "/catalog/items/:item",
    {
      config: { policy: "catalog.manage" },
      schema: {
        tags,
        summary: "An item with its current version, its draft and its history",
        params: ItemParams,
        response: { 200: ItemDetail },
      },
    },
    async (request) => presentDetail(await service.getItem(db, request.actor, request.params.item)),
  );

  app.put(
    "/catalog/items/:item/draft",
    {
      config: { policy: "catalog.manage" },
      schema: {
        tags,
        summary:
          "Save the draft (begun anew from the content given when there is none); published versions never change",
        params: ItemParams,
        body: DraftBody,
        response: { 200: ItemDetail },
      },
    },
    async (request) =>
      presentDetail(
        await service.saveDraft(
          db,
          request.actor,
          request.params.item,
          request.body.content,
          origin(request),
        ),
      ),
  );

  app.post(
    "/catalog/items/:item/publish",
    {
      config: { policy: "catalog.manage" },
      schema: {
        tags,
        summary:
          "Publish the draft: it needs every element of the guide; the version it replaces stays with the cases begun on it",
        params: ItemParams,
        response: { 200: ItemDetail },
      },
    },
    async (request) =>
      presentDetail(await service.publishDraft(db, request.actor, request.params.item, origin(request))),
  );

  app.post(
    "/catalog/items/:item/retire",
    {
      config: { policy: "catalog.manage" },
      schema: {
        tags,
        summary: "Retire the item; refused (409) while any case on it is open",
        params: ItemParams,
        body: RetireBody,
        response: { 200: ItemDetail },
      },
    },
    async (request) =>
      presentDetail(
        await service.retireItem(
          db,
          request.actor,
          request.params.item,
          request.body.reason,
          origin(request),
        ),
      ),
  );

  app.get(
    "/catalog/items/:item/versions/:version",
    {
      config: { policy: "catalog.read" },
      schema: {
        tags,
        summary: "One version of an item; drafts only for its catalogue managers",
        params: VersionParams,
        response: { 200: Type.Ref("CatalogVersion") },
      },
    },
    async (request) => {
      const { item, version } = await service.getVersion(
        db,
        request.actor,
        request.params.item,
        request.params.version,
      );
      return presentVersion(item, version);
    },
  );

  app.get(
    "/catalog/items/:item/compare",
    {
      config: { policy: "catalog.read" },
      schema: {
        tags,
        summary: "What changed from one version to another, field by field",
        params: ItemParams,
        querystring: CompareQuery,
        response: { 200: ChangeList },
      },
    },
    async (request) => ({
      from: request.query.from,
      to: request.query.to,
      changes: await service.compareVersions(
        db,
        request.actor,
        request.params.item,
        request.query.from,
        request.query.to,
      ),
    }),
  );

  app.get(
    "/catalog/items/:item/offerings",
    {
      config: { policy: "offering.manage" },
      schema: {
        tags,
        summary: "Every offering of an item, withdrawn ones included (catalogue managers)",
        params: ItemParams,
        response: { 200: OfferingList },
      },
    },
    async (request) => ({ items: await service.listOfferings(db, request.actor, request.params.item) }),
  );

  app.post(
    "/catalog/items/:item/offerings",
    {
      config: { policy: "offering.manage" },
      schema: {
        tags,
        summary:
          "Offer the item in a region by one of its departments, with only the local differences the item allows",
        params: ItemParams,
        body: NewOfferingBody,
        response: { 201: Type.Ref("CatalogOffering") },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await service.createOffering(db, request.actor, request.params.item, request.body, origin(request)),
        ),
  );

  app.patch(
    "/catalog/offerings/:id",
    {
      config: { policy: "offering.manage" },
      schema: {
        tags,
        summary: "Change an offering's local details, or withdraw it (and bring it back)",
        params: OfferingParams,
        body: OfferingPatch,
        response: { 200: Type.Ref("CatalogOffering") },
      },
    },
    async (request) =>
      service.updateOffering(db, request.actor, request.params.id, request.body, origin(request)),
  );
};
