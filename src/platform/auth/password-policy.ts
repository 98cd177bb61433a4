import { createRequire } from "node:module";

// Loaded on the first password checked, not at start: the list takes a tenth of a second to unpack.
const require = createRequire(import.meta.url);

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;

export type PasswordProblem =
  | "too_short"
  | "too_long"
  | "common"
  | "contains_identity"
  | "context_word"
  | "repetitive";

/**
 * The words of this service an attacker tries first against any of its accounts (ASVS 6.1.2, 6.2.11;
 * docs/security.md, "Passwords"): the product, the sector, the roles and places of work, in characters
 * and pinyin. The account's own region and departments come on top of these (`placeWords`).
 */
export const CONTEXT_WORDS: readonly string[] = [
  "tongban",
  "通办",
  "一网通办",
  "yiwangtongban",
  "跨省通办",
  "kuashengtongban",
  "zhengwu",
  "政务",
  "政务服务",
  "zhengwufuwu",
  "zwfw",
  "互联网",
  "hulianwang",
  "zhengfu",
  "政府",
  "government",
  "gov",
  "办事",
  "banshi",
  "大厅",
  "dating",
  "窗口",
  "chuangkou",
  "受理",
  "shouli",
  "审核",
  "shenhe",
  "审批",
  "shenpi",
  "监察",
  "jiancha",
  "督查",
  "ducha",
  "管理员",
  "guanliyuan",
  "系统管理员",
  "安全管理员",
  "审计管理员",
  "三员",
  "sanyuan",
  "shenji",
  "admin",
  "administrator",
  "clerk",
  "reviewer",
  "approver",
  "supervisor",
  "staff",
];

/** What must be left of a password once the words of this service and of its account are taken out. */
export const MIN_OWN_CHARACTERS = 6;

let common: Set<string> | undefined;

/** About 49,000 of the passwords people choose most, from the zxcvbn-ts common dictionary. */
function commonPasswords(): Set<string> {
  if (!common) {
    const { dictionary } =
      require("@zxcvbn-ts/language-common") as typeof import("@zxcvbn-ts/language-common");
    common = new Set(dictionary["passwords-common"] as string[]);
  }
  return common;
}

const SEPARATORS = /[\d\s\p{P}\p{S}]+/gu;

/**
 * Whether the password is built on words an attacker would try for this account: with them, digits and
 * punctuation taken out, less than MIN_OWN_CHARACTERS remain, or a common password does. A long
 * passphrase that merely mentions one of them is not refused.
 */
function builtOnContext(lower: string, words: readonly string[]): boolean {
  let rest = lower;
  for (const word of [...words].sort((a, b) => b.length - a.length)) rest = rest.replaceAll(word, " ");
  if (rest === lower) return false;
  const own = rest.replace(SEPARATORS, "");
  return [...own].length < MIN_OWN_CHARACTERS || commonPasswords().has(own);
}

/** Words long enough to mean something: two Chinese characters, or three letters. */
function meaningful(word: string): boolean {
  return /\p{Script=Han}/u.test(word) ? [...word].length >= 2 : word.length >= 3;
}

/**
 * Length over composition rules (NIST SP 800-63B): at least 10 characters, not one of the passwords
 * people choose most, not built on the account's own name or identifiers nor on the words of this
 * service and its places (CONTEXT_WORDS and `context`), not one character repeated.
 */
export function passwordProblem(
  password: string,
  identity: string[] = [],
  context: readonly string[] = [],
): PasswordProblem | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return "too_short";
  if (password.length > MAX_PASSWORD_LENGTH) return "too_long";
  const lower = password.toLowerCase();
  if (commonPasswords().has(lower) || commonPasswords().has(lower.replace(/[\d!@#$%^&*.]+$/, "")))
    return "common";
  if (identity.some((part) => part.length >= 4 && lower.includes(part.toLowerCase())))
    return "contains_identity";
  const words = [...CONTEXT_WORDS, ...context.map((w) => w.toLowerCase())].filter(meaningful);
  if (builtOnContext(lower, words)) return "context_word";
  if (new Set(password).size <= 2) return "repetitive";
  return undefined;
}

// A region's or department's name often goes by its short form: 安吉县 → 安吉, 湖州市 → 湖州.
const PLACE_SUFFIX =
  /(特别行政区|自治区|自治州|自治县|自治旗|居委会|村委会|社区|街道|省|市|区|县|旗|镇|乡|村|盟)$/u;

let romaniser: Promise<(han: string) => string[]> | undefined;

function syllablesOf(): Promise<(han: string) => string[]> {
  romaniser ??= import("pinyin-pro").then(
    ({ pinyin }) =>
      (han: string) =>
        // ü as v, the way pinyin keyboards type it (绿 lv).
        pinyin(han, { toneType: "none", type: "array", v: true }),
  );
  return romaniser;
}

/**
 * The words a place's names give an attacker: each name, its short form, and their pinyin and pinyin
 * initials (浙江省 → 浙江省, 浙江, zhejiangsheng, zhejiang, zjs); a department's name also without the
 * region it begins with (安吉县市场监督管理局 → 市场监督管理局, shichangjianduguanliju, scjdglj).
 */
export async function placeWords(regionNames: string[], departmentNames: string[] = []): Promise<string[]> {
  const syllables = await syllablesOf();
  const shortRegions = regionNames.map((name) => name.replace(PLACE_SUFFIX, ""));
  const departments = departmentNames.flatMap((name) => {
    const region = [...regionNames, ...shortRegions].find((r) => r !== "" && name.startsWith(r));
    return region ? [name, name.slice(region.length)] : [name];
  });
  const words = new Set<string>();
  for (const name of [...regionNames, ...shortRegions, ...departments]) {
    const trimmed = name.trim();
    if (trimmed === "") continue;
    const reading = syllables(trimmed).filter((s) => /^[a-z]+$/.test(s));
    words.add(trimmed.toLowerCase());
    words.add(reading.join(""));
    words.add(reading.map((s) => s.charAt(0)).join(""));
  }
  return [...words].filter(meaningful);
}
