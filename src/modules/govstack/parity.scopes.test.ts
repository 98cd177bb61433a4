import { randomUUID } from "node:crypto";
import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { department } from "../../../test/factories.ts";
import { act, applyOnline, SAMPLE_ANSWERS, TINY_PDF, taskAt } from "../cases/testing.ts";
import { CLIENT_SCOPES, type ClientScope } from "../clients/service.ts";
import { allJobs } from "../index.ts";
import { BASE, type RegistrationWorld, registrationWorld } from "./registration/testing.ts";
import { freshId, type RegistriesWorld, registriesWorld } from "./registries/testing.ts";
import { type GovstackTestClient, govstackClient } from "./testing.ts";

/**
 * "Never more than a native client with the same permissions" (docs/govstack-design.md, section 2.8,
 * item 5): for each GovStack capability and its native route (the table of item 3), and each scope set,
 * one client makes the GovStack call (its token and its own Information-Mediator-Client header) and the
 * native call (the same token): both must be allowed or both refused.
 *
 * Classification: 2xx is allowed; 401, 403 and 404 are refused (404 is how both APIs refuse a thing that
 * is not the caller's to see, so existence never leaks). On a list, a 2xx that does not show the target
 * is a refusal too: GovStack answers `GET /tasks` with `[]` where the native worklist answers 403, and
 * both then show nothing. Any other status (400, 409, 5xx) means the call itself was wrong: it fails.
 */

type Home = "centre" | "market" | "steward" | "consumer";
type Target = Record<string, string>;
type Method = "GET" | "POST" | "PUT" | "DELETE";
/** A request: method, url, body, extra headers; the runner adds the credentials of its side. */
type Request = [Method, string, object?, Record<string, string>?];
type Call = (target: Target, client: GovstackTestClient) => Request | Promise<Request>;
type Seen = (response: LightMyRequestResponse, target: Target) => boolean;

interface Pair {
  name: string;
  /** The client's department: the one whose tasks, registry or agreement the pair is about. */
  home: Home;
  /** Scopes that open it (any of); none given: everyone. */
  opens?: readonly ClientScope[];
  /** A fresh target; `perSide`: one for each call, where the first call would change the second's. */
  target?: (client: GovstackTestClient) => Promise<Target>;
  perSide?: boolean;
  govstack: Call;
  native: Call;
  seen?: { govstack: Seen; native: Seen };
}

/** A client must hold a scope: "none" is registry.subscribe, which no GovStack operation uses. */
const SCOPE_SETS: readonly (readonly [string, readonly ClientScope[]])[] = [
  ["none (registry.subscribe)", ["registry.subscribe"]],
  ["registry.read", ["registry.read"]],
  ["registry.publish", ["registry.publish"]],
  ["application.submit", ["application.submit"]],
  ["case.work", ["case.work"]],
  ["case.decide", ["case.decide"]],
  ["registry.usage", ["registry.usage"]],
  ["all seven", CLIENT_SCOPES],
];

let w: RegistrationWorld;
let r: RegistriesWorld;
let homes: Record<Home, string>;
let agreementId: string;
const clients = new Map<string, Promise<GovstackTestClient>>();

beforeAll(async () => {
  w = await registrationWorld();
  r = await registriesWorld(w.t);
  const db = w.t.platform.database.db;
  homes = {
    centre: await department(db, "330523", "government_service"),
    market: await department(db, "330523", "market_regulation"),
    steward: r.stewardDepartment,
    consumer: r.consumerDepartment,
  };
  const agreement = db
    .selectFrom("data_agreements")
    .innerJoin("registries", "registries.id", "data_agreements.registry_id")
    .select("data_agreements.id")
    .where("registries.code", "=", "child_register");
  agreementId = (await agreement.executeTakeFirstOrThrow()).id;
  // The open figures exist only once the roll-ups have run over a case (insights has no service.ts).
  await applyOnline(w);
  const refresh = allJobs().find((job) => job.name === "insights.refresh");
  if (!refresh) throw new Error("no insights.refresh job");
  const { config, jobs, log } = w.t.platform;
  await refresh.run({}, { db, config, jobs, log });
});
afterAll(() => w?.t.close());

/** One client per department and scope set, with one GovStack identity. */
function clientOf(home: Home, set: string, scopes: readonly ClientScope[]): Promise<GovstackTestClient> {
  const key = `${home}|${set}`;
  if (!clients.has(key)) clients.set(key, govstackClient(w.t.platform.database.db, homes[home], { scopes }));
  return clients.get(key) as Promise<GovstackTestClient>;
}

const inject = (client: Record<string, string>, [method, url, payload, headers]: Request) =>
  w.t.app.inject({ method, url, headers: { ...client, ...headers }, ...(payload ? { payload } : {}) });
/** Native: the same client's token, without the identity header. */
const bearer = (c: GovstackTestClient) => ({ authorization: `Bearer ${c.token}` });

const REGISTRY = "/api/v1/registries/child_register";
const USAGE = "/govstack/registries/data/mypersonalDataUsage";
const purpose = () => ({ agreementId, reason: "核对救助对象的家庭情况" });

// — targets —

type CaseTarget = { caseId: string; taskId: string };

/** A case applied for online: its intake task is the county government service centre's. */
async function atIntake(): Promise<CaseTarget> {
  const { caseId } = await applyOnline(w);
  return { caseId, taskId: (await taskAt(w.t, caseId, "intake")).id };
}

/** Taken in by the centre's clerk: the review task is market regulation's. */
async function atReview(): Promise<CaseTarget> {
  const { caseId, taskId } = await atIntake();
  const accepted = await act(w.t, w.clerk, taskId, { action: "accept" });
  if (accepted.statusCode !== 200) throw new Error(`accept: ${accepted.body}`);
  return { caseId, taskId: (await taskAt(w.t, caseId, "review")).id };
}

/** Reviewed: the decision task is market regulation's approver's. */
async function atDecision(): Promise<CaseTarget> {
  const { caseId, taskId } = await atReview();
  const reviewed = await act(w.t, w.reviewer, taskId, { action: "complete", opinion: "agree" });
  if (reviewed.statusCode !== 200) throw new Error(`review: ${reviewed.body}`);
  return { caseId, taskId: (await taskAt(w.t, caseId, "decision")).id };
}

/** The client's own submission when it may submit, else a case applied for online. */
async function ownOrOnline(client: GovstackTestClient): Promise<Target> {
  const own = await inject(bearer(client), submitNatively());
  if (own.statusCode === 201) return { caseId: own.json().caseId as string };
  return { caseId: (await applyOnline(w)).caseId };
}

/** A published record of the child register, under a number no other target uses. */
async function record(): Promise<Target> {
  const id = freshId();
  const firstName = `Parity${id}`;
  return { id, firstName, recordId: await r.publish(id, { firstName, lastName: "Stock" }) };
}

const submitNatively = (): Request => [
  "POST",
  "/api/v1/submissions",
  {
    offering: w.offeringId,
    for: { idNumber: w.applicant.idNumber },
    answers: SAMPLE_ANSWERS,
    materials: [{ key: "application", fileName: "申请书.pdf", contentBase64: TINY_PDF.toString("base64") }],
  },
  { "idempotency-key": `parity-${randomUUID()}` },
];

/** As submitSample, for the person with an account; without the upload when the client may not upload. */
async function submitThroughGovstack(_: Target, client: GovstackTestClient): Promise<Request> {
  const upload = `${BASE}/documents?additionalMetadata=application`;
  const document: Request = ["POST", upload, { file: TINY_PDF.toString("base64") }];
  const uploaded = await inject(client.headers, document);
  return [
    "POST",
    `${BASE}/services/${w.offeringId}/applications`,
    {
      applicantId: w.applicant.idNumber,
      formData: { data: { shopName: { value: "小明面馆" }, area: { value: 45 } } },
      documentUrls: uploaded.statusCode === 200 ? [uploaded.json().url as string] : [],
    },
  ];
}

/** The native worklist: every open task of the centre fits one page in this file. */
const worklistShows: Seen = (response, { caseId }) => {
  const body = response.json() as { total: number; items: { case: { id: string } }[] };
  if (body.total > body.items.length) throw new Error(`worklist of ${body.total}: page through it`);
  return body.items.some((item) => item.case.id === caseId);
};

const listsTask: Seen = (response, { taskId }) =>
  (response.json() as { taskId: string }[]).some((task) => task.taskId === taskId);
/** The native case view: a submitter's or person's has no tasks; a worker's has them. */
const caseShowsTask: Seen = (response, { taskId }) =>
  ((response.json().tasks ?? []) as { id: string }[]).some((task) => task.id === taskId);

const GRANT = { reason: "材料齐全，符合法定条件", legalBasis: "《中华人民共和国食品安全法》第三十五条" };

const file: Call = ({ caseId }) => ["GET", `${BASE}/applications/${caseId}`];
const caseView: Call = ({ caseId }) => ["GET", `/api/v1/cases/${caseId}`];
const complete =
  (data: object): Call =>
  ({ taskId }) => ["POST", `${BASE}/tasks/${taskId}/complete`, { data }];
const action =
  (body: object): Call =>
  ({ taskId }) => ["POST", `/api/v1/work/tasks/${taskId}/actions`, body];
const byId = (id: string | undefined) => ({ query: { content: { ID: id } } });

/** Pairs sharing a department, the scopes that open them, a target. */
const alike = (shared: Partial<Pair> & { home: Home }, pairs: Omit<Pair, "home">[]): Pair[] =>
  pairs.map((pair) => ({ ...shared, ...pair }));

const PAIRS: Pair[] = [
  ...alike({ home: "centre" }, [
    {
      name: "list services ↔ GET /api/v1/catalog/guides/{item}/offerings",
      govstack: () => ["GET", `${BASE}/services?maxResult=1000`],
      native: () => ["GET", `/api/v1/catalog/guides/${w.itemCode}/offerings?region=330523`],
      seen: {
        govstack: (res) => (res.json() as { id: string }[]).some((s) => s.id === w.offeringId),
        native: (res) => (res.json().items as { id: string }[]).some((o) => o.id === w.offeringId),
      },
    },
    {
      name: "read a service's eForm ↔ GET /api/v1/catalog/items/{item}/versions/{version}",
      govstack: () => ["GET", `${BASE}/eForms/${w.itemCode}.v1`],
      native: () => ["GET", `/api/v1/catalog/items/${w.itemCode}/versions/1`],
    },
    {
      name: "statistics ↔ GET /api/v1/public/insights",
      govstack: () => ["GET", `${BASE}/data/statistics`],
      native: () => ["GET", "/api/v1/public/insights?region=330523"],
    },
    {
      name: "submit for a person ↔ POST /api/v1/submissions with for: {idNumber}",
      opens: ["application.submit"],
      govstack: submitThroughGovstack,
      native: submitNatively,
    },
    {
      name: "read its own file ↔ GET /api/v1/cases/{case}",
      opens: ["application.submit", "case.work", "case.decide"],
      target: ownOrOnline,
      govstack: file,
      native: caseView,
    },
  ]),
  // A reader of a case sees its tasks natively too, whatever roles it holds.
  ...alike({ home: "centre", opens: ["case.work", "case.decide"], target: atIntake }, [
    { name: "read a file applied for online ↔ GET /api/v1/cases/{case}", govstack: file, native: caseView },
    {
      name: "list a file's tasks ↔ GET /api/v1/cases/{case} (its tasks)",
      govstack: ({ caseId }) => ["GET", `${BASE}/tasks?fileId=${caseId}`],
      native: caseView,
      seen: { govstack: listsTask, native: caseShowsTask },
    },
    {
      name: "read a task ↔ GET /api/v1/cases/{case} (its tasks)",
      govstack: ({ taskId }) => ["GET", `${BASE}/tasks/${taskId}`],
      native: caseView,
      seen: { govstack: () => true, native: caseShowsTask },
    },
  ]),
  ...alike({ home: "centre", opens: ["case.work"], target: atIntake }, [
    {
      name: "list tasks (the worklist) ↔ GET /api/v1/work/tasks",
      govstack: () => ["GET", `${BASE}/tasks?sortBy=created&sortOrder=desc&maxResult=100`],
      native: () => ["GET", "/api/v1/work/tasks?limit=200"],
      seen: { govstack: listsTask, native: worklistShows },
    },
    {
      name: "complete an intake task ↔ POST /api/v1/work/tasks/{task}/actions accept",
      perSide: true,
      govstack: complete({ status: "APPROVED" }),
      native: action({ action: "accept" }),
    },
  ]),
  ...alike({ home: "market", perSide: true }, [
    {
      name: "complete a review task ↔ …/actions complete",
      opens: ["case.work"],
      target: atReview,
      govstack: complete({ status: "APPROVED" }),
      native: action({ action: "complete", opinion: "agree" }),
    },
    {
      name: "grant at the decision ↔ …/actions grant",
      opens: ["case.decide"],
      target: atDecision,
      govstack: complete({ status: "APPROVED", ...GRANT }),
      native: action({ action: "grant", ...GRANT }),
    },
  ]),
  ...alike({ home: "consumer", opens: ["registry.read"], target: record }, [
    {
      name: "list records ↔ POST /api/v1/registries/{code}/searches",
      govstack: ({ firstName }) => ["GET", `${r.mcts}?query.FirstName=${firstName}`],
      native: ({ firstName }) => ["POST", `${REGISTRY}/searches`, { equals: { firstName }, ...purpose() }],
      seen: {
        govstack: (res, { id }) => (res.json().results as { ID: string }[]).some((x) => x.ID === id),
        native: (res, { recordId }) =>
          (res.json().items as { recordId: string }[]).some((x) => x.recordId === recordId),
      },
    },
    {
      name: "exists ↔ POST /api/v1/registries/{code}/searches by key",
      govstack: ({ id }) => ["POST", `${r.mcts}/exists`, byId(id)],
      native: ({ id }) => ["POST", `${REGISTRY}/searches`, { key: id, ...purpose() }],
    },
    {
      name: "read a record ↔ POST /api/v1/registries/{code}/reads",
      govstack: ({ id }) => ["POST", `${r.mcts}/read`, byId(id)],
      native: ({ id }) => ["POST", `${REGISTRY}/reads`, { key: id, ...purpose() }],
    },
    {
      name: "read a value ↔ POST /api/v1/registries/{code}/reads with fields",
      govstack: ({ id }) => ["GET", `${r.mcts}/${id}/readValue/FirstName.json`],
      native: ({ id }) => ["POST", `${REGISTRY}/reads`, { key: id, fields: ["firstName"], ...purpose() }],
    },
  ]),
  ...alike({ home: "steward", opens: ["registry.publish"], target: record, perSide: true }, [
    {
      name: "create a record ↔ POST /api/v1/registries/{code}/records",
      target: async () => ({ id: freshId() }),
      govstack: ({ id }) => [
        "POST",
        `${r.mcts}/create`,
        { write: { content: { ID: id, FirstName: "Anna" } } },
      ],
      native: ({ id }) => ["POST", `${REGISTRY}/records`, { key: id, data: { firstName: "Anna" } }],
    },
    {
      name: "update a record ↔ POST /api/v1/registries/{code}/record-updates",
      govstack: ({ id }) => [
        "PUT",
        `${r.mcts}/update`,
        { ...byId(id), write: { content: { LastName: "Don" } } },
      ],
      native: ({ id }) => ["POST", `${REGISTRY}/record-updates`, { key: id, data: { lastName: "Don" } }],
    },
    {
      name: "delete a record ↔ POST /api/v1/registries/{code}/retractions",
      govstack: ({ id }) => ["DELETE", `${r.mcts}/${id}/delete`],
      native: ({ id }) => ["POST", `${REGISTRY}/retractions`, { key: id }],
    },
  ]),
  {
    name: "my personal data usage ↔ POST /api/v1/registries/{code}/usage",
    home: "steward",
    opens: ["registry.usage"],
    target: record,
    govstack: ({ id }) => ["GET", `${USAGE}?userId=${id}&databaseId=MCTS`],
    native: ({ id }) => ["POST", `${REGISTRY}/usage`, { key: id }],
  },
];

type Outcome = "allowed" | "refused" | `unexpected ${number}`;

function outcomeOf(response: LightMyRequestResponse, target: Target, seen: Seen | undefined): Outcome {
  if (response.statusCode >= 200 && response.statusCode < 300)
    return seen && !seen(response, target) ? "refused" : "allowed";
  if ([401, 403, 404].includes(response.statusCode)) return "refused";
  return `unexpected ${response.statusCode}`;
}

const shown = (side: string, response: LightMyRequestResponse) =>
  `${side}: ${response.statusCode} ${response.body.slice(0, 600)}`;

for (const pair of PAIRS) {
  describe(pair.name, () => {
    for (const [set, scopes] of SCOPE_SETS) {
      const opens = pair.opens === undefined || pair.opens.some((scope) => scopes.includes(scope));
      const expected = opens ? "allowed" : "refused";
      it(`${opens ? "+" : "−"} ${set}: both ${expected}`, async () => {
        const client = await clientOf(pair.home, set, scopes);
        const first = pair.target ? await pair.target(client) : {};
        const govstack = await inject(client.headers, await pair.govstack(first, client));
        const second = pair.perSide && pair.target ? await pair.target(client) : first;
        const native = await inject(bearer(client), await pair.native(second, client));
        const report = `${shown("GovStack", govstack)}\n${shown("native", native)}`;
        const outcomes = {
          govstack: outcomeOf(govstack, first, pair.seen?.govstack),
          native: outcomeOf(native, second, pair.seen?.native),
        };
        expect(outcomes.govstack, `parity broken\n${report}`).toBe(outcomes.native);
        expect(outcomes.native, report).toBe(expected);
      });
    }
  });
}
