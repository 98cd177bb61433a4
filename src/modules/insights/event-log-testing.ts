/**
 * For tests of the event-log export: the checks an OCEL 2.0 reader and an XML parser would make, written
 * here because no such reader is among the dependencies. Each returns the problems it found (none: valid).
 */

export interface OcelDocument {
  objectTypes: { name: string; attributes: { name: string; type: string }[] }[];
  eventTypes: { name: string; attributes: { name: string; type: string }[] }[];
  objects: {
    id: string;
    type: string;
    attributes: { name: string; time: string; value: unknown }[];
    relationships: { objectId: string; qualifier: string }[];
  }[];
  events: {
    id: string;
    type: string;
    time: string;
    attributes: { name: string; value: unknown }[];
    relationships: { objectId: string; qualifier: string }[];
  }[];
}

const OCEL_TYPES = new Set(["string", "time", "integer", "float", "boolean"]);
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

function fits(type: string, value: unknown): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "integer":
      return Number.isInteger(value);
    case "float":
      return typeof value === "number";
    case "boolean":
      return typeof value === "boolean";
    case "time":
      return typeof value === "string" && ISO_UTC.test(value);
    default:
      return false;
  }
}

/**
 * The OCEL 2.0 JSON schema's shape and what it cannot say: ids unique, every type used declared,
 * every attribute declared by its type with a value of that type, every relationship pointing at an
 * object that exists, times in ISO 8601 UTC.
 */
export function ocelProblems(doc: unknown): string[] {
  const problems: string[] = [];
  const d = doc as OcelDocument;
  for (const key of ["objectTypes", "eventTypes", "objects", "events"] as const) {
    if (!Array.isArray(d[key])) problems.push(`${key} is not an array`);
  }
  if (problems.length > 0) return problems;
  const declared = (types: OcelDocument["objectTypes"], what: string) => {
    const map = new Map<string, Map<string, string>>();
    for (const t of types) {
      if (typeof t.name !== "string" || map.has(t.name)) problems.push(`${what} ${t.name}: missing or twice`);
      if (!Array.isArray(t.attributes)) problems.push(`${what} ${t.name}: attributes is not an array`);
      for (const a of t.attributes ?? []) {
        if (!OCEL_TYPES.has(a.type)) problems.push(`${what} ${t.name}.${a.name}: unknown type ${a.type}`);
      }
      map.set(t.name, new Map((t.attributes ?? []).map((a) => [a.name, a.type])));
    }
    return map;
  };
  const objectTypes = declared(d.objectTypes, "object type");
  const eventTypes = declared(d.eventTypes, "event type");
  const objectIds = new Set<string>();
  for (const o of d.objects) {
    if (objectIds.has(o.id)) problems.push(`object ${o.id} twice`);
    objectIds.add(o.id);
  }
  const checkRelationships = (owner: string, list: { objectId: string; qualifier: string }[]) => {
    if (!Array.isArray(list)) return problems.push(`${owner}: relationships is not an array`);
    for (const r of list) {
      if (!objectIds.has(r.objectId)) problems.push(`${owner} → ${r.objectId}: no such object`);
      if (typeof r.qualifier !== "string") problems.push(`${owner} → ${r.objectId}: no qualifier`);
    }
  };
  for (const o of d.objects) {
    const type = objectTypes.get(o.type);
    if (!type) problems.push(`object ${o.id}: undeclared type ${o.type}`);
    for (const a of o.attributes) {
      const declaredType = type?.get(a.name);
      if (!declaredType) problems.push(`object ${o.id}: undeclared attribute ${a.name}`);
      else if (!fits(declaredType, a.value)) problems.push(`object ${o.id}.${a.name}: not a ${declaredType}`);
      if (!ISO_UTC.test(a.time))
        problems.push(`object ${o.id}.${a.name}: time ${a.time} is not ISO 8601 UTC`);
    }
    checkRelationships(`object ${o.id}`, o.relationships);
  }
  const eventIds = new Set<string>();
  for (const e of d.events) {
    if (eventIds.has(e.id)) problems.push(`event ${e.id} twice`);
    eventIds.add(e.id);
    const type = eventTypes.get(e.type);
    if (!type) problems.push(`event ${e.id}: undeclared type ${e.type}`);
    if (!ISO_UTC.test(e.time)) problems.push(`event ${e.id}: time ${e.time} is not ISO 8601 UTC`);
    for (const a of e.attributes) {
      const declaredType = type?.get(a.name);
      if (!declaredType) problems.push(`event ${e.id}: undeclared attribute ${a.name}`);
      else if (!fits(declaredType, a.value)) problems.push(`event ${e.id}.${a.name}: not a ${declaredType}`);
    }
    checkRelationships(`event ${e.id}`, e.relationships);
  }
  return problems;
}

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
}

const NAME = /^[A-Za-z_:][\w:.-]*/;
const ENTITY = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;

function xmlUnescape(raw: string, where: string): string {
  if (raw.includes("<")) throw new Error(`${where}: "<" in a value`);
  if (raw.replace(ENTITY, "").includes("&")) throw new Error(`${where}: a bare "&"`);
  return raw
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
}

/**
 * A strict reader of the XML subset the export writes (a declaration, elements, attributes in double
 * quotes, whitespace between elements): throws at the first thing that is not well-formed — a tag
 * left open or closed out of turn, an unquoted or repeated attribute, a bare & or <, text outside
 * the root, a character XML 1.0 forbids.
 */
export function parseXml(text: string): XmlElement {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters looked for
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(text)) throw new Error("a character XML 1.0 forbids");
  let at = 0;
  const declaration = /^<\?xml version="1\.0" encoding="UTF-8"\?>/.exec(text);
  if (declaration) at = declaration[0].length;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (at < text.length) {
    const next = text.indexOf("<", at);
    const between = text.slice(at, next < 0 ? text.length : next);
    if (between.trim() !== "") throw new Error(`text where none belongs at ${at}: ${between.slice(0, 40)}`);
    if (next < 0) break;
    at = next;
    if (text.startsWith("</", at)) {
      const end = text.indexOf(">", at);
      const name = text.slice(at + 2, end).trim();
      const open = stack.pop();
      if (!open || open.name !== name) throw new Error(`</${name}> closes <${open?.name}> at ${at}`);
      at = end + 1;
      continue;
    }
    const name = NAME.exec(text.slice(at + 1))?.[0];
    if (!name) throw new Error(`not a tag at ${at}`);
    if (root && stack.length === 0) throw new Error(`a second root <${name}>`);
    at += 1 + name.length;
    const element: XmlElement = { name, attributes: {}, children: [] };
    for (;;) {
      const rest = text.slice(at);
      const attribute = /^\s+([A-Za-z_:][\w:.-]*)="([^"]*)"/.exec(rest);
      if (attribute) {
        const [whole, key = "", raw = ""] = attribute;
        if (key in element.attributes) throw new Error(`<${name}> repeats ${key}`);
        element.attributes[key] = xmlUnescape(raw, `<${name} ${key}>`);
        at += whole.length;
        continue;
      }
      const close = /^\s*(\/?)>/.exec(rest);
      if (!close) throw new Error(`<${name}> is malformed at ${at}: ${rest.slice(0, 40)}`);
      at += close[0].length;
      stack.at(-1)?.children.push(element);
      if (!root) root = element;
      if (close[1] !== "/") stack.push(element);
      break;
    }
  }
  if (stack.length > 0) throw new Error(`<${stack.at(-1)?.name}> is never closed`);
  if (!root) throw new Error("no root element");
  return root;
}

/** The value of a child attribute element (`<string key=… value=…/>`) of an XES element. */
export function xesValue(element: XmlElement, key: string): string | undefined {
  return element.children.find((c) => c.attributes.key === key)?.attributes.value;
}
