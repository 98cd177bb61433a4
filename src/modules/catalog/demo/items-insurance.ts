import {
  atCentre,
  BANK_ACCOUNT,
  birthCertificateMaterial,
  choice,
  day,
  decision,
  form,
  householdRegister,
  ID_NUMBER,
  idCard,
  inTownships,
  int,
  intake,
  issuance,
  itemCode,
  mandate,
  must,
  num,
  PHONE,
  PHONES,
  page,
  qa,
  registeredAgeRules,
  review,
  step,
  str,
  t,
  when,
  yesNo,
} from "./build.ts";
import type { DemoItem } from "./types.ts";

/** Social security (人社) and medical insurance (医保): cards, registrations, pensions and reimbursement. */

const HRSS = "human_resources_social_security";
const HRSS_WINDOW = "1 楼 C 区 人力社保窗口";
const MEDICAL = "medical_security";
const MEDICAL_WINDOW = "1 楼 D 区 医保窗口";
const FREE = { fen: 0, varies: false, basis: t("不收费", "Free of charge") };
const MONTH = "^[0-9]{4}-(0[1-9]|1[0-2])$";

const socialSecurityCard: DemoItem = {
  code: itemCode("RS", 1),
  ownerRegionCode: "33",
  content: {
    name: t("社会保障卡申领", "Application for a social security card"),
    type: "public_service",
    line: HRSS,
    levels: ["county", "township", "village"],
    audience: ["person"],
    events: ["employment", "medical", "birth"],
    summary: t(
      "参保人员首次申领第三代社会保障卡，可用于就医结算、社保待遇领取、惠民惠农补贴发放和交通出行等。可网上申请邮寄到家，也可在县政务服务中心和合作银行即时制卡网点现场领卡。",
      "First application for the third-generation social security card, used for paying medical bills, receiving social-insurance benefits and farm subsidies, and for transport. Apply online and have it posted, or get it on the spot at the county service centre or a partner bank's instant-issue branch.",
    ),
    legalBasis: [
      t(
        "《中华人民共和国社会保险法》第五十八条：国家建立全国统一的个人社会保障号码，个人社会保障号码为公民身份号码",
        "Social Insurance Law of the PRC, Article 58: the state sets up a nationally uniform personal social security number, which is the citizen's ID number",
      ),
      t(
        "《社会保障卡管理办法》（人社部发〔2011〕47号）",
        "Measures for the Administration of Social Security Cards (Renshebufa [2011] No. 47)",
      ),
    ],
    conditions: [
      t("已在本县参加社会保险或为本县户籍居民", "Insured in the county or a registered resident of it"),
      t(
        "未持有有效的社会保障卡（已持有的办理补换卡）",
        "Holds no valid card (holders apply for a replacement instead)",
      ),
    ],
    materials: [
      idCard(),
      must("photo", t("近期标准证件照片", "Recent standard ID photo"), {
        form: "electronic",
        satisfiedBy: { registry: "resident_id_photo" },
        notes: t("可调用公安部门留存的身份证照片", "The photo on record with the police can be used"),
      }),
      when(
        "guardian",
        t("监护人居民身份证", "Guardian's resident ID card"),
        t("申请人未满十六周岁的", "When the applicant is under 16"),
        { satisfiedBy: { licenceType: "resident_id_card" } },
      ),
      mandate(),
    ],
    form: form(
      page(t("制卡与领卡", "Card and delivery"), {
        delivery: choice(t("领卡方式", "How to receive the card"), [
          ["邮寄到家", "posted home"],
          ["网点领取", "collected at a branch"],
        ]),
        postalAddress: str(t("邮寄地址", "Postal address"), 200, { optional: true }),
        bank: choice(t("合作银行", "Partner bank"), [
          ["中国工商银行", "Industrial and Commercial Bank of China"],
          ["中国农业银行", "Agricultural Bank of China"],
          ["中国银行", "Bank of China"],
          ["中国建设银行", "China Construction Bank"],
          ["浙江安吉农村商业银行", "Zhejiang Anji Rural Commercial Bank"],
          ["湖州银行", "Bank of Huzhou"],
        ]),
        financialAccount: yesNo(t("是否开通金融功能", "Enable the bank-account function")),
        electronicCard: yesNo(t("是否同步申领电子社保卡", "Also get the electronic card")),
        contactPhone: str(t("联系电话", "Contact telephone"), 20, { pattern: PHONE }),
      }),
    ),
    statutoryDays: 20,
    promisedDays: 10,
    fee: {
      fen: 0,
      varies: false,
      basis: t("首次申领免收工本费", "No charge for the first card"),
    },
    visits: 0,
    fullyOnline: true,
    channels: ["online", "hall", "village_point", "mobile"],
    commitmentAllowed: false,
    steps: [
      intake(),
      review(1),
      step("production", t("制卡", "Card production"), "approver", 6),
      issuance(3),
    ],
    faq: [
      qa(
        t("能当场拿到卡吗？", "Can I get the card on the spot?"),
        t(
          "可以。到县政务服务中心或合作银行的即时制卡网点，现场拍照制卡，立等可取。",
          "Yes. At the county service centre or a partner bank's instant-issue branch, the photo is taken and the card made while you wait.",
        ),
      ),
      qa(
        t("村里能办吗？", "Can it be done in the village?"),
        t(
          "可以在村（社区）便民服务站由代办员帮助申请，制好后邮寄到家或送到服务站。",
          "Yes. The agent at the village service point helps you apply, and the card is posted home or sent to the service point.",
        ),
      ),
    ],
    keywords: ["社保卡", "办社保卡", "市民卡", "第三代社保卡", "社会保障卡"],
    decisionRules: registeredAgeRules(
      16,
      t("《社会保障卡管理办法》", "Measures for the administration of social security cards"),
    ),
  },
  offerings: [
    atCentre(HRSS, HRSS_WINDOW, PHONES.human_resources_social_security, { promisedDays: 1 }),
    inTownships(HRSS, PHONES.human_resources_social_security),
  ],
};

const unemploymentRegistration: DemoItem = {
  code: itemCode("RS", 2),
  ownerRegionCode: "33",
  content: {
    name: t("就业失业登记", "Employment and unemployment registration"),
    type: "public_service",
    line: HRSS,
    levels: ["county", "township"],
    audience: ["person"],
    events: ["employment"],
    summary: t(
      "法定劳动年龄内、有劳动能力和就业要求、处于无业状态的城乡劳动者，可在常住地办理失业登记，享受职业指导、职业介绍、培训补贴等公共就业服务；就业后办理就业登记。",
      "Working-age people of town or country who can work, want work and have none register as unemployed where they usually live, for careers advice, job placement and training subsidies; on finding work they register their employment.",
    ),
    legalBasis: [
      t("《中华人民共和国就业促进法》", "Employment Promotion Law of the PRC"),
      t("《就业服务与就业管理规定》", "Provisions on Employment Services and Employment Management"),
    ],
    conditions: [
      t("在法定劳动年龄内，有劳动能力和就业要求", "Of working age, able and wanting to work"),
      t("失业登记：处于无业状态", "Unemployment registration: currently without work"),
    ],
    materials: [
      idCard(),
      when(
        "termination",
        t("解除或终止劳动关系的证明", "Proof that the employment ended"),
        t(
          "原用人单位未通过系统办理退工备案的",
          "When the former employer has not filed the termination in the system",
        ),
        { form: "copy" },
      ),
      when(
        "residence_permit",
        t("居住证", "Residence permit"),
        t("非本县户籍在常住地登记的", "For people registered elsewhere who live here"),
        { satisfiedBy: { registry: "residence_permit" } },
      ),
    ],
    form: form(
      page(t("登记信息", "Registration"), {
        kind: choice(t("登记类型", "Kind"), [
          ["失业登记", "unemployment"],
          ["就业登记", "employment"],
        ]),
        reason: choice(
          t("失业原因", "Reason for unemployment"),
          [
            ["劳动合同期满终止", "contract ended"],
            ["用人单位解除劳动合同", "dismissed by the employer"],
            ["个人辞职", "resigned"],
            ["毕业未就业", "graduated without a job"],
            ["其他", "other"],
          ],
          { optional: true },
        ),
        lastEmployer: str(t("最后就业单位", "Last employer"), 100, { optional: true }),
        leftOn: day(t("离职日期", "Date of leaving"), { optional: true }),
      }),
      page(t("就业需求", "Looking for work"), {
        jobWanted: str(t("求职意向", "Work wanted"), 200, { optional: true }),
        training: yesNo(t("是否需要职业技能培训", "Wants vocational training")),
        address: str(t("常住地址", "Usual address"), 200),
      }),
    ),
    statutoryDays: 5,
    promisedDays: 0,
    fee: FREE,
    visits: 0,
    fullyOnline: true,
    channels: ["online", "hall", "village_point", "mobile"],
    commitmentAllowed: false,
    steps: [intake(), decision(0)],
    faq: [
      qa(
        t("失业登记和领失业保险金是一回事吗？", "Is registering the same as claiming unemployment benefit?"),
        t(
          "不是。失业登记是享受就业服务的前提；符合条件的参保人员还需另行申领失业保险金。",
          "No. Registration opens public employment services; insured people who qualify claim the benefit separately.",
        ),
      ),
      qa(
        t("外地户籍能在安吉登记吗？", "Can people from elsewhere register in Anji?"),
        t("可以，在常住地办理失业登记。", "Yes, where they usually live."),
      ),
    ],
    keywords: ["失业登记", "就业登记", "失业证", "就业创业证", "失业", "找工作"],
  },
  offerings: [
    atCentre(HRSS, HRSS_WINDOW, PHONES.human_resources_social_security),
    inTownships(HRSS, PHONES.human_resources_social_security),
  ],
};

const flexibleWorkers: DemoItem = {
  code: itemCode("RS", 3),
  ownerRegionCode: "33",
  content: {
    name: t(
      "灵活就业人员参保登记（企业职工基本养老保险）",
      "Pension insurance registration of flexible workers",
    ),
    type: "public_service",
    line: HRSS,
    levels: ["county"],
    audience: ["person"],
    events: ["employment", "retirement"],
    summary: t(
      "无雇工的个体工商户、未在用人单位参加基本养老保险的非全日制从业人员、新就业形态劳动者以及其他灵活就业人员，以个人身份参加企业职工基本养老保险。",
      "Self-employed people without employees, part-time workers not insured through an employer, platform workers and other flexible workers join the employees' basic pension insurance as individuals.",
    ),
    legalBasis: [
      t(
        "《中华人民共和国社会保险法》第十条第二款：无雇工的个体工商户、未在用人单位参加基本养老保险的非全日制从业人员以及其他灵活就业人员可以参加基本养老保险，由个人缴纳基本养老保险费",
        "Social Insurance Law of the PRC, Article 10(2): self-employed people without employees, part-time workers not insured by an employer and other flexible workers may join basic pension insurance, paying the contributions themselves",
      ),
      t("《社会保险经办条例》", "Regulations on Social Insurance Handling"),
    ],
    conditions: [
      t("年满 16 周岁、未达到法定退休年龄", "Aged 16 or over and below the statutory retirement age"),
      t("未在用人单位参加企业职工基本养老保险", "Not insured through an employer"),
    ],
    materials: [
      idCard(),
      when(
        "self_employed",
        t("个体工商户营业执照", "Business licence of the individual business"),
        t("以无雇工个体工商户身份参保的", "When joining as a self-employed business owner"),
        { satisfiedBy: { licenceType: "business_licence" } },
      ),
    ],
    form: form(
      page(t("参保信息", "Insurance"), {
        workForm: choice(t("灵活就业形式", "Kind of work"), [
          ["无雇工的个体工商户", "self-employed without employees"],
          ["非全日制从业人员", "part-time worker"],
          ["新就业形态劳动者", "platform worker"],
          ["其他灵活就业人员", "other flexible worker"],
        ]),
        baseLevel: choice(t("缴费基数档次", "Contribution base"), [
          ["60%", "60% of the average wage"],
          ["80%", "80%"],
          ["100%", "100%"],
          ["150%", "150%"],
          ["200%", "200%"],
          ["300%", "300%"],
        ]),
        payEvery: choice(t("缴费方式", "How often to pay"), [
          ["按月", "monthly"],
          ["按季", "quarterly"],
          ["按年", "yearly"],
        ]),
        startMonth: str(t("开始缴费月份", "First month of contributions"), 7, {
          pattern: MONTH,
          help: t("格式：2026-01", "Format: 2026-01"),
        }),
        insuredBefore: yesNo(t("以前是否参加过企业职工基本养老保险", "Insured before as an employee")),
      }),
    ),
    statutoryDays: 10,
    promisedDays: 1,
    fee: {
      fen: 0,
      varies: false,
      basis: t(
        "登记不收费；养老保险费按所选基数缴纳",
        "Registration is free; contributions are paid on the chosen base",
      ),
    },
    visits: 0,
    fullyOnline: true,
    channels: ["online", "hall", "mobile"],
    commitmentAllowed: false,
    steps: [intake(), review(1)],
    faq: [
      qa(
        t("外地户籍可以在安吉以灵活就业身份参保吗？", "Can people registered elsewhere join in Anji?"),
        t(
          "可以。浙江已放开灵活就业人员在就业地参保的户籍限制。",
          "Yes. Zhejiang has lifted the household-registration limit for flexible workers insuring where they work.",
        ),
      ),
      qa(
        t("医保也在这里办吗？", "Is medical insurance done here too?"),
        t(
          "职工基本医疗保险由县医疗保障局办理，可在“浙里办”同时申请。",
          "Employees' medical insurance is handled by the county healthcare security bureau; apply for both together in the Zheliban app.",
        ),
      ),
    ],
    keywords: ["灵活就业", "个人交社保", "自由职业社保", "个人参保", "交养老保险", "个体户社保"],
  },
  offerings: [atCentre(HRSS, HRSS_WINDOW, PHONES.human_resources_social_security)],
};

const residentPension: DemoItem = {
  code: itemCode("RS", 4),
  ownerRegionCode: "33",
  content: {
    name: t("城乡居民基本养老保险待遇领取", "Claiming the urban and rural residents' basic pension"),
    type: "benefit",
    line: HRSS,
    levels: ["county", "township", "village"],
    audience: ["person"],
    events: ["retirement", "elderly_care"],
    summary: t(
      "参加城乡居民基本养老保险、年满 60 周岁、累计缴费满 15 年且未领取国家规定的基本养老保障待遇的，申领城乡居民基本养老金，从次月起按月发放。到龄前系统会提醒。",
      "Insured residents aged 60 with 15 years of contributions who receive no other state basic pension claim the residents' basic pension, paid monthly from the next month. The system reminds them before they reach the age.",
    ),
    legalBasis: [
      t(
        "《中华人民共和国社会保险法》第二十条、第二十一条",
        "Social Insurance Law of the PRC, Articles 20 and 21",
      ),
      t(
        "《国务院关于建立统一的城乡居民基本养老保险制度的意见》（国发〔2014〕8号）",
        "Opinions of the State Council on a Unified Basic Pension for Urban and Rural Residents (Guofa [2014] No. 8)",
      ),
    ],
    conditions: [
      t("参加城乡居民基本养老保险，年满 60 周岁", "Insured under the residents' scheme and aged 60"),
      t(
        "累计缴费满 15 年（不足的可按规定补缴）",
        "Fifteen years of contributions (a shortfall can be made up under the rules)",
      ),
      t("未领取国家规定的其他基本养老保障待遇", "Receives no other state basic pension"),
    ],
    materials: [
      idCard(),
      householdRegister(),
      must("social_security_card", t("社会保障卡", "Social security card"), {
        satisfiedBy: { licenceType: "social_security_card" },
        notes: t("养老金发放至社会保障卡金融账户", "The pension is paid into its bank account"),
      }),
      mandate(),
    ],
    form: form(
      page(t("领取信息", "Claim"), {
        account: choice(t("发放账户", "Account for payments"), [
          ["社会保障卡金融账户", "financial account of the social security card"],
          ["其他本人银行账户", "another own bank account"],
        ]),
        accountNumber: str(t("银行账号", "Bank account number"), 19, {
          pattern: BANK_ACCOUNT,
          optional: true,
        }),
        otherPension: yesNo(t("是否领取其他基本养老保障待遇", "Receives another basic pension")),
        makeUp: yesNo(t("缴费不足 15 年是否申请补缴", "Make up a shortfall in contribution years")),
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
    steps: [intake(0, { level: "township" }), review(3), decision(2)],
    faq: [
      qa(
        t("养老金由哪些部分组成？", "What makes up the pension?"),
        t(
          "由基础养老金和个人账户养老金组成，基础养老金按政府公布的标准发放，缴费年限长的适当加发。",
          "A basic pension at the government's rate (more for longer contributions) plus the pension from the personal account.",
        ),
      ),
      qa(
        t("每年还要做资格认证吗？", "Is there a yearly check that I am alive?"),
        t(
          "系统通过就医、出行等数据比对自动认证；无法自动认证的，可在“浙里办”刷脸或到村服务站认证。",
          "Done automatically by matching medical and travel data; otherwise by face check in the Zheliban app or at the village service point.",
        ),
      ),
    ],
    keywords: ["农村养老金", "城乡居民养老金", "领养老金", "居民养老保险", "农民养老金", "60岁领养老金"],
  },
  offerings: [
    inTownships(HRSS, PHONES.human_resources_social_security),
    atCentre(HRSS, HRSS_WINDOW, PHONES.human_resources_social_security),
  ],
};

const medicalReimbursement: DemoItem = {
  code: itemCode("YB", 1),
  ownerRegionCode: "33",
  content: {
    name: t(
      "基本医疗保险参保人员异地就医医疗费用报销",
      "Reimbursement of medical costs incurred away from home by insured people",
    ),
    type: "benefit",
    line: MEDICAL,
    levels: ["county", "township"],
    audience: ["person"],
    events: ["medical"],
    summary: t(
      "参保人员在异地（或本地）定点医疗机构就医，因未备案、急诊抢救、医院未开通直接结算等原因全额垫付医疗费用的，凭票据申请手工（零星）报销。",
      "Insured people who paid in full at a designated hospital away from home (or locally) — because they had not filed for treatment elsewhere, were treated in an emergency, or the hospital could not settle directly — claim the costs back with their bills.",
    ),
    legalBasis: [
      t(
        "《中华人民共和国社会保险法》第二十八条、第二十九条",
        "Social Insurance Law of the PRC, Articles 28 and 29",
      ),
      t(
        "《医疗保障基金使用监督管理条例》",
        "Regulations on the Supervision of the Use of Medical Security Funds",
      ),
      t(
        "《国家医保局 财政部关于进一步做好基本医疗保险跨省异地就医直接结算工作的通知》（医保发〔2022〕22号）",
        "Notice on Direct Settlement of Cross-Provincial Medical Treatment (Yibaofa [2022] No. 22)",
      ),
    ],
    conditions: [
      t("就医时处于正常参保缴费状态", "Insured and paid up at the time of treatment"),
      t(
        "在定点医疗机构发生、符合医保目录的费用",
        "Costs at a designated hospital within the insurance lists",
      ),
      t("费用未经直接结算、未在其他渠道重复报销", "Not settled directly nor reimbursed elsewhere"),
    ],
    materials: [
      must("bills", t("医疗费用票据", "Medical bills"), {
        notes: t(
          "电子票据自动调取；纸质票据须提交原件",
          "Electronic bills are fetched; paper bills are handed in as originals",
        ),
      }),
      must("itemised_list", t("费用明细清单", "Itemised list of charges")),
      when("discharge_summary", t("出院记录", "Discharge summary"), t("住院的", "For inpatient treatment"), {
        form: "copy",
      }),
      when(
        "outpatient_records",
        t("门诊病历", "Outpatient records"),
        t("门诊、门诊慢特病的", "For outpatient treatment, including chronic and special diseases"),
        { form: "copy" },
      ),
      when(
        "emergency_proof",
        t("急诊抢救证明", "Proof of emergency treatment"),
        t("因急诊抢救未备案的", "When not filed because of an emergency"),
      ),
      mandate(),
    ],
    form: form(
      page(t("就医情况", "Treatment"), {
        kind: choice(t("就医类型", "Kind of treatment"), [
          ["住院", "inpatient"],
          ["门诊", "outpatient"],
          ["门诊慢特病", "outpatient chronic or special disease"],
        ]),
        place: str(t("就医地（省、市）", "Where treated (province, city)"), 50),
        hospital: str(t("就医医院名称", "Hospital"), 100),
        admittedOn: day(t("就诊或入院日期", "Date of visit or admission")),
        dischargedOn: day(t("出院日期", "Date of discharge"), { optional: true }),
      }),
      page(t("费用与结算", "Costs"), {
        total: num(t("医疗费用总额（元）", "Total costs (yuan)"), 0, 10_000_000),
        bills: int(t("票据张数", "Number of bills"), 1, 200),
        reason: choice(t("未直接结算原因", "Why not settled directly"), [
          ["未办理异地就医备案", "no filing for treatment elsewhere"],
          ["医院未开通直接结算", "hospital cannot settle directly"],
          ["急诊抢救", "emergency"],
          ["结算系统故障", "settlement system failure"],
          ["其他", "other"],
        ]),
        paperBills: choice(t("纸质票据提交方式", "How to hand in paper bills"), [
          ["无纸质票据", "no paper bills"],
          ["邮寄", "by post"],
          ["交至村（社区）便民服务站", "at the village service point"],
          ["窗口提交", "at a window"],
        ]),
      }),
    ),
    statutoryDays: 30,
    promisedDays: 15,
    fee: FREE,
    visits: 0,
    fullyOnline: false,
    channels: ["online", "hall", "village_point", "mobile"],
    commitmentAllowed: false,
    steps: [
      intake(),
      step("audit", t("费用审核", "Audit of the costs"), "reviewer", 8),
      decision(2),
      step("payment", t("待遇支付", "Payment"), "window_clerk", 5),
    ],
    faq: [
      qa(
        t("报销款打到哪里？", "Where is the money paid?"),
        t("支付到本人社会保障卡金融账户。", "Into the bank account of your social security card."),
      ),
      qa(
        t("以后去外地看病怎么直接结算？", "How do I settle directly next time?"),
        t(
          "出发前在“浙里办”或国家医保服务平台办理异地就医备案，在开通直接结算的定点医院就医即可直接结算。",
          "File for treatment elsewhere in the Zheliban app or the national healthcare security app before you go, then use a designated hospital that settles directly.",
        ),
      ),
      qa(
        t("票据有时效吗？", "Is there a time limit for the bills?"),
        t(
          "应在费用发生后的规定期限内申请，一般不超过次年年底，具体以当年政策为准。",
          "Claim within the set period, usually by the end of the following year; see the current rules.",
        ),
      ),
    ],
    keywords: ["医保报销", "看病报销", "异地报销", "手工报销", "住院报销", "零星报销", "医疗费报销"],
  },
  offerings: [
    atCentre(MEDICAL, MEDICAL_WINDOW, PHONES.medical_security),
    inTownships(MEDICAL, PHONES.medical_security),
  ],
};

const newbornInsurance: DemoItem = {
  code: itemCode("YB", 2),
  ownerRegionCode: "33",
  content: {
    name: t("新生儿参加城乡居民基本医疗保险", "Enrolling a newborn in residents' basic medical insurance"),
    type: "public_service",
    line: MEDICAL,
    levels: ["county", "township"],
    audience: ["person"],
    events: ["birth", "medical"],
    summary: t(
      "新生儿凭出生医学证明即可参加城乡居民基本医疗保险，出生后 90 日内参保缴费的，自出生之日起享受医保待遇。可在“出生一件事”中一并办理。",
      "A newborn can join residents' basic medical insurance with the medical birth certificate; enrolled and paid within 90 days of birth, the baby is covered from birth. It can be done in the birth bundle.",
    ),
    legalBasis: [
      t("《中华人民共和国社会保险法》第二十五条", "Social Insurance Law of the PRC, Article 25"),
      t(
        "《国务院关于整合城乡居民基本医疗保险制度的意见》（国发〔2016〕3号）",
        "Opinions of the State Council on Integrating Urban and Rural Residents' Basic Medical Insurance (Guofa [2016] No. 3)",
      ),
    ],
    conditions: [
      t("新生儿父母一方为本县参保人员或本县户籍", "A parent is insured in, or registered in, the county"),
      t("新生儿未参加其他基本医疗保险", "The baby has no other basic medical insurance"),
    ],
    materials: [
      birthCertificateMaterial(),
      idCard(t("监护人居民身份证", "Guardian's resident ID card")),
      when(
        "household_register",
        t("新生儿居民户口簿", "Baby's household register"),
        t("新生儿已落户的", "When the baby is already registered"),
        { satisfiedBy: { registry: "household_register", field: "members" } },
      ),
    ],
    form: form(
      page(t("新生儿信息", "The baby"), {
        babyName: str(t("新生儿姓名", "Baby's name"), 50),
        birthDate: day(t("出生日期", "Date of birth")),
        registered: yesNo(t("是否已登记户口", "Household registration done")),
        babyIdNumber: str(t("新生儿居民身份证号码", "Baby's resident ID number"), 18, {
          pattern: ID_NUMBER,
          optional: true,
        }),
        payment: choice(t("缴费方式", "How to pay"), [
          ["“浙里办”在线缴费", "online in the Zheliban app"],
          ["银行代扣", "bank direct debit"],
          ["税务窗口缴费", "at a tax office window"],
        ]),
        socialSecurityCard: yesNo(t("是否同步申领社会保障卡", "Also apply for a social security card")),
      }),
    ),
    statutoryDays: 5,
    promisedDays: 0,
    fee: {
      fen: 0,
      varies: false,
      basis: t(
        "办理不收费；城乡居民医保个人缴费按当年标准缴纳",
        "Enrolment is free; the resident's contribution is paid at the year's rate",
      ),
    },
    visits: 0,
    fullyOnline: true,
    channels: ["online", "hall", "village_point", "mobile"],
    commitmentAllowed: false,
    steps: [intake(), decision(0)],
    faq: [
      qa(
        t("还没上户口可以先参保吗？", "Can the baby be insured before household registration?"),
        t(
          "可以，凭出生医学证明参保，落户后系统自动补全身份证号码。",
          "Yes, with the medical birth certificate; the ID number is filled in once the baby is registered.",
        ),
      ),
      qa(
        t("出生超过 90 天才参保怎么办？", "What if it is more than 90 days after birth?"),
        t(
          "仍可参保，但待遇自缴费次月或按规定的等待期后开始享受，出生后的费用不能报销。",
          "The baby can still join, but cover starts after payment or a waiting period, and earlier costs are not reimbursed.",
        ),
      ),
    ],
    keywords: ["宝宝医保", "新生儿参保", "婴儿医保", "新生儿医保", "出生一件事"],
  },
  offerings: [
    atCentre(MEDICAL, MEDICAL_WINDOW, PHONES.medical_security),
    inTownships(MEDICAL, PHONES.medical_security),
  ],
};

export const INSURANCE_ITEMS: DemoItem[] = [
  socialSecurityCard,
  unemploymentRegistration,
  flexibleWorkers,
  residentPension,
  medicalReimbursement,
  newbornInsurance,
];
