import type { Module } from "../index.ts";
import { devicesApi } from "./api.ts";
import { devicesPages } from "./pages.tsx";

/** Hall devices over MQTT: kiosks, display boards and smart lockers (docs/devices.md). */
export const devicesModule: Module = { name: "devices", api: devicesApi, pages: devicesPages };
