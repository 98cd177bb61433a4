import { maskIdNumber, maskMobile } from "../../platform/personal-data.ts";

// Order matters: ID numbers (15 or 18 characters) before phone numbers, which they would otherwise hold.
const ID_NUMBER = /(?<![\dA-Za-z])(\d{17}[\dXx]|\d{15})(?![\dA-Za-z])/g;
const MOBILE = /(?<!\d)(?:\+?86[\s-]?)?(1[3-9]\d)[\s-]?(\d{4})[\s-]?(\d{4})(?!\d)/g;
// Landlines: an area code of 3–4 digits starting 0, then 7–8 digits (0572-5123456, 057212345678).
const LANDLINE = /(?<!\d)(0\d{2,3})[\s-]?(\d{3,4})(\d{4})(?!\d)/g;
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;

/** 王** for 王小明; J*** for John. The first character tells a reader nothing of who it was. */
function maskName(name: string): string {
  const chars = [...name];
  return chars[0] + "*".repeat(Math.max(1, chars.length - 1));
}

/**
 * Text made fit to publish: the names given (the requester's), ID numbers, mobile and landline numbers
 * and e-mail addresses masked. Other names cannot be recognised reliably in free text, so the staff who
 * publish a reply read it first; docs/requests.md says so.
 */
export function redact(text: string, names: readonly string[] = []): string {
  let out = text
    .replace(ID_NUMBER, (id) => maskIdNumber(id))
    .replace(EMAIL, (email) => {
      const at = email.indexOf("@");
      return `${email.slice(0, 1)}***${email.slice(at)}`;
    })
    .replace(MOBILE, (_m, a: string, b: string, c: string) => maskMobile(`${a}${b}${c}`))
    .replace(LANDLINE, (_m, area: string, _mid: string, last: string) => `${area}-****${last}`);
  for (const name of names) {
    const trimmed = name.trim();
    // A one-character "name" would mask every occurrence of that character.
    if ([...trimmed].length < 2) continue;
    out = out.split(trimmed).join(maskName(trimmed));
  }
  return out;
}
