/** This module's words; the English below must name every key of the Chinese. */
export const zhCN = {};

export const en: Record<keyof typeof zhCN, string> = {};
