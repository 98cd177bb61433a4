/** This module's words; the English below must name every key of the Chinese. */
export const zhCN = {
  "error.case_action_not_allowed": "案件当前处于“{state}”，不能执行“{action}”：请刷新后按可办理的操作进行",
  "error.case_task_stale": "在您打开后已有人处理了这项任务：请刷新案件后再看",
  "error.case_task_closed": "这项任务已经办完：请刷新待办列表",
  "error.case_task_assigned_elsewhere": "这项任务已由其他经办人认领：请对方或主管转交给您",
  "error.case_assignee_not_eligible": "该工作人员在此部门没有这项任务所需的角色：请另选有此角色的人",
  "error.case_no_department":
    "地区 {regionCode} 没有负责此事项的“{line}”条线部门：须由事项管理员修正实施清单后才能受理申请",
  "error.idempotency_key_reused": "此幂等键已用于另一份申请：新的申请请使用新的键",
  "error.case_lookup_failed":
    "没有与此办件编号和信息相符的案件：请核对回执上的办件编号，以及手机号或身份证号的后 6 位",
};

export const en: Record<keyof typeof zhCN, string> = {
  "error.case_action_not_allowed":
    "“{action}” cannot be done while the case is at “{state}”: reload and choose one of the actions offered",
  "error.case_task_stale": "Someone acted on this task since you loaded it: reload the case and look again",
  "error.case_task_closed": "This task is finished already: reload your worklist",
  "error.case_task_assigned_elsewhere":
    "Another handler has claimed this task: ask them, or a supervisor, to transfer it to you",
  "error.case_assignee_not_eligible":
    "That staff member does not hold this task's role in its department: choose someone who does",
  "error.case_no_department":
    "The region {regionCode} has no department of the line “{line}” to handle this service: the catalogue managers must fix the offering before it takes applications",
  "error.idempotency_key_reused":
    "This Idempotency-Key was used for a different submission: use a new key for a new submission",
  "error.case_lookup_failed":
    "No case matches this number and these details: check the case number on your receipt and the last 6 characters of the phone number or ID number",
};
