/** The words of this module; the English below must name every key of the Chinese. */
export const zhCN = {} as const;

export const en: Record<keyof typeof zhCN, string> = {};
