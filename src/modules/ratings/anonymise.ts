/**
 * What a public page may show of a comment: the text with the personal data a person may have typed
 * into it masked — e-mail addresses, resident ID numbers (18 or 15 characters), and phone numbers
 * (mobile, and landlines with an area code). Names cannot be told from other words reliably; the page
 * never shows the rater's name, and a comment naming someone can be reported (see docs/ratings.md).
 */
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const ID_NUMBER = /(?<!\d)(\d{6})\d{8}(\d{3}[\dXx]|\d)(?!\d)|(?<!\d)\d{15}(?!\d)/g;
const MOBILE = /(?<!\d)(?:\+?86[- ]?)?(1[3-9]\d)[- ]?\d{4}[- ]?(\d{4})(?!\d)/g;
const LANDLINE = /(?<!\d)0\d{2,3}[- ]?\d{7,8}(?!\d)/g;

export function anonymise(text: string): string {
  return text
    .replace(EMAIL, (m) => `${m[0]}***@***`)
    .replace(ID_NUMBER, "[身份证号已隐藏]")
    .replace(MOBILE, (_m, head: string, tail: string) => `${head}****${tail}`)
    .replace(LANDLINE, "[电话已隐藏]");
}
