import { describe, expect, it } from "vitest";
import { withoutSecrets } from "./metrics.ts";

describe("request log lines", () => {
  it("keep no bearer secret of a URL", () => {
    expect(withoutSecrets("/s/AbC-123_xyz")).toBe("/s/…");
    expect(withoutSecrets("/api/v1/shares/AbC-123_xyz?lang=en")).toBe("/api/v1/shares/…?lang=en");
    expect(withoutSecrets("/account/verify?token=secret&next=/x")).toBe("/account/verify?token=…&next=/x");
    expect(withoutSecrets("/apply/1?_csrf=abc")).toBe("/apply/1?_csrf=…");
    expect(withoutSecrets("/services/330000-SCJG-0001")).toBe("/services/330000-SCJG-0001");
    expect(withoutSecrets("/search?q=token")).toBe("/search?q=token");
  });
});
