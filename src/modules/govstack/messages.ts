/** The words of the GovStack façades; the English below must name every key of the Chinese. */
export const zhCN = {
  "error.govstack_header_malformed":
    "Information-Mediator-Client 请求头格式不对：应为 INSTANCE/CLASS/MEMBER/SUBSYSTEM 四段，用 / 分隔，每段不含空白，且只能给一个值。",
  "error.govstack_header_missing":
    "缺少 Information-Mediator-Client 请求头：请写明调用方的身份（INSTANCE/CLASS/MEMBER/SUBSYSTEM），或带上 API 客户端令牌。",
  "error.govstack_header_ambiguous":
    "该 API 客户端登记了多个 GovStack 身份：请在 Information-Mediator-Client 请求头中写明使用哪一个。",
  "error.govstack_identity_mismatch":
    "Information-Mediator-Client 请求头所写的身份不属于此令牌的 API 客户端：请使用为该客户端登记的身份。",
  "error.govstack_not_registered":
    "该 API 客户端还没有登记 GovStack 身份：请服务器管理员用 tongban govstack identities add 登记。",
  "error.govstack_unauthenticated":
    "无法确认调用方：请带上 API 客户端令牌（Authorization: Bearer …），或经信息中介（Information Mediator）调用。",
  "error.govstack_param_repeated": "参数“{name}”重复给出且取值不同：只给一个值。",
  "error.govstack_body_missing": "缺少请求内容：请按接口说明提交。",
  "error.govstack_service_not_offered": "没有这项服务，或该服务目前不受理申请。",
  "error.govstack_document_invalid": "上传的文件无法读取：请只上传一个文件，用 base64 编码时须完整正确。",
  "error.govstack_file_not_editable":
    "申请材料只有在被退回补正（SENDBACK）时才能修改；办理意见请通过完成任务提交。",
  "error.govstack_statistics_by_person": "公开统计不按经办人或角色统计：请去掉 operator 和 role 参数。",
  "error.govstack_record_exists": "已有这个键的记录：请改用 update 或 updateOrCreate。",
  "error.govstack_key_immutable": "记录的键不能修改：请撤回该记录后重新创建。",
  "error.govstack_no_value": "这条记录的该字段没有值。",
  "error.govstack_database_not_deletable": "登记簿不能删除：办件仍保留着从中读取的数据；记录可以撤回。",
  "error.govstack_schema_read_only": "登记簿的结构由管理员定义，之后不能修改。",
  "error.govstack_stand_in_exhausted": "本地区可用的替身申请人身份号码已用完：请使用其他地区的客户端。",
} as const;

export const en: Record<keyof typeof zhCN, string> = {
  "error.govstack_header_malformed":
    "The Information-Mediator-Client header is malformed: give one value of four parts, INSTANCE/CLASS/MEMBER/SUBSYSTEM, separated by / and without spaces.",
  "error.govstack_header_missing":
    "The Information-Mediator-Client header is missing: name the caller (INSTANCE/CLASS/MEMBER/SUBSYSTEM), or send the API client's token.",
  "error.govstack_header_ambiguous":
    "This API client holds several GovStack identities: name the one to use in the Information-Mediator-Client header.",
  "error.govstack_identity_mismatch":
    "The Information-Mediator-Client header names an identity that is not this token's API client's: use one registered for the client.",
  "error.govstack_not_registered":
    "This API client has no GovStack identity yet: ask the server's operator to register one with tongban govstack identities add.",
  "error.govstack_unauthenticated":
    "The caller is not known: send the API client's token (Authorization: Bearer …), or call through the Information Mediator.",
  "error.govstack_param_repeated":
    'The parameter "{name}" is given twice with different values: give it once.',
  "error.govstack_body_missing": "The request has no body: send what the operation describes.",
  "error.govstack_service_not_offered": "There is no such service, or it takes no applications now.",
  "error.govstack_document_invalid":
    "The uploaded file cannot be read: send exactly one file, and base64 whole and correct.",
  "error.govstack_file_not_editable":
    "An application changes only when sent back (SENDBACK); operators record their findings by completing the task.",
  "error.govstack_statistics_by_person":
    "Open statistics are not given per operator or role: leave out operator and role.",
  "error.govstack_record_exists": "A record with this key exists: use update or updateOrCreate.",
  "error.govstack_key_immutable": "A record's key cannot change: retract the record and create it anew.",
  "error.govstack_no_value": "This field of the record has no value.",
  "error.govstack_database_not_deletable":
    "A registry is never deleted: cases keep what they read from it. Records can be retracted.",
  "error.govstack_schema_read_only": "A registry's schema is defined by an administrator and never changes.",
  "error.govstack_stand_in_exhausted":
    "Every stand-in ID number of this region is taken: use a client of another region.",
};
