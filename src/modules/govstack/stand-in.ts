import { randomInt } from "node:crypto";

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = "10X98765432";

/**
 * Born 1900-01-01: the earliest date a resident ID number may carry (GB 11643, checkIdNumber), and one
 * no living resident has — so a stand-in can never be mistaken for, or collide with, a real person.
 */
export const STAND_IN_BIRTH = "19000101";

/** The stand-in's name, saying what it is wherever a case shows its applicant. */
export const STAND_IN_NAME = "GovStack 测试申请人";

/**
 * Not a mobile number: Chinese mobile numbers begin 13–19, so no text message for a stand-in's case can
 * reach anyone.
 */
export const STAND_IN_MOBILE = "10000000000";

/**
 * A made-up resident ID number in the client's region (its first six digits; a province or city code is
 * padded with zeros), born 1900-01-01, with the sequence given (0–999) and a valid check character.
 */
export function standInIdNumber(regionCode: string, sequence = randomInt(1000)): string {
  const region = regionCode.slice(0, 6).padEnd(6, "0");
  const body = `${region}${STAND_IN_BIRTH}${String(sequence).padStart(3, "0")}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * (ID_WEIGHTS[i] as number);
  return `${body}${ID_CHECK[sum % 11]}`;
}
