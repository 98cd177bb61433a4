/** This module's words; the English below must name every key of the Chinese. */
export const zhCN = {
  "error.calendar_override_exists": "地区 {region} 在 {day} 已有调整。如需修改，请先删除原有调整。",
  "calendar.problem.date": "请按“年-月-日”填写日期，例如 2027-10-01",
  "calendar.problem.outsideYear": "该日期不在 {year} 年内",
  "calendar.problem.twice": "{day} 已填写过，同一天只能填写一次",
  "calendar.problem.workdayOnWeekday": "{day} 本来就是工作日：调休上班日只能是星期六或星期日",
  "calendar.problem.nameRequired": "请填写节假日名称，例如“国庆节”",
  "calendar.problem.noHolidays": "请至少填写一个法定节假日",
  "calendar.problem.reasonRequired": "请说明调整的原因",
};

export const en: Record<keyof typeof zhCN, string> = {
  "error.calendar_override_exists":
    "Region {region} already has an override on {day}: remove it first to change it.",
  "calendar.problem.date": "Write the date as year-month-day, e.g. 2027-10-01",
  "calendar.problem.outsideYear": "This date is not in {year}",
  "calendar.problem.twice": "{day} is listed already: each day once",
  "calendar.problem.workdayOnWeekday":
    "{day} is a working day already: a make-up working day is a Saturday or Sunday",
  "calendar.problem.nameRequired": "Name the holiday, e.g. 国庆节 (National Day)",
  "calendar.problem.noHolidays": "List at least one statutory holiday",
  "calendar.problem.reasonRequired": "Say why the day is changed",
};
