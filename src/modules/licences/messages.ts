import * as wallet from "./wallet-messages.ts";

/** This module's words; the English below must name every key of the Chinese. */
export const zhCN = {
  ...wallet.zhCN,
  "error.licence_revoked": "该证照已被撤销，不能再进行其他操作。",
  "licence.problem.reason": "请填写撤销原因（不超过 {max} 个字）",
  "verify.title": "电子证照核验",
  "verify.number": "证照编号：{id}",
  "verify.result.valid": "真实有效",
  "verify.result.valid.text": "该电子证照由发证机关签发，电子签名核验通过，目前在有效期内。",
  "verify.result.revoked": "已撤销",
  "verify.result.revoked.text": "该电子证照是真实签发的，但已于 {date} 被发证机关撤销，不再有效。",
  "verify.result.revokedReason": "撤销原因：{reason}",
  "verify.result.expired": "已过期",
  "verify.result.expired.text": "该电子证照是真实签发的，但有效期已于 {date} 届满，不再有效。",
  "verify.result.not_yet_valid": "尚未生效",
  "verify.result.not_yet_valid.text": "该电子证照是真实签发的，自 {date} 起生效，目前尚未生效。",
  "verify.result.forged": "核验未通过",
  "verify.result.forged.text":
    "该记录的内容与发证机关的电子签名不符，可能已被篡改，不能作为有效证照使用。请联系发证机关核实。",
  "verify.notFound.title": "未找到该证照",
  "verify.notFound.text": "没有编号为 {id} 的电子证照。",
  "verify.notFound.next":
    "请核对证照编号：以字母 L 开头，共 21 位，除首位外不含字母 I、L、O、U；或者重新扫描证照上的二维码。",
  "verify.notFound.contact": "如果编号无误仍然查不到，请联系发证机关或拨打 12345 政务服务热线核实。",
  "verify.details": "证照信息",
  "verify.col.title": "证照名称",
  "verify.col.holder": "持证主体",
  "verify.col.department": "发证机关",
  "verify.col.issuedAt": "发证日期",
  "verify.col.validFrom": "有效期自",
  "verify.col.validUntil": "有效期至",
  "verify.noExpiry": "长期有效",
  "verify.checkedAt": "核验时间：{time}（北京时间）",
  "verify.how":
    "核验方法：系统用发证机关公布的公钥验证证照记录的电子签名（Ed25519 或 SM2），并查询证照是否已撤销或过期。打印件以本页核验结果为准。",
};

export const en: Record<keyof typeof zhCN, string> = {
  ...wallet.en,
  "error.licence_revoked": "This licence has been revoked: nothing more can be done to it.",
  "licence.problem.reason": "Give the reason for revoking (at most {max} characters)",
  "verify.title": "Check an electronic licence",
  "verify.number": "Licence number: {id}",
  "verify.result.valid": "Genuine and valid",
  "verify.result.valid.text":
    "This electronic licence was issued by the department named below, its electronic signature checks out, and it is within its period of validity.",
  "verify.result.revoked": "Revoked",
  "verify.result.revoked.text":
    "This electronic licence was genuinely issued, but the issuing department revoked it on {date}: it is no longer valid.",
  "verify.result.revokedReason": "Reason: {reason}",
  "verify.result.expired": "Expired",
  "verify.result.expired.text":
    "This electronic licence was genuinely issued, but its validity ended on {date}: it is no longer valid.",
  "verify.result.not_yet_valid": "Not yet valid",
  "verify.result.not_yet_valid.text":
    "This electronic licence was genuinely issued, but it is valid only from {date}.",
  "verify.result.forged": "Not genuine",
  "verify.result.forged.text":
    "The content of this record does not match the issuing department's electronic signature: it may have been altered and must not be accepted as a licence. Contact the issuing department.",
  "verify.notFound.title": "Licence not found",
  "verify.notFound.text": "There is no electronic licence numbered {id}.",
  "verify.notFound.next":
    "Check the number (the letter L and 20 more characters; it never contains the letters I, O or U, nor L after the first), or scan the QR code on the licence again.",
  "verify.notFound.contact":
    "If the number is right and still not found, contact the issuing department or call the 12345 government service hotline.",
  "verify.details": "The licence",
  "verify.col.title": "Licence",
  "verify.col.holder": "Holder",
  "verify.col.department": "Issued by",
  "verify.col.issuedAt": "Date of issue",
  "verify.col.validFrom": "Valid from",
  "verify.col.validUntil": "Valid until",
  "verify.noExpiry": "No expiry",
  "verify.checkedAt": "Checked at {time} (China Standard Time)",
  "verify.how":
    "How it is checked: the licence record's electronic signature (Ed25519 or SM2) is verified with the public key the issuing department publishes, and the library is asked whether the licence was revoked or has expired. On paper, this page's answer is what counts.",
};
