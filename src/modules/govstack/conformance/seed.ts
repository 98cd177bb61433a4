/**
 * `tongban govstack seed`: the conformance data of the public GovStack suites loaded into a database
 * (docs/govstack.md, "Running the public suites"). Safe to run again: what is there is kept.
 */
import type { Db } from "../../../platform/db/database.ts";
import type { Platform } from "../../../platform/platform.ts";
import type { Actor } from "../../../platform/policy.ts";

type ClientActor = Extract<Actor, { kind: "client" }>;

import { CLIENT_SCOPES, createClient, listClients } from "../../clients/service.ts";
import { DEMO_COUNTY, seedDemo } from "../../demo/seed.ts";
import { findLineDepartment } from "../../departments/service.ts";
import { hasAnyStaff } from "../../identity/service.ts";
import { addIdentity, type GovstackIdentity, listIdentities } from "../identities.ts";
import type { ConformanceData } from "./data.ts";
import { seedFiles } from "./files-seed.ts";
import { CONFORMANCE_LINE, seedServices } from "./registration-seed.ts";
import { seedRegistry } from "./registries-seed.ts";

export const CONFORMANCE_CLIENT = "GovStack conformance";

/** The Digital Registries suite's header, and the one its README shows. */
export const REGISTRIES_HEADERS = [
  "eGovStack/GOV/90000009/digitalregistries",
  "INSTANCE/CLASS/MEMBER/SUBSYSTEM",
];

export interface Seeded {
  clientId: string;
  /** Only when this run made the client: a token is shown once. */
  token: string | null;
  services: number;
  /** Files made by this run. */
  files: number;
  /** Registry records published by this run. */
  records: number;
}

/** The client every identity of the suites is bound to: the county government service centre's. */
async function conformanceClient(
  db: Db,
  departmentId: string,
): Promise<{ actor: ClientActor; token: string | null }> {
  const existing = (await listClients(db, "operator")).find(
    (c) => c.name === CONFORMANCE_CLIENT && c.departmentId === departmentId && c.disabledAt === null,
  );
  const made = existing
    ? { client: existing, token: null }
    : await createClient(db, "operator", {
        name: CONFORMANCE_CLIENT,
        departmentId,
        scopes: [...CLIENT_SCOPES],
      });
  const { client } = made;
  return {
    actor: {
      kind: "client",
      id: client.id,
      name: client.name,
      departmentId: client.departmentId,
      regionCode: client.regionCode,
      scopes: client.scopes,
    },
    token: made.token,
  };
}

/**
 * The suites' headers, all through the mediator (they send no token): the Registration suite's the
 * default, for its requests without a header, and with a stand-in applicant for its made-up ids.
 */
async function conformanceIdentities(
  db: Db,
  key: Buffer,
  clientId: string,
  data: ConformanceData,
): Promise<GovstackIdentity> {
  const wanted = [
    { mediatorClient: data.header, mediatorDefault: true, standInApplicants: true },
    ...REGISTRIES_HEADERS.map((mediatorClient) => ({
      mediatorClient,
      mediatorDefault: false,
      standInApplicants: false,
    })),
  ];
  const known = new Set((await listIdentities(db)).map((i) => i.mediatorClient));
  for (const identity of wanted) {
    if (known.has(identity.mediatorClient)) continue;
    await addIdentity(db, { personalDataKey: key }, { clientId, viaMediator: true, ...identity });
  }
  const registration = (await listIdentities(db)).find((i) => i.mediatorClient === data.header);
  if (registration?.apiClientId !== clientId) {
    throw new Error(`The header ${data.header} is bound to another client: remove it first`);
  }
  return registration;
}

export async function seedConformance(platform: Platform, data: ConformanceData): Promise<Seeded> {
  const db = platform.database.db;
  if (!(await hasAnyStaff(db))) await seedDemo(db);
  const department = await findLineDepartment(db, DEMO_COUNTY, CONFORMANCE_LINE);
  if (!department) throw new Error(`The demo county ${DEMO_COUNTY} has no ${CONFORMANCE_LINE} department`);
  const client = await conformanceClient(db, department.id);
  const identity = await conformanceIdentities(db, platform.config.personalDataKey, client.actor.id, data);
  await seedServices(db, data, { regionCode: DEMO_COUNTY, departmentId: department.id });
  const files = await seedFiles(
    db,
    { jobs: platform.jobs, config: platform.config, locale: "en" },
    { actor: client.actor, identity },
    data,
  );
  const records = await seedRegistry(platform, data, department.id);
  return { clientId: client.actor.id, token: client.token, services: data.services.length, files, records };
}

/** What the operator needs next: the token, where the suites point, the one setting. */
export function seededReport(baseUrl: string, seeded: Seeded): string {
  const token = seeded.token
    ? `Its token, shown this once: ${seeded.token}`
    : `It was made by an earlier run: \`tongban clients rotate ${seeded.clientId}\` gives a new token.`;
  return [
    `GovStack conformance data loaded: ${seeded.services} services, ${seeded.files} new application files, ${seeded.records} new registry records.`,
    `API client "${CONFORMANCE_CLIENT}" (${seeded.clientId}). ${token}`,
    `Registration BB:       ${baseUrl}/govstack/registration/`,
    `Digital Registries BB: ${baseUrl}/govstack/registries/ (registry "registryname", version "111")`,
    "The suites send no token: start the server with GOVSTACK_MEDIATOR_NETWORKS=127.0.0.1/32,::1/128.",
    "",
  ].join("\n");
}
