/** This module's words (its errors' titles); the English below must name every key of the Chinese. */
export const zhCN = {
  "error.webhook_delivery_not_failed": "该推送尚未失败（仍在重试或已送达），不能手动重试。",
  "error.webhook_subscription_deleted": "该推送所属的订阅已删除。如需继续接收事件，请重新创建订阅。",
} as const;

export const en: Record<keyof typeof zhCN, string> = {
  "error.webhook_delivery_not_failed":
    "This delivery has not failed (it is still being tried, or was delivered): it cannot be retried",
  "error.webhook_subscription_deleted":
    "The subscription of this delivery was deleted: create it again to receive events",
};
