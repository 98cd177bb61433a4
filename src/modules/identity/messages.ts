/** This module's words; the English below must name every key of the Chinese. */
export const zhCN = {
  "me.tools": "工作工具",
  "me.tool.lookup": "查找办事群众",
  "me.tool.audit": "审计日志",
  "mfa.title": "两步验证",
  "mfa.enrolTitle": "设置两步验证",
  "mfa.verifyIntro": "请打开手机上的身份验证器应用，输入“通办 Tongban”当前显示的 6 位验证码。",
  "mfa.enrolIntro":
    "工作人员登录时，除密码外还要输入手机上的动态验证码，这样即使密码泄露，别人也无法登录。只需设置一次。",
  "mfa.enrolStepApp":
    "在手机上安装一个身份验证器应用，例如 Microsoft Authenticator、Google Authenticator、FreeOTP 或手机自带的密码管理器。",
  "mfa.enrolStepScan": "在应用中选择“添加账号”，扫描下面的二维码。",
  "mfa.qrAlt": "用于设置两步验证的二维码。无法扫描时，请在应用中手动输入密钥：{secret}",
  "mfa.secretLabel": "无法扫描？请在应用中手动输入密钥：",
  "mfa.secretHint": "手动输入时选择“基于时间”的验证码，密钥中的空格可以不输入。请勿把密钥告诉任何人。",
  "mfa.enrolStepCode": "在下面输入应用显示的 6 位验证码，完成设置。",
  "mfa.code": "验证码",
  "mfa.codeHint": "6 位数字，每 30 秒更换一次",
  "mfa.codeRequired": "请填写验证码",
  "mfa.codeFormat": "验证码是 6 位数字，请按应用中显示的输入",
  "mfa.submit": "验证并登录",
  "mfa.enrolSubmit": "完成设置并登录",
  "mfa.errorSummary": "验证未成功",
  "mfa.lostPhone": "手机丢失或更换了？请联系管理员重置您的两步验证。",
  "mfa.cancel": "取消，重新登录",
  "firstPassword.title": "设置您自己的密码",
  "firstPassword.intro":
    "您刚才使用的是管理员发给您的初始密码。为了只有您自己知道密码，请现在设置一个新密码，设置后才能继续使用。",
  "firstPassword.new": "新密码",
  "firstPassword.hint":
    "至少 10 个字符，可以用一句好记的话；不要用常用密码，也不要以您的姓名、所在地区、部门或“通办”等词为主",
  "firstPassword.submit": "保存新密码",
  "firstPassword.required": "请填写新密码",
  "firstPassword.errorSummary": "新密码未能保存",
  "firstPassword.problem.too_short": "新密码至少 10 个字符；可以用一句好记的话",
  "firstPassword.problem.too_long": "新密码不能超过 200 个字符",
  "firstPassword.problem.common": "这是常用密码，容易被猜中，请换一个",
  "firstPassword.problem.contains_identity": "新密码不能包含您的用户名或姓名",
  "firstPassword.problem.context_word":
    "新密码不能以“通办”“政务”、岗位名称或您所在地区、部门的名称（汉字或拼音）为主，请多加一些只有您知道的内容",
  "firstPassword.problem.repetitive": "新密码不能只由一两个字符重复组成",
  "firstPassword.problem.unchanged": "新密码不能与初始密码相同",
  "error.first_password_expired": "初始密码只在 {hours} 小时内有效，现已过期。请联系系统管理员为您重新设置。",
  "error.mfa_invalid":
    "验证码不正确或已经用过。请输入应用当前显示的验证码（每个验证码只能用一次），并确认手机时间准确。",
  "error.staff_username_taken": "用户名“{username}”已被使用，请换一个。",
  "error.staff_role_reserved":
    "{role} 是三员（系统、安全、审计管理员）之一，只能在服务器上用 tongban staff grant 命令授予，不能在这里授予。",
  "error.staff_roles_separated":
    "该账号已担任 {held}。系统管理员、安全管理员和审计管理员必须由三个不同的人担任，且不兼任其他岗位，不能再授予 {wanted}。",
} as const;

export const en: Record<keyof typeof zhCN, string> = {
  "me.tools": "Tools",
  "me.tool.lookup": "Find a person",
  "me.tool.audit": "Audit trail",
  "mfa.title": "Two-step verification",
  "mfa.enrolTitle": "Set up two-step verification",
  "mfa.verifyIntro":
    "Open the authenticator app on your phone and enter the 6-digit code it shows for “通办 Tongban”.",
  "mfa.enrolIntro":
    "Staff sign in with a code from their phone as well as their password, so a leaked password is not enough to sign in. You set this up once.",
  "mfa.enrolStepApp":
    "Install an authenticator app on your phone, such as Microsoft Authenticator, Google Authenticator, FreeOTP or your phone's own password manager.",
  "mfa.enrolStepScan": "In the app, choose to add an account and scan the QR code below.",
  "mfa.qrAlt":
    "QR code to set up two-step verification. If you cannot scan it, type this key into the app: {secret}",
  "mfa.secretLabel": "Cannot scan it? Type this key into the app:",
  "mfa.secretHint":
    "When typing it, choose a time-based code; the spaces in the key can be left out. Never tell anyone the key.",
  "mfa.enrolStepCode": "Enter the 6-digit code the app shows below to finish.",
  "mfa.code": "Verification code",
  "mfa.codeHint": "6 digits; a new one every 30 seconds",
  "mfa.codeRequired": "Enter the verification code",
  "mfa.codeFormat": "The code is 6 digits: enter it as the app shows it",
  "mfa.submit": "Verify and sign in",
  "mfa.enrolSubmit": "Finish setting up and sign in",
  "mfa.errorSummary": "Verification did not succeed",
  "mfa.lostPhone": "Lost or replaced your phone? Ask an administrator to reset your two-step verification.",
  "mfa.cancel": "Cancel and sign in again",
  "firstPassword.title": "Choose your own password",
  "firstPassword.intro":
    "You signed in with the first password an administrator gave you. So that only you know your password, choose a new one now; you can go on once it is set.",
  "firstPassword.new": "New password",
  "firstPassword.hint":
    "At least 10 characters — a sentence you remember works well; not a common password, and not built on your name, region, department or words like Tongban",
  "firstPassword.submit": "Save the new password",
  "firstPassword.required": "Enter a new password",
  "firstPassword.errorSummary": "The new password was not saved",
  "firstPassword.problem.too_short": "Use at least 10 characters; a sentence you remember works well",
  "firstPassword.problem.too_long": "Use at most 200 characters",
  "firstPassword.problem.common":
    "This password is one of the most common and easily guessed: choose another",
  "firstPassword.problem.contains_identity": "The new password must not contain your username or name",
  "firstPassword.problem.context_word":
    "The new password must not be built on words of this service (Tongban, 通办, zhengwu), a role, or the name of your region or department, in characters or pinyin: add more of your own",
  "firstPassword.problem.repetitive": "The new password must not be one or two characters repeated",
  "firstPassword.problem.unchanged": "The new password must differ from the first password",
  "error.first_password_expired":
    "A first password works for {hours} hours, and this one has expired. Ask your system administrator to set a new one for you.",
  "error.mfa_invalid":
    "The code is wrong or has been used already. Enter the code the app shows now (each code works once), and check that your phone's clock is right.",
  "error.staff_username_taken": "The username “{username}” is taken. Choose another.",
  "error.staff_role_reserved":
    "{role} is one of the three administrators (system, security, audit): it is granted with tongban staff grant on the server, not here.",
  "error.staff_roles_separated":
    "The account holds {held} already. The system, security and audit administrators are three different people who hold no other role, so it cannot also be {wanted}.",
};
