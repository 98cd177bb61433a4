import type { Module } from "../index.ts";

/** Hall devices over MQTT: kiosks, display boards and smart lockers (filled by the devices work). */
export const devicesModule: Module = { name: "devices" };
