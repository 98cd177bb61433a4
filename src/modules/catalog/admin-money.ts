/** Money is kept in fen (分), never as a float; people read and type yuan (元). */

/** Fen as yuan for people: 1250 → "12.5", 1200 → "12", 5 → "0.05". */
export function yuanOf(fen: number): string {
  const cents = String(fen % 100).padStart(2, "0");
  return cents === "00"
    ? String(Math.floor(fen / 100))
    : `${Math.floor(fen / 100)}.${cents.replace(/0$/, "")}`;
}

const YUAN = /^(\d{1,9})(?:\.(\d{1,2}))?$/;

/** Yuan as typed ("12.5", "0.05") in fen; undefined when it is not an amount of yuan and fen. */
export function fenOf(yuan: string): number | undefined {
  const m = YUAN.exec(yuan.trim());
  return m ? Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0")) : undefined;
}
