/** The words of window intake and receipts; the English below must name every key of the Chinese. */
export const zhCN = {
  "error.intake_not_offered_there":
    "{region}及其上级地区不提供事项 {item}，无法跨域转交办理。请为提供该事项的地区收件，或告知申请人可在何处办理。",
  "intake.handlingRegion": "跨域通办：办理地区（可选）",
  "intake.handlingRegionHint":
    "为其他地区的事项收件时，填写办理地的区划代码，如 330522（长兴县）；本地事项留空。",
  "error.intake_pass_invalid": "请先凭完整身份证号查找申请人：该受理凭证缺失、已过期或不属于您",
  "intake.purpose.register": "窗口受理：登记申请人时发现该身份证号已有账户",
  "intake.title": "窗口受理",
  "intake.lead": "为来窗口的群众办理：先查找或登记申请人，再填写与网上相同的表单、扫描材料并提交。",
  "intake.site": "您所在的大厅或便民服务站",
  "intake.find.title": "查找申请人",
  "intake.find.submit": "查找",
  "intake.idNumber": "居民身份证号",
  "intake.purpose": "查阅事由",
  "intake.purposeHint": "将记入审计日志，并在申请人的“谁查看了我的信息”页面显示",
  "intake.register.title": "登记新申请人",
  "intake.register.lead":
    "申请人还没有账户时在此登记。账户暂不设密码，申请人以后通过统一身份认证登录即可认领。",
  "intake.register.submit": "登记",
  "intake.name": "姓名",
  "intake.mobile": "手机号码",
  "intake.none": "无",
  "intake.drafts": "我在窗口填写中的申请",
  "intake.registered": "已为申请人登记账户。",
  "intake.start.title": "办理新事项",
  "intake.item": "事项编码",
  "intake.itemHint": "按办事指南上的事项编码填写；将使用离本站点最近、您可受理的实施清单",
  "intake.start.submit": "开始填写",
  "intake.takeOver.title": "接办申请人在网上未完成的申请",
  "intake.takeOver.lead": "请申请人出示手机上的申请编号，只能接办该申请人本人的申请。",
  "intake.application": "申请编号",
  "intake.takeOver.submit": "接办",
  "intake.next": "接待下一位",
} as const;

export const en: Record<keyof typeof zhCN, string> = {
  "error.intake_not_offered_there":
    "{region} does not offer item {item}, nor does any region above it: it cannot be handled there. Take it in for the region that offers it, or tell the person where it is offered.",
  "intake.handlingRegion": "Cross-region: the region that handles it (optional)",
  "intake.handlingRegionHint":
    "When taking in another region's item, give that region's code, such as 330522 (Changxing); leave it empty for local items.",
  "error.intake_pass_invalid":
    "Find the person first, by their full ID number: this intake pass is missing, expired or another clerk's",
  "intake.purpose.register":
    "Window intake: registering the applicant, their ID number already had an account",
  "intake.title": "Window intake",
  "intake.lead":
    "For people at the window: find or register the applicant, then fill in the same form as online, scan the materials and submit.",
  "intake.site": "The hall or service point where you sit",
  "intake.find.title": "Find the applicant",
  "intake.find.submit": "Find",
  "intake.idNumber": "Resident ID number",
  "intake.purpose": "Why you read their data",
  "intake.purposeHint": "Kept in the audit trail and shown on the applicant's “who read my data” page",
  "intake.register.title": "Register a new applicant",
  "intake.register.lead":
    "For someone without an account. It has no password yet: they claim it later by signing in through the identity platform.",
  "intake.register.submit": "Register",
  "intake.name": "Name",
  "intake.mobile": "Mobile number",
  "intake.none": "None",
  "intake.drafts": "Applications I am filling in at the window",
  "intake.registered": "An account was registered for the applicant.",
  "intake.start.title": "Apply for a service",
  "intake.item": "Service item code",
  "intake.itemHint": "As printed on the guide; the offering nearest this site that you may take in is used",
  "intake.start.submit": "Start the form",
  "intake.takeOver.title": "Finish an application the person began online",
  "intake.takeOver.lead":
    "Ask the person to show the application's number on their phone: only their own application can be taken over.",
  "intake.application": "Application number",
  "intake.takeOver.submit": "Take over",
  "intake.next": "Next person",
};
