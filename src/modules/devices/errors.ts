import { AppError } from "../../platform/errors.ts";

/** This module's errors; each code's words are `error.<code>` in messages.ts. */
export const deviceErrors = {
  nameTaken: (name: string) =>
    new AppError(
      "device_name_taken",
      409,
      `This site already has a device named "${name}": choose another name`,
      { allowed: [], params: { name } },
    ),
  compartmentTaken: (compartment: number) =>
    new AppError(
      "device_compartment_taken",
      409,
      `Compartment ${compartment} holds another item: choose an empty compartment`,
      { allowed: [], params: { compartment } },
    ),
  caseInLocker: (number: string) =>
    new AppError(
      "device_case_in_locker",
      409,
      `The result of case ${number} is in a locker already: the applicant has its code`,
      { allowed: [], params: { number } },
    ),
};
