/** The words of the sessions pages, for people and staff alike; the English must name every key of the Chinese. */
export const zhCN = {
  "sessions.title": "登录设备",
  "sessions.link": "登录设备：查看并结束您在各处的登录",
  "sessions.lead":
    "以下是您目前登录着的设备。不认识的设备，请结束它并修改密码。闲置 {idle} 分钟的登录会自动结束。",
  "sessions.caption": "登录会话（当前的在前）",
  "sessions.device": "设备",
  "sessions.opened": "登录时间",
  "sessions.lastUsed": "最近使用",
  "sessions.action": "操作",
  "sessions.unknownDevice": "未知设备",
  "sessions.current": "本设备",
  "sessions.end": "结束",
  "sessions.endOne": "结束 {device} 上的登录",
  "sessions.signOut": "退出登录",
  "sessions.endOthers": "结束其他所有登录",
  "sessions.ended": "已结束该登录。其他服务器上最多 {seconds} 秒内失效。",
  "sessions.endedOthers": "已结束其他 {count} 个登录。其他服务器上最多 {seconds} 秒内失效。",
  "sessions.onlyThis": "您只在本设备上登录。",
  "sessions.back": "返回",
};

export const en: Record<keyof typeof zhCN, string> = {
  "sessions.title": "Where you are signed in",
  "sessions.link": "Where you are signed in: see and end your sessions",
  "sessions.lead":
    "These are the devices you are signed in on now. If you do not recognise one, end it and change your password. A session left unused for {idle} minutes ends by itself.",
  "sessions.caption": "Sessions (this one first)",
  "sessions.device": "Device",
  "sessions.opened": "Signed in",
  "sessions.lastUsed": "Last used",
  "sessions.action": "Action",
  "sessions.unknownDevice": "Unknown device",
  "sessions.current": "This device",
  "sessions.end": "End",
  "sessions.endOne": "End the session on {device}",
  "sessions.signOut": "Sign out",
  "sessions.endOthers": "End all other sessions",
  "sessions.ended": "The session has ended. Other servers may accept it for up to {seconds} seconds more.",
  "sessions.endedOthers":
    "{count} other sessions have ended. Other servers may accept them for up to {seconds} seconds more.",
  "sessions.onlyThis": "You are signed in on this device alone.",
  "sessions.back": "Back",
};
