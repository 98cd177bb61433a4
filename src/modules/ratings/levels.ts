/**
 * The five official levels of 好差评 (国办发〔2019〕51号: 非常满意, 满意, 基本满意, 不满意, 非常不满意),
 * stored as 5..1, and the reason tags a rater may pick: good tags for the three satisfied levels, bad
 * tags for the two dissatisfied ones.
 */
export const LEVELS = [5, 4, 3, 2, 1] as const;
export type Level = (typeof LEVELS)[number];

export const LEVEL_KEYS = {
  5: "very_satisfied",
  4: "satisfied",
  3: "basically_satisfied",
  2: "dissatisfied",
  1: "very_dissatisfied",
} as const satisfies Record<Level, string>;

export const GOOD_TAGS = ["efficient", "courteous", "clear_guidance", "one_visit", "convenient"] as const;
export const BAD_TAGS = [
  "slow",
  "discourteous",
  "unclear_guidance",
  "repeated_materials",
  "many_visits",
  "system_trouble",
] as const;
export const TAGS = [...GOOD_TAGS, ...BAD_TAGS] as const;
export type Tag = (typeof TAGS)[number];

/** 不满意 and 非常不满意: each opens a rectification. */
export const isBad = (level: number): boolean => level <= 2;

export const tagsFor = (level: number): readonly Tag[] => (isBad(level) ? BAD_TAGS : GOOD_TAGS);

export const isLevel = (value: number): value is Level => (LEVELS as readonly number[]).includes(value);
