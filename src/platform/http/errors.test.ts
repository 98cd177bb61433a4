import Fastify from "fastify";
import { expect, it } from "vitest";
import { frameworkErrorHandler } from "./errors.ts";

function app() {
  const server = Fastify({
    frameworkErrors: frameworkErrorHandler("zh-CN", (_request, _reply, problem) => `<p>${problem.code}</p>`),
  });
  server.get("/api/v1/things/:id", async () => ({ ok: true }));
  server.get("/things/:id", async () => "page");
  return server;
}

it("answers an address that does not decode in problem+json, in the caller's language", async () => {
  const response = await app().inject({ url: "/api/v1/things/%ZZ", headers: { "accept-language": "en" } });
  expect(response.statusCode).toBe(400);
  expect(response.headers["content-type"]).toContain("application/problem+json");
  expect(response.json()).toMatchObject({
    code: "malformed_url",
    status: 400,
    instance: "/api/v1/things/%ZZ",
  });
  expect(response.json().title).toMatch(/malformed/);
  expect(response.headers["x-request-id"]).toBe(response.json().requestId);
});

it("answers a path parameter past the router's length with 414 in the same format", async () => {
  const response = await app().inject({ url: `/api/v1/things/${"a".repeat(200)}` });
  expect(response.statusCode).toBe(414);
  expect(response.json()).toMatchObject({ code: "url_too_long", status: 414 });
});

it("gives a browser the problem page instead", async () => {
  const response = await app().inject({ url: "/things/%", headers: { accept: "text/html" } });
  expect(response.statusCode).toBe(400);
  expect(response.body).toBe("<p>malformed_url</p>");
});

it("lets a façade answer under its own prefix in its own body, and only there", async () => {
  const server = Fastify({
    frameworkErrors: frameworkErrorHandler("zh-CN", () => "", [
      {
        prefix: "/facade",
        send: (_request, reply, error) => reply.code(400).send({ own: error.code }),
      },
    ]),
  });
  server.get("/facade/things/:id", async () => ({ ok: true }));
  server.get("/facade-not/:id", async () => ({ ok: true }));
  const own = await server.inject({ url: "/facade/things/%ZZ" });
  expect(own.json()).toEqual({ own: "FST_ERR_BAD_URL" });
  const beside = await server.inject({ url: "/facade-not/%ZZ" });
  expect(beside.json()).toMatchObject({ code: "malformed_url" });
});
