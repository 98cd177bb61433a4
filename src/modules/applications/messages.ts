/** This module's words; the English below must name every key of the Chinese. */
export const zhCN = {
  "error.application_not_editable": "该申请已提交，只有在部门要求补正时才能修改",
  "error.application_unknown_material": "该事项不需要名为 {key} 的材料",
  "error.application_commitment_not_allowed": "该事项不适用告知承诺制，请上传材料",
  "error.application_wrong_audience": "该事项不面向此类申请人：请查看办事指南中的申请对象",
  "error.application_no_supplement": "部门没有要求补正，无需重新提交",
};

export const en: Record<keyof typeof zhCN, string> = {
  "error.application_not_editable":
    "This application was submitted and can be changed only when the department asks for a supplement",
  "error.application_unknown_material": "The service asks for no material called {key}",
  "error.application_commitment_not_allowed":
    "This service does not take a signed commitment in place of materials: upload them instead",
  "error.application_wrong_audience":
    "This service is not for this kind of applicant: check the guide for who may apply",
  "error.application_no_supplement":
    "The department has not asked for anything more: there is nothing to resubmit",
};
