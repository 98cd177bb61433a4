/**
 * The province a case number names: a number begins with its handling region's code (`caseNumber` in
 * open.ts), so its first two digits are the province. Generated demo history is numbered from '9'
 * (`GENERATED_NUMBER` in demo/generate-write.ts), which no region code begins with: it names none, and
 * its look-up goes to every province.
 */
export function provinceOfCaseNumber(number: string): string | undefined {
  return /^[1-8]\d/.test(number) ? number.slice(0, 2) : undefined;
}
