/** The words of halls and service points; the English below must name every key of the Chinese. */
export const zhCN = {
  "halls.hours.working": "工作日 {spans}",
  "halls.hours.rest": "休息日 {spans}",
  "halls.hours.restClosed": "休息日不办公",
  "halls.site.address": "地址",
  "halls.site.hours": "办公时间",
  "halls.site.phone": "电话",
  "halls.site.closed": "暂停办公",
  "halls.help.title": "需要帮忙？",
  "halls.help.lead": "不方便网上办理的，可以到离您最近的便民服务站请代办员帮您办，或到政务服务大厅窗口办理。",
  "halls.help.choosePlace": "选择您居住的村（社区），查看离您最近的服务站和大厅",
  "halls.help.none": "您所在地区暂未设立服务站或大厅，请拨打 12345 咨询。",
  "halls.help.point": "便民服务站",
  "halls.help.hall": "政务服务大厅",
} as const;

export const en: Record<keyof typeof zhCN, string> = {
  "halls.hours.working": "Working days {spans}",
  "halls.hours.rest": "rest days {spans}",
  "halls.hours.restClosed": "closed on rest days",
  "halls.site.address": "Address",
  "halls.site.hours": "Opening hours",
  "halls.site.phone": "Phone",
  "halls.site.closed": "Closed for now",
  "halls.help.title": "Need a hand?",
  "halls.help.lead":
    "If applying online is hard for you, the agent at the service point nearest you can apply with you or for you, or you can apply at a window of the service hall.",
  "halls.help.choosePlace":
    "Choose the village or community you live in to see the service point and hall nearest you",
  "halls.help.none": "There is no service point or hall for your area yet: call 12345 for advice.",
  "halls.help.point": "Service point",
  "halls.help.hall": "Service hall",
} as const;
