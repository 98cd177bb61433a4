import type { Module } from "../index.ts";
import { webhooksApi } from "./api.ts";
import { webhookDeliverJob } from "./jobs.ts";

/** Webhooks for integrators: subscriptions, signed deliveries retried with backoff, the public keys. */
export const webhooksModule: Module = { name: "webhooks", api: webhooksApi, jobs: [webhookDeliverJob] };
