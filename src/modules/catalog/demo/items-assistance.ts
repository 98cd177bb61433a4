import {
  atCentre,
  BANK_ACCOUNT,
  choice,
  choices,
  decision,
  form,
  householdRegister,
  idCard,
  inTownships,
  int,
  intake,
  issuance,
  itemCode,
  mandate,
  must,
  num,
  onlineForm,
  PHONE,
  PHONES,
  page,
  qa,
  registeredAgeRules,
  step,
  str,
  t,
  when,
  yesNo,
} from "./build.ts";
import type { DemoItem } from "./types.ts";

/**
 * Social assistance and benefits for the elderly and disabled. Most are applied for at the township (or
 * through the village agent), investigated there, and decided by the county — or by the township where
 * the county has delegated the decision, as Zhejiang's counties have for 低保.
 */

const LINE = "civil_affairs";
const CIVIL_WINDOW = "2 楼 D 区 民政窗口";
const TOWNSHIP = { level: "township" } as const;
const FREE = { fen: 0, varies: false, basis: t("不收费", "Free of charge") };

const consent = must(
  "check_consent",
  t("家庭经济状况核对授权书", "Authorisation to check the family's financial situation"),
  {
    notes: t(
      "共同生活的家庭成员均须签字，授权民政部门核对收入、财产等信息",
      "Signed by every family member living together, letting civil affairs check income, property and the like",
    ),
  },
);

const payee = choice(t("补助发放账户", "Account for payments"), [
  ["社会保障卡金融账户", "financial account of the social security card"],
  ["本人银行账户", "own bank account"],
]);

const accountNumber = str(t("银行账号", "Bank account number"), 19, {
  pattern: BANK_ACCOUNT,
  optional: true,
  help: t("选择本人银行账户的填写", "Only when paid into your own bank account"),
});

const subsistence: DemoItem = {
  code: itemCode("MZ", 4),
  ownerRegionCode: "33",
  content: {
    name: t("最低生活保障审核确认", "Confirmation of minimum living allowance (dibao)"),
    type: "benefit",
    line: LINE,
    levels: ["county", "township", "village"],
    audience: ["person"],
    events: ["social_assistance"],
    summary: t(
      "共同生活的家庭成员人均收入低于当地最低生活保障标准，且家庭财产状况符合规定的，以家庭为单位向户籍所在地或经常居住地乡镇人民政府（街道办事处）申请最低生活保障。",
      "A family whose income per member is below the local minimum living standard and whose property meets the rules applies, as a household, to the township government or street office where it is registered or usually lives.",
    ),
    legalBasis: [
      t("《社会救助暂行办法》第九条至第十三条", "Interim Measures for Social Assistance, Articles 9 to 13"),
      t(
        "《最低生活保障审核确认办法》（民发〔2021〕57号）",
        "Measures for the Review and Confirmation of Minimum Living Allowance (Minfa [2021] No. 57)",
      ),
    ],
    conditions: [
      t(
        "共同生活的家庭成员人均月收入低于安吉县最低生活保障标准",
        "Monthly income per member of the household is below Anji County's minimum living standard",
      ),
      t(
        "家庭财产状况符合浙江省、湖州市有关规定（如无超标准的存款、有价证券、机动车辆和非生活必需住房）",
        "The family's property meets the provincial and city rules (no savings, securities, vehicles or extra housing beyond the limits)",
      ),
      t(
        "申请人有本县户籍，或持有本县居住证并在本县经常居住",
        "Registered in the county, or holding a county residence permit and usually living here",
      ),
    ],
    materials: [
      onlineForm(t("最低生活保障申请书", "Application for minimum living allowance")),
      idCard(
        t("申请人及共同生活家庭成员的居民身份证", "Resident ID cards of the applicant and household members"),
      ),
      householdRegister(),
      consent,
      when(
        "disability_certificate",
        t("残疾人证", "Disability certificate"),
        t("家庭成员中有残疾人的", "When a household member is disabled"),
        { satisfiedBy: { licenceType: "disability_certificate" } },
      ),
      when(
        "illness_proof",
        t("二级及以上医疗机构出具的疾病诊断证明", "Diagnosis from a hospital of grade II or above"),
        t("因病申请或家庭成员患重病的", "When applying because of illness, or a member is seriously ill"),
        { form: "copy" },
      ),
      mandate(),
    ],
    form: form(
      page(t("家庭情况", "The household"), {
        members: int(t("共同生活家庭成员人数", "Members of the household"), 1, 20),
        monthlyIncome: num(t("家庭月总收入（元）", "Household income per month (yuan)"), 0, 1_000_000),
        reasons: choices(t("申请原因", "Reasons"), [
          ["因病", "illness"],
          ["因残", "disability"],
          ["缺乏劳动能力", "unable to work"],
          ["失业", "unemployment"],
          ["遭受灾害", "disaster"],
          ["其他", "other"],
        ]),
        seriousCondition: yesNo(t("是否有重病、重残家庭成员", "A seriously ill or severely disabled member")),
      }),
      page(t("家庭财产", "Property"), {
        homes: int(t("家庭自有住房套数", "Homes owned"), 0, 20),
        hasVehicle: yesNo(t("是否拥有机动车辆", "Owns a motor vehicle"), {
          help: t("残疾人功能性补偿代步机动车辆除外", "Not counting vehicles adapted for a disabled member"),
        }),
        financialAssets: num(t("存款及有价证券合计（元）", "Savings and securities (yuan)"), 0, 100_000_000),
      }),
      page(t("申请说明", "Statement"), {
        statement: str(t("家庭困难情况说明", "Description of the family's hardship"), 2000, { long: true }),
        payee,
        accountNumber,
      }),
    ),
    statutoryDays: 30,
    promisedDays: 20,
    fee: FREE,
    visits: 0,
    fullyOnline: false,
    channels: ["online", "hall", "village_point", "mobile"],
    commitmentAllowed: false,
    steps: [
      intake(0, TOWNSHIP),
      step("investigation", t("入户调查与信息核对", "Home visit and data checks"), "reviewer", 10, TOWNSHIP),
      step("publicity", t("村（社区）公示", "Public notice in the village"), "reviewer", 5, TOWNSHIP),
      step("confirmation", t("审核确认", "Confirmation"), "approver", 5, TOWNSHIP),
    ],
    faq: [
      qa(
        t("家庭收入怎么计算？", "How is household income counted?"),
        t(
          "包括工资性收入、经营净收入、财产净收入、转移净收入等，扣除按规定缴纳的社会保险费用和必要的就业成本。",
          "Wages, net business income, net property income and net transfers, less social insurance contributions and necessary costs of working.",
        ),
      ),
      qa(
        t("重病重残人员可以单独申请吗？", "Can a seriously ill or disabled person apply alone?"),
        t(
          "低保边缘家庭中的重病、重残人员，经本人申请，可以参照单人户纳入最低生活保障。",
          "Yes. A seriously ill or disabled member of a near-dibao family may be covered as a one-person household on their own application.",
        ),
      ),
      qa(
        t("享受低保后还要复核吗？", "Is dibao reviewed later?"),
        t(
          "实行动态管理，乡镇（街道）定期复核，家庭人口、收入或财产发生变化的应及时告知。",
          "Yes. The township reviews regularly; tell it promptly when members, income or property change.",
        ),
      ),
    ],
    keywords: ["低保", "低保申请", "吃低保", "生活困难补助", "社会救助", "最低生活保障"],
  },
  offerings: [inTownships(LINE, PHONES.civil_affairs), atCentre(LINE, CIVIL_WINDOW, PHONES.civil_affairs)],
};

const destitute: DemoItem = {
  code: itemCode("MZ", 5),
  ownerRegionCode: "33",
  content: {
    name: t("特困人员认定", "Recognition as a person in extreme poverty"),
    type: "confirmation",
    line: LINE,
    levels: ["county", "township", "village"],
    audience: ["person"],
    events: ["social_assistance", "elderly_care", "disability"],
    summary: t(
      "无劳动能力、无生活来源、无法定赡养抚养扶养义务人或者其法定义务人无履行义务能力的老年人、残疾人以及未满十六周岁的未成年人，经认定后给予基本生活、照料护理、疾病治疗和办理丧葬事宜等救助供养。",
      "Elderly and disabled people and children under 16 who cannot work, have no income, and have no one legally bound to support them (or whose supporters cannot) are recognised and given basic living support, care, medical treatment and funeral arrangements.",
    ),
    legalBasis: [
      t(
        "《社会救助暂行办法》第十四条至第十九条",
        "Interim Measures for Social Assistance, Articles 14 to 19",
      ),
      t(
        "《特困人员认定办法》（民发〔2021〕43号）",
        "Measures for the Recognition of Persons in Extreme Poverty (Minfa [2021] No. 43)",
      ),
    ],
    conditions: [
      t("无劳动能力", "Unable to work"),
      t(
        "无生活来源，或收入低于当地最低生活保障标准且财产符合规定",
        "No income, or income below the local minimum living standard with property within the rules",
      ),
      t(
        "无法定赡养、抚养、扶养义务人，或者其法定义务人无履行义务能力",
        "No one legally bound to support them, or those bound cannot",
      ),
    ],
    materials: [
      onlineForm(t("特困人员救助供养申请书", "Application for support as a person in extreme poverty")),
      idCard(),
      householdRegister(),
      consent,
      when(
        "disability_certificate",
        t("残疾人证", "Disability certificate"),
        t("申请人为残疾人的", "When the applicant is disabled"),
        { satisfiedBy: { licenceType: "disability_certificate" } },
      ),
      when(
        "supporters_proof",
        t(
          "法定义务人无履行义务能力的证明材料",
          "Proof that those legally bound cannot support the applicant",
        ),
        t("有法定赡养、抚养、扶养义务人的", "When someone is legally bound to support the applicant"),
        { form: "copy" },
      ),
      mandate(),
    ],
    form: form(
      page(t("申请人情况", "The applicant"), {
        selfCare: choice(t("生活自理能力", "Ability to care for oneself"), [
          ["完全自理", "fully independent"],
          ["部分丧失", "partly dependent"],
          ["完全丧失", "fully dependent"],
        ]),
        monthlyIncome: num(t("本人月收入（元）", "Own income per month (yuan)"), 0, 100_000),
        hasSupporters: yesNo(
          t("是否有法定赡养、抚养、扶养义务人", "Someone is legally bound to support the applicant"),
        ),
        supportersSituation: str(t("义务人情况说明", "About those legally bound"), 1000, {
          long: true,
          optional: true,
        }),
      }),
      page(t("供养意愿", "Preferred support"), {
        supportMode: choice(t("供养方式", "Way of support"), [
          ["分散供养（居家）", "at home"],
          ["集中供养（供养服务机构）", "in a care institution"],
        ]),
        payee,
        accountNumber,
      }),
    ),
    statutoryDays: 30,
    promisedDays: 20,
    fee: FREE,
    visits: 0,
    fullyOnline: false,
    channels: ["online", "hall", "village_point"],
    commitmentAllowed: false,
    steps: [
      intake(0, TOWNSHIP),
      step("investigation", t("调查核实与初审", "Investigation and first review"), "reviewer", 10, TOWNSHIP),
      step("publicity", t("村（社区）公示", "Public notice in the village"), "reviewer", 5, TOWNSHIP),
      step("confirmation", t("县民政局确认", "Confirmation by the county bureau"), "approver", 5, {
        level: "county",
      }),
    ],
    faq: [
      qa(
        t("特困人员能享受哪些待遇？", "What does a recognised person receive?"),
        t(
          "按月发放基本生活费和照料护理费，参加城乡居民医保的个人缴费部分给予全额资助，去世后办理丧葬事宜。",
          "Monthly living and care allowances, full payment of the personal share of residents' medical insurance, and funeral arrangements.",
        ),
      ),
      qa(
        t("“五保户”现在还有吗？", "Are there still 'five guarantees' households?"),
        t(
          "农村五保供养已并入特困人员救助供养制度，原五保对象按特困人员管理。",
          "Rural five-guarantee support has been merged into support for persons in extreme poverty; former five-guarantee recipients are managed as such.",
        ),
      ),
    ],
    keywords: ["五保", "五保户", "特困供养", "孤寡老人", "孤儿救助"],
  },
  offerings: [inTownships(LINE, PHONES.civil_affairs)],
};

const temporaryAssistance: DemoItem = {
  code: itemCode("MZ", 6),
  ownerRegionCode: "33",
  content: {
    name: t("临时救助", "Temporary assistance"),
    type: "benefit",
    line: LINE,
    levels: ["county", "township", "village"],
    audience: ["person"],
    events: ["social_assistance"],
    summary: t(
      "因火灾、交通事故等意外事件，家庭成员突发重大疾病等原因，导致基本生活暂时出现严重困难的家庭或个人，以及因生活必需支出突然增加超出承受能力的家庭，可申请临时救助。情况紧急的，先行救助，事后补办手续。",
      "Families or people whose basic living has become gravely hard for a while — through fire, a traffic accident or other mishap, a member's sudden serious illness — or whose essential spending has suddenly risen beyond what they can bear, may apply. In emergencies, help is given first and the paperwork follows.",
    ),
    legalBasis: [
      t(
        "《社会救助暂行办法》第四十七条至第五十条",
        "Interim Measures for Social Assistance, Articles 47 to 50",
      ),
      t(
        "《国务院关于全面建立临时救助制度的通知》（国发〔2014〕47号）",
        "Notice of the State Council on Fully Establishing Temporary Assistance (Guofa [2014] No. 47)",
      ),
    ],
    conditions: [
      t(
        "急难型：遭遇突发事件、意外伤害、重大疾病等导致基本生活陷入困境",
        "Emergency: a sudden event, accident or grave illness has left basic living in difficulty",
      ),
      t(
        "支出型：生活必需支出突然增加超出家庭承受能力，基本生活暂时出现严重困难",
        "Expense: essential spending has suddenly outgrown what the family can bear",
      ),
    ],
    materials: [
      onlineForm(t("临时救助申请书", "Application for temporary assistance")),
      idCard(),
      householdRegister(),
      when(
        "hardship_proof",
        t(
          "困难情况证明材料（如医疗费用票据、事故证明）",
          "Proof of the hardship (such as medical bills or an accident report)",
        ),
        t("支出型救助；急难型可事后补交", "For expense-type help; after the event for emergencies"),
        { form: "copy" },
      ),
      consent,
      mandate(),
    ],
    form: form(
      page(t("困难情况", "The hardship"), {
        kind: choice(t("救助类型", "Kind of help"), [
          ["急难型", "emergency"],
          ["支出型", "expense"],
        ]),
        causes: choices(t("困难原因", "Causes"), [
          ["火灾、交通事故等意外事件", "fire, traffic accident or other mishap"],
          ["家庭成员突发重大疾病", "a member's sudden serious illness"],
          ["生活必需支出突然增加", "sudden rise in essential spending"],
          ["其他特殊困难", "other special hardship"],
        ]),
        members: int(t("家庭人口数", "Household members"), 1, 20),
        amountSought: num(t("申请救助金额（元）", "Amount sought (yuan)"), 0, 1_000_000, { optional: true }),
        statement: str(t("情况说明", "Description"), 2000, { long: true }),
        onOtherAssistance: yesNo(
          t("是否已享受低保或特困供养", "Already receiving dibao or extreme-poverty support"),
        ),
      }),
    ),
    statutoryDays: 20,
    promisedDays: 10,
    fee: FREE,
    visits: 0,
    fullyOnline: false,
    channels: ["online", "hall", "village_point", "mobile"],
    commitmentAllowed: false,
    steps: [
      intake(0, TOWNSHIP),
      step("investigation", t("调查核实", "Investigation"), "reviewer", 5, TOWNSHIP),
      step("approval", t("审批", "Approval"), "approver", 3, TOWNSHIP),
      step("payment", t("发放", "Payment"), "window_clerk", 2, TOWNSHIP),
    ],
    faq: [
      qa(
        t("情况紧急等不及怎么办？", "What if it cannot wait?"),
        t(
          "对情况紧急、需立即采取措施的，乡镇（街道）或县民政局可以先行救助，紧急情况解除后再补齐审核手续。",
          "The township or the county bureau gives help first, and completes the review once the emergency is over.",
        ),
      ),
      qa(
        t("不是本地户籍能申请吗？", "Can non-residents apply?"),
        t(
          "可以向经常居住地申请；在本县遭遇急难的外地人员，可以向当地乡镇（街道）或救助管理机构求助。",
          "Apply where you usually live; people from elsewhere hit by an emergency in the county can turn to the local township or the relief station.",
        ),
      ),
    ],
    keywords: ["急难救助", "困难补助", "救急", "临时补助", "大病救助"],
  },
  offerings: [inTownships(LINE, PHONES.civil_affairs), atCentre(LINE, CIVIL_WINDOW, PHONES.civil_affairs)],
};

const oldAgeAllowance: DemoItem = {
  code: itemCode("MZ", 7),
  ownerRegionCode: "33",
  content: {
    name: t("高龄老人津贴发放", "Old-age allowance for people aged 80 and over"),
    type: "benefit",
    line: LINE,
    levels: ["county", "township", "village"],
    audience: ["person"],
    events: ["elderly_care"],
    summary: t(
      "具有本县户籍、年满 80 周岁的老年人，按年龄段按月享受高龄津贴。系统根据户籍信息自动识别到龄老人并提示确认，老人或家属也可在村（社区）便民服务站、网上申请。",
      "Registered residents of the county aged 80 and over receive a monthly allowance graded by age. The system finds those reaching the age from the household registry and asks them to confirm; elderly people or their families can also apply at the village service point or online.",
    ),
    legalBasis: [
      t(
        "《中华人民共和国老年人权益保障法》第三十三条：国家鼓励地方建立八十周岁以上低收入老年人高龄津贴制度",
        "Law of the PRC on the Protection of the Rights and Interests of the Elderly, Article 33: the state encourages local old-age allowances for low-income people aged 80 and over",
      ),
      t(
        "《财政部 民政部 全国老龄办关于建立健全经济困难的高龄 失能等老年人补贴制度的通知》（财社〔2014〕113号）",
        "Notice on Subsidies for Elderly People of Advanced Age or with Disabilities in Financial Hardship (Caishe [2014] No. 113)",
      ),
    ],
    conditions: [
      t("具有本县户籍", "Registered as a resident of the county"),
      t(
        "年满 80 周岁（自满 80 周岁的次月起发放）",
        "Aged 80 or over (paid from the month after the 80th birthday)",
      ),
    ],
    materials: [
      idCard(t("老人居民身份证", "Resident ID card of the elderly person")),
      householdRegister(),
      when(
        "bank_card",
        t("老人本人银行卡", "The elderly person's own bank card"),
        t(
          "未办理社会保障卡或选择其他银行账户发放的",
          "When there is no social security card or another account is chosen",
        ),
        { form: "copy" },
      ),
      mandate(),
    ],
    form: form(
      page(t("发放信息", "Payment"), {
        payee,
        bankName: str(t("开户银行", "Bank"), 60, { optional: true }),
        accountNumber,
        byFamily: yesNo(t("是否由家属代为申请", "Applied for by a family member")),
        contactPhone: str(t("联系电话", "Contact telephone"), 20, { pattern: PHONE }),
      }),
    ),
    statutoryDays: 20,
    promisedDays: 5,
    fee: FREE,
    visits: 0,
    fullyOnline: true,
    channels: ["online", "hall", "village_point", "mobile"],
    commitmentAllowed: false,
    steps: [
      intake(0, { level: "village" }),
      step("check", t("乡镇（街道）审核", "Township check"), "reviewer", 3, TOWNSHIP),
      step("approval", t("县民政局审定", "Approval by the county bureau"), "approver", 2, {
        level: "county",
      }),
    ],
    faq: [
      qa(
        t("满 80 岁要自己去申请吗？", "Must I apply on turning 80?"),
        t(
          "不一定。系统根据户籍数据自动提醒到龄老人，确认发放账户后即可按月发放；未收到提醒的可以主动申请。",
          "Not necessarily. The system reminds people as they reach 80 and pays monthly once the account is confirmed; those not reminded can apply.",
        ),
      ),
      qa(
        t("津贴标准是多少？", "How much is it?"),
        t(
          "按县政府公布的年龄段标准执行，年龄越高标准越高，具体以当年公布为准。",
          "By the age bands the county government publishes each year; the older, the more.",
        ),
      ),
      qa(
        t("老人去世后怎么办？", "What happens when the person dies?"),
        t(
          "自去世次月起停发。民政与公安、殡葬数据共享，一般无需家属另行办理。",
          "Payment stops from the next month. Civil affairs shares data with the police and funeral services, so families usually need do nothing.",
        ),
      ),
    ],
    keywords: ["高龄津贴", "高龄补贴", "老人补贴", "80岁补贴", "长寿金", "尊老金"],
    decisionRules: registeredAgeRules(
      80,
      t("《浙江省老年人优待规定》", "Zhejiang provisions on benefits for older people"),
    ),
  },
  offerings: [inTownships(LINE, PHONES.civil_affairs), atCentre(LINE, CIVIL_WINDOW, PHONES.civil_affairs)],
};

const disabilitySubsidies: DemoItem = {
  code: itemCode("MZ", 8),
  ownerRegionCode: "33",
  content: {
    name: t(
      "困难残疾人生活补贴和重度残疾人护理补贴",
      "Living subsidy for disabled people in hardship and care subsidy for the severely disabled",
    ),
    type: "benefit",
    line: LINE,
    levels: ["county", "township", "village"],
    audience: ["person"],
    events: ["disability", "social_assistance"],
    summary: t(
      "低保家庭、低保边缘家庭中的残疾人可申请困难残疾人生活补贴；残疾等级为一级、二级且需要长期照护的重度残疾人可申请重度残疾人护理补贴。",
      "Disabled people in dibao or near-dibao families may apply for the living subsidy; severely disabled people (grade 1 or 2) who need long-term care may apply for the care subsidy.",
    ),
    legalBasis: [
      t(
        "《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》（国发〔2015〕52号）",
        "Opinions of the State Council on Fully Establishing Living Subsidies for Disabled People in Hardship and Care Subsidies for the Severely Disabled (Guofa [2015] No. 52)",
      ),
      t("《中华人民共和国残疾人保障法》", "Law of the PRC on the Protection of Persons with Disabilities"),
    ],
    conditions: [
      t(
        "持有第二代或第三代中华人民共和国残疾人证",
        "Holds a second- or third-generation disability certificate",
      ),
      t("生活补贴：属于低保家庭或低保边缘家庭", "Living subsidy: the family receives dibao or is near-dibao"),
      t(
        "护理补贴：残疾等级为一级、二级，或三级、四级智力、精神残疾，且需要长期照护",
        "Care subsidy: disability grade 1 or 2, or intellectual or mental grade 3 or 4, needing long-term care",
      ),
    ],
    materials: [
      onlineForm(t("残疾人两项补贴申请审批表", "Application for the two disability subsidies")),
      idCard(),
      must("disability_certificate", t("残疾人证", "Disability certificate"), {
        satisfiedBy: { licenceType: "disability_certificate" },
      }),
      when(
        "guardian_id",
        t("监护人居民身份证", "Guardian's resident ID card"),
        t("申请人为未成年人或无民事行为能力人的", "When the applicant is a minor or lacks civil capacity"),
        { satisfiedBy: { licenceType: "resident_id_card" } },
      ),
      mandate(),
    ],
    form: form(
      page(t("补贴与残疾情况", "Subsidies and disability"), {
        subsidies: choices(t("申请补贴", "Subsidies applied for"), [
          ["困难残疾人生活补贴", "living subsidy"],
          ["重度残疾人护理补贴", "care subsidy"],
        ]),
        grade: choice(t("残疾等级", "Disability grade"), [
          ["一级", "grade 1"],
          ["二级", "grade 2"],
          ["三级", "grade 3"],
          ["四级", "grade 4"],
        ]),
        familyStatus: choice(t("家庭经济状况", "Family's finances"), [
          ["低保家庭", "dibao family"],
          ["低保边缘家庭", "near-dibao family"],
          ["其他", "other"],
        ]),
        inInstitution: yesNo(t("是否在养老、托养等机构集中供养", "Living in a care institution")),
        payee,
        accountNumber,
      }),
    ),
    statutoryDays: 20,
    promisedDays: 10,
    fee: FREE,
    visits: 0,
    fullyOnline: true,
    channels: ["online", "hall", "village_point", "mobile"],
    commitmentAllowed: false,
    steps: [
      intake(0, TOWNSHIP),
      step("check", t("乡镇（街道）初审", "Township first review"), "reviewer", 5, TOWNSHIP),
      step("disability_check", t("县残联审核", "Check by the county federation"), "reviewer", 2, {
        line: "disabled_persons",
        level: "county",
      }),
      step("approval", t("县民政局审定", "Approval by the county bureau"), "approver", 3, {
        level: "county",
      }),
    ],
    faq: [
      qa(
        t("两项补贴可以同时领吗？", "Can both subsidies be received?"),
        t("符合两项补贴条件的，可以同时享受。", "Yes, if the conditions of both are met."),
      ),
      qa(
        t("残疾等级变了怎么办？", "What if the grade changes?"),
        t(
          "残疾人证等级变更后，补贴自动按新的等级重新核定。",
          "After the certificate's grade changes, the subsidy is reassessed on the new grade automatically.",
        ),
      ),
    ],
    keywords: ["两项补贴", "残疾补贴", "护理补贴", "重残补贴", "残疾人生活补贴"],
  },
  offerings: [inTownships(LINE, PHONES.civil_affairs)],
};

const disabilityCertificate: DemoItem = {
  code: itemCode("CL", 1),
  ownerRegionCode: "33",
  content: {
    name: t("残疾人证办理（新办）", "Disability certificate (first issue)"),
    type: "confirmation",
    line: "disabled_persons",
    levels: ["county", "township"],
    audience: ["person"],
    events: ["disability"],
    summary: t(
      "符合残疾标准的本县户籍居民，经指定医疗机构评定残疾类别和等级后，由县残疾人联合会审核发放第三代中华人民共和国残疾人证。行动不便的可申请上门评定。",
      "Registered residents of the county who meet the disability standard are assessed for kind and grade by a designated hospital, after which the county disabled persons' federation issues the third-generation disability certificate. People who cannot travel can ask for assessment at home.",
    ),
    legalBasis: [
      t(
        "《中华人民共和国残疾人保障法》第二条",
        "Law of the PRC on the Protection of Persons with Disabilities, Article 2",
      ),
      t(
        "《中华人民共和国残疾人证管理办法》",
        "Measures for the Administration of the Disability Certificate of the PRC",
      ),
      t(
        "《残疾人残疾分类和分级》（GB/T 26341—2010）",
        "Classification and Grading of Disabilities (GB/T 26341-2010)",
      ),
    ],
    conditions: [
      t("具有本县户籍", "Registered as a resident of the county"),
      t(
        "经评定符合视力、听力、言语、肢体、智力、精神残疾或多重残疾标准",
        "Assessed as meeting the standard for visual, hearing, speech, physical, intellectual, mental or multiple disability",
      ),
    ],
    materials: [
      onlineForm(t("残疾人证申请表", "Application for a disability certificate")),
      idCard(),
      householdRegister(),
      must("photo", t("近期 2 寸免冠白底彩色照片", "Recent 2-inch bareheaded colour photo on white"), {
        form: "electronic",
      }),
      when(
        "guardian_id",
        t("监护人居民身份证", "Guardian's resident ID card"),
        t("申请人为未成年人或无民事行为能力人的", "When the applicant is a minor or lacks civil capacity"),
        { satisfiedBy: { licenceType: "resident_id_card" } },
      ),
      when(
        "medical_records",
        t("相关病历、检查报告", "Medical records and test reports"),
        t(
          "申请精神、智力残疾评定或评定机构要求的",
          "For mental or intellectual disability, or when the assessor asks",
        ),
        { form: "copy" },
      ),
    ],
    form: form(
      page(t("残疾情况", "The disability"), {
        category: choice(t("申请评定的残疾类别", "Kind of disability to assess"), [
          ["视力残疾", "visual"],
          ["听力残疾", "hearing"],
          ["言语残疾", "speech"],
          ["肢体残疾", "physical"],
          ["智力残疾", "intellectual"],
          ["精神残疾", "mental"],
          ["多重残疾", "multiple"],
        ]),
        cause: choice(t("致残原因", "Cause"), [
          ["先天", "congenital"],
          ["疾病", "illness"],
          ["意外伤害", "accident"],
          ["其他", "other"],
        ]),
        homeAssessment: yesNo(t("是否申请上门评定", "Ask for assessment at home")),
        byGuardian: yesNo(t("是否由监护人代为申请", "Applied for by a guardian")),
        delivery: choice(t("领证方式", "How to receive the certificate"), [
          ["邮寄", "by post"],
          ["乡镇（街道）残联领取", "collect at the township federation"],
          ["县残联窗口领取", "collect at the county window"],
        ]),
      }),
    ),
    statutoryDays: 20,
    promisedDays: 10,
    fee: FREE,
    visits: 1,
    fullyOnline: false,
    channels: ["online", "hall", "village_point", "mobile"],
    commitmentAllowed: false,
    steps: [
      intake(0, TOWNSHIP),
      step("assessment_review", t("审核评定结果", "Review of the assessment"), "reviewer", 5),
      decision(3),
      issuance(2),
    ],
    faq: [
      qa(
        t("残疾评定去哪里做？", "Where is the assessment done?"),
        t(
          "由县残联指定的医疗机构评定，评定时间不计入办理时限。行动不便的，可申请评定医生上门。",
          "At a hospital designated by the county federation; that time is not counted in the time limit. Doctors can come to those who cannot travel.",
        ),
      ),
      qa(
        t("残疾人证有效期多久？", "How long is the certificate valid?"),
        t(
          "以证件上载明的有效期为准，一般为 10 年；期满前可在网上或窗口申请换领。",
          "As printed on the certificate, usually ten years; apply for a new one online or at a window before it ends.",
        ),
      ),
      qa(
        t("办证收费吗？", "Is there a fee?"),
        t("残疾评定和办证均不收费。", "Neither the assessment nor the certificate costs anything."),
      ),
    ],
    keywords: ["残疾证", "办残疾证", "评残", "残疾鉴定", "残疾评定"],
  },
  offerings: [
    atCentre("disabled_persons", "2 楼 D 区 残联窗口", PHONES.disabled_persons),
    inTownships("disabled_persons", PHONES.disabled_persons),
  ],
};

export const ASSISTANCE_ITEMS: DemoItem[] = [
  subsistence,
  destitute,
  temporaryAssistance,
  oldAgeAllowance,
  disabilitySubsidies,
  disabilityCertificate,
];
