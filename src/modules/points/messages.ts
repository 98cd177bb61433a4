/** The words of service points and their agents; the English below must name every key of the Chinese. */
export const zhCN = {
  "error.point_not_agent": "您不是该便民服务站的代办员。代办员由乡镇（街道）指定。",
  "error.point_outside_area":
    "此人不住在该服务站的服务范围内，请到其所在村（社区）的服务站或政务服务大厅办理。",
  "error.point_no_account": "没有使用该身份证号的账户。请本人先注册，或到政务服务大厅窗口登记。",
  "error.point_no_mandate": "此人尚未授权您代办：请其在平板上签名确认，或通过发送到其手机的验证码授权。",
  "error.point_not_a_point": "这是政务服务大厅，不是便民服务站。",
} as const;

export const en: Record<keyof typeof zhCN, string> = {
  "error.point_not_agent": "You are not an agent of this service point: the township names its agents.",
  "error.point_outside_area":
    "The person does not live in this service point's area: they apply at their own village's point or at a hall.",
  "error.point_no_account":
    "No account has this ID number: the person signs up first, or a window of the hall registers them.",
  "error.point_no_mandate":
    "The person has not authorized you: have them sign on the tablet, or ask for a mandate by a code to their phone.",
  "error.point_not_a_point": "This is a service hall, not a service point.",
} as const;
