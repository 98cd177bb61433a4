/** This module's words; the English below must name every key of the Chinese. */
export const zhCN = {
  "error.exchange_purpose_required":
    "查询登记库须说明用途：请写明办件及其材料，或本部门的共享协议和本次查询的理由",
  "error.exchange_outside_agreement":
    "本次查询超出本部门可查询的范围（{reason}）：请向登记库的管理部门申请相应的共享协议",
  "error.exchange_agreement_decided": "该协议已经处理过（当前为“{status}”）：请刷新后查看",
  "exchange.source.licence": "由电子证照《{title}》自动提供，无需上传",
  "exchange.source.registry": "由{name}自动提供，无需上传",
  "exchange.missing.no_licence": "没有找到您名下有效的电子证照：请上传",
  "exchange.missing.no_record": "登记库中没有您的记录：请上传",
  "exchange.missing.field_empty": "登记库中这一项没有登记：请上传",
  "exchange.missing.no_registry": "暂时无法自动获取：请上传",
};

export const en: Record<keyof typeof zhCN, string> = {
  "error.exchange_purpose_required":
    "A registry is read only for a purpose: name the case and its material, or your department's agreement and why you need the record",
  "error.exchange_outside_agreement":
    "This read is outside what your department may read ({reason}): ask the registry's steward for an agreement that covers it",
  "error.exchange_agreement_decided": "The agreement has been decided already (it is {status}): reload it",
  "exchange.source.licence": "Taken from your e-licence “{title}”: nothing to upload",
  "exchange.source.registry": "Taken from the {name}: nothing to upload",
  "exchange.missing.no_licence": "No valid e-licence of yours was found: upload it",
  "exchange.missing.no_record": "The registry holds no record of yours: upload it",
  "exchange.missing.field_empty": "The registry has nothing recorded for this: upload it",
  "exchange.missing.no_registry": "It cannot be fetched for now: upload it",
};
