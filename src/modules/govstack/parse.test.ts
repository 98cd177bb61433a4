import { describe, expect, it } from "vitest";
import { base64Bytes, fieldParams, intParam, param, parseFormBody, scalarOf } from "./parse.ts";

const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return "none";
};

describe("param", () => {
  it("finds a parameter whatever the case of its name", () => {
    expect(param({ userID: "1" }, "userId")).toBe("1");
    expect(param({ DatabaseID: "MCTS" }, "databaseId")).toBe("MCTS");
    expect(param({}, "userId")).toBeUndefined();
    expect(param(undefined, "userId")).toBeUndefined();
  });

  it("takes a repeated parameter with one value, and refuses two", () => {
    expect(param({ name: ["a", "a"] }, "name")).toBe("a");
    expect(param({ name: "a", NAME: ["a"] }, "name")).toBe("a");
    expect(codeOf(() => param({ name: ["a", "b"] }, "name"))).toBe("govstack_param_repeated");
    expect(codeOf(() => param({ userId: "a", userid: "b" }, "userId"))).toBe("govstack_param_repeated");
  });
});

describe("intParam", () => {
  const range = { min: 0, max: 1000, fallback: 100 };
  it("reads integers within the range, the fallback when absent", () => {
    expect(intParam({ maxResult: "5" }, "maxResult", range)).toBe(5);
    expect(intParam({ maxresult: "0" }, "maxResult", range)).toBe(0);
    expect(intParam({}, "maxResult", range)).toBe(100);
    expect(intParam({ maxResult: "" }, "maxResult", range)).toBe(100);
  });

  it.each(["abc", "1.5", "1e3", "1001", "-1", "99999999999", "0x10"])(
    "refuses %s with 400 naming it",
    (value) => {
      expect(codeOf(() => intParam({ maxResult: value }, "maxResult", range))).toBe("validation_failed");
    },
  );
});

describe("fieldParams", () => {
  it("reads query.<field> and query[<field>]", () => {
    expect(
      fieldParams({ "query.FirstName": "Wang", "query[ID]": "1", other: "x", "Query.Age": "3" }, "query"),
    ).toEqual({
      FirstName: "Wang",
      ID: "1",
      Age: "3",
    });
    expect(codeOf(() => fieldParams({ "query.a": "1", "query[a]": "2" }, "query"))).toBe(
      "govstack_param_repeated",
    );
    expect(fieldParams({ "query.a": ["1", "1"] }, "query")).toEqual({ a: "1" });
  });
});

describe("scalarOf", () => {
  it("unwraps {value} and drops {} and null", () => {
    expect(scalarOf({ value: "x" })).toBe("x");
    expect(scalarOf({ value: { value: 3 } })).toBe(3);
    expect(scalarOf({})).toBeUndefined();
    expect(scalarOf(null)).toBeUndefined();
    expect(scalarOf(["a"])).toEqual(["a"]);
    expect(scalarOf({ a: 1 })).toEqual({ a: 1 });
    expect(scalarOf(false)).toBe(false);
  });
});

describe("parseFormBody", () => {
  it("nests brackets and dots, repeats into arrays, and reads JSON fields", () => {
    expect(
      parseFormBody(
        "applicantId=A1&formData%5BeFormId%5D=F.v1&formData%5Bdata%5D%5Bname%5D=%E7%8E%8B&documentUrls%5B%5D=u1&documentUrls%5B%5D=u2",
      ),
    ).toEqual({
      applicantId: "A1",
      formData: { eFormId: "F.v1", data: { name: "王" } },
      documentUrls: ["u1", "u2"],
    });
    expect(parseFormBody("write.content.ID=7&write.content.FirstName=Li")).toEqual({
      write: { content: { ID: "7", FirstName: "Li" } },
    });
    expect(parseFormBody(`formData=${encodeURIComponent('{"data":{"a":{"value":1}}}')}&note=%7Bx`)).toEqual({
      formData: { data: { a: { value: 1 } } },
      note: "{x",
    });
    expect(parseFormBody("file=a&file=b&file=c")).toEqual({ file: ["a", "b", "c"] });
    expect(parseFormBody("")).toEqual({});
  });

  it.each([
    ["a value and a group", "a=1&a%5Bb%5D=2"],
    ["a group and a value", "a%5Bb%5D=1&a=2"],
    ["too deep", "a%5Bb%5D%5Bc%5D%5Bd%5D%5Be%5D=1"],
    ["prototype", "__proto__%5Bpolluted%5D=1"],
    ["constructor", "a.constructor=1"],
    ["unclosed", "a%5Bb=1"],
    ["no name", "%5Bb%5D=1"],
  ])("refuses %s with 400", (_why, text) => {
    expect(codeOf(() => parseFormBody(text))).toBe("malformed_body");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("keeps four levels", () => {
    expect(parseFormBody("a%5Bb%5D%5Bc%5D%5Bd%5D=1")).toEqual({ a: { b: { c: { d: "1" } } } });
  });
});

describe("base64Bytes", () => {
  it("reads base64 with line breaks, a data: head, or the url alphabet", () => {
    const bytes = Buffer.from([0xff, 0xfe, 0x25, 0x50, 0x44, 0x46]);
    expect(base64Bytes(bytes.toString("base64"))).toEqual(bytes);
    expect(base64Bytes(`data:application/pdf;base64,${bytes.toString("base64")}`)).toEqual(bytes);
    expect(base64Bytes(bytes.toString("base64url"))).toEqual(bytes);
    expect(base64Bytes("JVBE\nRi0x")).toEqual(Buffer.from("%PDF-1"));
  });

  it("reads a file of megabytes (a pattern that backtracked overflowed the stack on one)", () => {
    const bytes = Buffer.alloc(10 * 1024 * 1024, 0x5a);
    expect(base64Bytes(bytes.toString("base64")).equals(bytes)).toBe(true);
  });

  it.each([
    ["not text", 42],
    ["empty", ""],
    ["spaces only", "  "],
    ["not base64", "%%%%"],
    ["bad padding", "QUJD=A"],
    ["one char", "Q"],
  ])("refuses %s with 400", (_why, value) => {
    expect(codeOf(() => base64Bytes(value))).toBe("govstack_document_invalid");
  });
});
