import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { bridgeOf, startBridge, stopBridge } from "./bridge.ts";
import * as devices from "./devices.ts";
import * as lockers from "./lockers.ts";
import {
  Device,
  DeviceBody,
  DeviceList,
  LockerItem,
  LockerItemBody,
  Registered,
  SiteCode,
} from "./schemas.ts";

const tags = ["devices"];

/**
 * Hall devices: administrators register them, staff see whether they are online, clerks put results
 * into lockers. With MQTT_URL set, the bridge to the broker runs while the server does.
 */
export const devicesApi: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(Device);
  const { platform } = app;
  const db = platform.database.db;

  app.addHook("onReady", async () => {
    startBridge(platform);
  });
  app.addHook("onClose", async () => {
    await stopBridge(platform);
  });

  app.post(
    "/sites/:code/devices",
    {
      config: { policy: "site.manage" },
      schema: {
        tags,
        summary: "Register a kiosk, board or locker of a site: its secret is in this answer only",
        params: SiteCode,
        body: DeviceBody,
        response: { 201: Registered },
      },
    },
    async (request, reply) => {
      const registered = await devices.registerDevice(
        db,
        platform,
        request.actor,
        request.params.code,
        request.body,
        request.id,
      );
      return reply.code(201).header("cache-control", "no-store").send(registered);
    },
  );

  app.get(
    "/sites/:code/devices",
    {
      config: { policy: "device.read" },
      schema: {
        tags,
        summary: "A site's devices, online or not and when last seen (staff of its region)",
        params: SiteCode,
        response: { 200: DeviceList },
      },
    },
    async (request) => ({
      items: (await devices.listDevices(db, request.actor, request.params.code)).devices,
    }),
  );

  app.post(
    "/sites/:code/locker-items",
    {
      config: { policy: "locker.assign" },
      schema: {
        tags,
        summary: "Put a case's result into a locker compartment; the applicant is sent a one-time code",
        params: SiteCode,
        body: LockerItemBody,
        response: { 201: LockerItem },
      },
    },
    async (request, reply) => {
      const { item, site, locker, codeHash } = await lockers.assignLocker(
        db,
        platform,
        request.actor,
        request.params.code,
        {
          caseNumber: request.body.caseNumber,
          deviceId: request.body.device,
          compartment: request.body.compartment,
        },
        request.id,
      );
      bridgeOf(platform)?.tellLocker(site, locker, item, codeHash);
      return reply.code(201).send(item);
    },
  );
};
