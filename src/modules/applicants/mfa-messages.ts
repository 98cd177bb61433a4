/** The words of people's second factor (second-factor.ts); the English below must name every key of the Chinese. */
export const zhCN = {
  "error.mfa_already_enrolled":
    "您的账号已经设置了身份验证器。如需更换，请先关闭两步验证（需要密码和验证码），再重新设置。",
  "error.mfa_not_enrolled": "您的账号没有开启两步验证。",
  "error.mfa_enrolment_none": "没有等待确认的身份验证器（须在 {minutes} 分钟内确认）。请重新开始设置。",
  "account.mfa.problem.codeFormat":
    "验证码是 6 位数字；恢复码是 10 位字母和数字（例如 abcde-23456）。请按原样输入。",
  "account.mfa.problem.totpFormat": "验证码是 6 位数字，请按应用中显示的输入",
  "account.mfa.problem.codeWrong": "验证码不正确或已经用过。请输入应用当前显示的验证码，并确认手机时间准确。",
  "account.mfa.link": "两步验证（身份验证器）",
  "account.mfa.title": "两步验证",
  "account.mfa.lead":
    "开启后，用密码登录时还要输入手机上身份验证器应用显示的动态验证码。这样即使密码泄露，别人也无法登录您的账号、查看您的个人信息。通过省统一身份认证平台登录时不需要输入。",
  "account.mfa.off": "尚未开启两步验证。",
  "account.mfa.on": "已开启两步验证（{date} 设置），还剩 {left} 个未用的恢复码。",
  "account.mfa.noPassword":
    "您的账号没有密码，只能通过省统一身份认证平台登录，由平台核验身份，无需在这里开启两步验证。",
  "account.mfa.startLead": "请先输入当前密码。之后页面会显示一个二维码，用身份验证器应用扫描即可。",
  "account.mfa.password": "当前密码",
  "account.mfa.start": "开始设置",
  "account.mfa.enrolTitle": "设置身份验证器",
  "account.mfa.confirmLead": "请在 {minutes} 分钟内，输入应用显示的 6 位验证码完成设置。",
  "account.mfa.confirm": "完成设置",
  "account.mfa.again": "二维码看不到了？请重新开始设置。",
  "account.mfa.codesTitle": "您的恢复码",
  "account.mfa.codesLead":
    "手机丢失或不在身边时，可以输入一个恢复码代替验证码登录，每个恢复码只能用一次。这些恢复码只显示这一次，请现在抄写或打印，妥善保管，不要告诉任何人。",
  "account.mfa.continue": "我已保存恢复码，继续",
  "account.mfa.enrolled": "两步验证已开启。您在其他设备上的登录已全部退出。",
  "account.mfa.removeTitle": "关闭两步验证",
  "account.mfa.removeLead": "关闭需要当前密码和一个验证码（或恢复码）。关闭后，只凭密码就能登录。",
  "account.mfa.code": "验证码或恢复码",
  "account.mfa.codeHint": "身份验证器显示的 6 位数字，或一个恢复码",
  "account.mfa.remove": "关闭两步验证",
  "account.mfa.removed": "两步验证已关闭，恢复码已全部作废。",
  "account.mfa.signinIntro":
    "您的账号已开启两步验证。请输入身份验证器应用当前显示的 6 位验证码；手机不在身边时，可以输入一个恢复码。",
  "account.mfa.signinEnrolIntro":
    "用密码登录的账号须开启两步验证：除密码外，还要输入手机上的动态验证码。只需设置一次，设置后才能继续。",
  "account.mfa.lostPhone": "手机和恢复码都丢失了？如本省已接入统一身份认证平台，可以通过平台登录。",
  "account.mfa.submit": "验证并登录",
  "account.mfa.enrolSubmit": "完成设置并登录",
};

export const en: Record<keyof typeof zhCN, string> = {
  "error.mfa_already_enrolled":
    "Your account already has an authenticator. To replace it, turn two-step verification off first (with your password and a code), then set it up again.",
  "error.mfa_not_enrolled": "Two-step verification is not on for your account.",
  "error.mfa_enrolment_none":
    "No authenticator is waiting to be confirmed (it must be confirmed within {minutes} minutes). Start setting it up again.",
  "account.mfa.problem.codeFormat":
    "A code is 6 digits; a recovery code is 10 letters and digits (such as abcde-23456). Enter it as shown.",
  "account.mfa.problem.totpFormat": "The code is 6 digits: enter it as the app shows it",
  "account.mfa.problem.codeWrong":
    "The code is wrong or has been used already. Enter the code the app shows now, and check that your phone's clock is right.",
  "account.mfa.link": "Two-step verification (authenticator app)",
  "account.mfa.title": "Two-step verification",
  "account.mfa.lead":
    "Once it is on, signing in with your password also asks for the code an authenticator app on your phone shows, so a leaked password is not enough to get into your account and see your personal data. Signing in through the province's identity platform does not ask for it.",
  "account.mfa.off": "Two-step verification is off.",
  "account.mfa.on": "Two-step verification is on (set up on {date}); {left} recovery codes are unused.",
  "account.mfa.noPassword":
    "Your account has no password: it signs in only through the province's identity platform, which checks who you are, so there is nothing to turn on here.",
  "account.mfa.startLead":
    "Enter your current password first. The page then shows a QR code to scan with an authenticator app.",
  "account.mfa.password": "Current password",
  "account.mfa.start": "Start setting up",
  "account.mfa.enrolTitle": "Set up an authenticator app",
  "account.mfa.confirmLead": "Within {minutes} minutes, enter the 6-digit code the app shows to finish.",
  "account.mfa.confirm": "Finish setting up",
  "account.mfa.again": "Cannot see the QR code any more? Start setting up again.",
  "account.mfa.codesTitle": "Your recovery codes",
  "account.mfa.codesLead":
    "If your phone is lost or not at hand, sign in with one of these instead of a code; each works once. They are shown only this once: write them down or print them now, keep them safe, and tell them to no one.",
  "account.mfa.continue": "I have kept my recovery codes: continue",
  "account.mfa.enrolled": "Two-step verification is on. You are signed out everywhere else.",
  "account.mfa.removeTitle": "Turn two-step verification off",
  "account.mfa.removeLead":
    "This needs your current password and a code (or a recovery code). Once it is off, the password alone signs you in.",
  "account.mfa.code": "Code or recovery code",
  "account.mfa.codeHint": "The 6 digits the authenticator shows, or a recovery code",
  "account.mfa.remove": "Turn two-step verification off",
  "account.mfa.removed": "Two-step verification is off, and every recovery code has stopped working.",
  "account.mfa.signinIntro":
    "Your account has two-step verification. Enter the 6-digit code your authenticator app shows now; without your phone, enter a recovery code.",
  "account.mfa.signinEnrolIntro":
    "Accounts that sign in with a password must use two-step verification: a code from your phone as well as the password. You set it up once, and can go on once it is set.",
  "account.mfa.lostPhone":
    "Lost both your phone and your recovery codes? Where the province's identity platform is connected, sign in through it.",
  "account.mfa.submit": "Verify and sign in",
  "account.mfa.enrolSubmit": "Finish setting up and sign in",
};
