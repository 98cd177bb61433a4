import {
  atCentre,
  BANK_ACCOUNT,
  choice,
  choices,
  day,
  decision,
  form,
  idCard,
  int,
  intake,
  itemCode,
  mandate,
  must,
  num,
  onlineForm,
  PHONE,
  PHONES,
  page,
  qa,
  review,
  step,
  str,
  t,
  when,
} from "./build.ts";
import type { DemoItem } from "./types.ts";

/**
 * What a new enterprise or social organisation does after registering (seals, invoices, staff insurance
 * and provident fund, the bank account), the social organisation's name check, and an employee's
 * retirement: the items the enterprise start-up, social organisation and retirement bundles are made of.
 */

const FREE = { fen: 0, varies: false, basis: t("不收费", "Free of charge") };
const MONTH = "^[0-9]{4}-(0[1-9]|1[0-2])$";
/** Not in build.ts's PHONES: a demo number of the same block, for the county tax office. */
const TAX_PHONE = "0572-5223117";

/**
 * Applied for alone, the organisation shows its e-licence; inside a start-up bundle it does not hold one
 * yet — the registration's result is pushed to the department — so the material cannot be required.
 */
const registration = () =>
  when(
    "business_licence",
    t("营业执照或社会组织法人登记证书", "Business licence or social organisation registration certificate"),
    t(
      "单独申请的；与设立登记一件事联办的，由登记机关推送登记信息",
      "When applied for alone; done in one bundle with the registration, the registration authority passes the record on",
    ),
    {
      satisfiedBy: { licenceType: "business_licence" },
      notes: t(
        "已归集电子证照的由系统自动调取，无需提交",
        "Fetched from the e-licence library where it has been issued; nothing to hand in",
      ),
    },
  );

/** The name of the enterprise or social organisation; a bundle asks it once, by its registration's name. */
const organisationName = str(t("单位名称", "Name of the organisation"), 100, {
  help: t("与营业执照或登记证书上的名称一致", "As on the business licence or registration certificate"),
});
const legalRepresentative = str(t("法定代表人姓名", "Name of the legal representative"), 50);
/** One number for social insurance and the provident fund alike: both enrol every employee. */
const staffCount = int(t("职工人数", "Number of employees"), 1, 100_000);
const contactPhone = str(t("联系电话", "Contact telephone"), 20, { pattern: PHONE });

const sealFiling: DemoItem = {
  code: itemCode("GA", 3),
  ownerRegionCode: "33",
  content: {
    name: t("公章刻制备案", "Filing of official seal engraving"),
    type: "other",
    line: "public_security",
    levels: ["county"],
    audience: ["legal_person"],
    events: ["starting_business", "social_organisation"],
    summary: t(
      "新设立的企业、社会组织刻制单位公章、财务专用章、发票专用章等印章，由刻章企业刻制后向公安机关备案，印模信息进入公章治安管理信息系统供查验。新办企业首套印章由政府购买服务免费刻制。",
      "A newly established enterprise or social organisation has its official, finance, invoice and other seals made by a licensed engraver, and the seals are filed with the police, whose seal register lets anyone verify them. A new enterprise's first set of seals is made free, paid for by the government.",
    ),
    legalBasis: [
      t(
        "《国务院关于第三批取消中央指定地方实施行政许可事项的决定》（国发〔2017〕7号）：取消“公章刻制审批”，改为备案管理",
        "Decision of the State Council on the third batch of cancelled licences (Guofa [2017] No. 7): approval of official seal engraving is replaced by filing",
      ),
      t(
        "《国务院关于国家行政机关和企业事业单位社会团体印章管理的规定》（国发〔1999〕25号）",
        "Provisions of the State Council on the seals of state organs, enterprises, public institutions and social groups (Guofa [1999] No. 25)",
      ),
      t("《印铸刻字业暂行管理规则》", "Interim Rules on the Administration of the Seal-Engraving Trade"),
    ],
    conditions: [
      t(
        "已依法取得营业执照或社会组织法人登记证书（一件事联办的，登记核准后即刻制）",
        "Holds a business licence or registration certificate (in a bundle, the seals are made as soon as registration is approved)",
      ),
      t(
        "由具备公章刻制资质并接入公章治安管理信息系统的刻章企业刻制",
        "The seals are made by a licensed engraver connected to the police seal register",
      ),
    ],
    materials: [
      registration(),
      idCard(
        t(
          "法定代表人（负责人）居民身份证",
          "Resident ID card of the legal representative (person in charge)",
        ),
      ),
      mandate(),
    ],
    form: form(
      page(t("刻制印章", "The seals"), {
        organisationName,
        legalRepresentative,
        seals: choices(
          t("刻制印章种类", "Seals to make"),
          [
            ["单位公章", "official seal"],
            ["财务专用章", "finance seal"],
            ["发票专用章", "invoice seal"],
            ["合同专用章", "contract seal"],
            ["法定代表人名章", "legal representative's name seal"],
          ],
          {
            help: t(
              "首套免费印章为公章、财务章、发票章",
              "The free first set is the official, finance and invoice seals",
            ),
          },
        ),
        delivery: choice(t("领取方式", "How to receive the seals"), [
          ["窗口领取", "collect at the window"],
          ["免费邮寄", "free post"],
        ]),
      }),
    ),
    statutoryDays: 1,
    promisedDays: 1,
    fee: {
      fen: 0,
      varies: false,
      basis: t(
        "备案不收费；新办企业首套印章（公章、财务章、发票章）由县政府购买服务免费刻制",
        "Filing is free; a new enterprise's first set of seals (official, finance, invoice) is paid for by the county",
      ),
    },
    visits: 0,
    fullyOnline: true,
    channels: ["online", "hall", "mobile"],
    commitmentAllowed: false,
    steps: [intake(), step("engraving", t("刻制并备案", "Engraving and filing"), "reviewer", 1)],
    faq: [
      qa(
        t("可以自己选择刻章店吗？", "May I choose the engraver?"),
        t(
          "可以。在系统列出的已备案刻章企业中自由选择，公安机关不指定刻章企业。",
          "Yes, any of the licensed engravers the system lists; the police name none.",
        ),
      ),
      qa(
        t("印章丢失怎么办？", "What if a seal is lost?"),
        t(
          "应登报声明作废，凭声明重新刻制并备案。",
          "Publish a notice voiding it, then have a new one made and filed on the strength of the notice.",
        ),
      ),
    ],
    keywords: ["刻章", "公章", "刻公章", "财务章", "发票章", "印章备案"],
  },
  offerings: [atCentre("public_security", "2 楼 B 区 开办企业专窗", PHONES.public_security)],
};

const invoiceApplication: DemoItem = {
  code: itemCode("SW", 1),
  ownerRegionCode: "33",
  content: {
    name: t("新办纳税人发票申领", "Invoice application of a new taxpayer"),
    type: "other",
    line: "taxation",
    levels: ["county"],
    audience: ["legal_person"],
    events: ["starting_business", "social_organisation"],
    summary: t(
      "新设立的企业、社会组织确认税务登记信息，核定纳税人类型和发票票种，开通全面数字化的电子发票（数电发票）并取得授信额度，当日即可开具发票。",
      "A new enterprise or social organisation confirms its tax registration, has its taxpayer type and invoice kinds set, and is given fully digital electronic invoices with a credit limit: it can issue invoices the same day.",
    ),
    legalBasis: [
      t(
        "《中华人民共和国税收征收管理法》第二十一条：税务机关是发票的主管机关",
        "Law of the PRC on the Administration of Tax Collection, Article 21: the tax authorities govern invoices",
      ),
      t(
        "《中华人民共和国发票管理办法》第十五条：需要领用发票的单位和个人，应当持设立登记证件或者税务登记证件，以及经办人身份证明，向主管税务机关办理发票领用手续",
        "Measures of the PRC for the Administration of Invoices, Article 15: an organisation that needs invoices applies to its tax office with its registration certificate and the identity of the person handling it",
      ),
      t(
        "《中华人民共和国发票管理办法实施细则》",
        "Implementing Rules of the Measures for the Administration of Invoices",
      ),
    ],
    conditions: [
      t(
        "已办理设立登记，税务登记信息由登记机关共享",
        "Registered; the registration authority shares the record with the tax office",
      ),
      t("办税人员已完成实名认证", "The person handling tax matters has verified their real name"),
    ],
    materials: [
      registration(),
      idCard(t("办税人员居民身份证", "Resident ID card of the person handling tax matters")),
      mandate(),
    ],
    form: form(
      page(t("发票申领", "Invoices"), {
        organisationName,
        taxpayerType: choice(t("纳税人类型", "Kind of taxpayer"), [
          ["小规模纳税人", "small-scale taxpayer"],
          ["一般纳税人", "general taxpayer"],
        ]),
        invoiceKinds: choices(t("申领发票票种", "Kinds of invoice"), [
          ["数电发票（普通发票）", "fully digital invoice, ordinary"],
          ["数电发票（增值税专用发票）", "fully digital invoice, VAT special"],
        ]),
        taxOfficer: str(t("办税人员姓名", "Name of the person handling tax matters"), 50),
        contactPhone,
      }),
    ),
    statutoryDays: 5,
    promisedDays: 0,
    fee: FREE,
    visits: 0,
    fullyOnline: true,
    channels: ["online", "hall", "mobile"],
    commitmentAllowed: false,
    steps: [intake(), review(0)],
    faq: [
      qa(
        t("还需要购买税控设备吗？", "Do I need to buy a tax-control device?"),
        t(
          "不需要。数电发票通过电子发票服务平台开具，无需税控设备和领用纸质发票。",
          "No. Fully digital invoices are issued on the electronic invoice platform, with no device and no paper invoices to collect.",
        ),
      ),
      qa(
        t("开票额度不够用怎么办？", "What if the invoicing limit is too low?"),
        t(
          "系统按纳税信用和经营情况动态调整授信额度，也可以在电子税务局申请临时调整。",
          "The system adjusts the limit by tax credit and business; a temporary rise can be asked for in the e-tax bureau.",
        ),
      ),
    ],
    keywords: ["领发票", "开发票", "数电票", "电子发票", "税务登记", "新办纳税人"],
  },
  offerings: [atCentre("taxation", "2 楼 C 区 税务窗口", TAX_PHONE)],
};

const employerInsurance: DemoItem = {
  code: itemCode("RS", 5),
  ownerRegionCode: "33",
  content: {
    name: t("单位参保登记", "Social insurance registration of an employer"),
    type: "public_service",
    line: "human_resources_social_security",
    levels: ["county"],
    audience: ["legal_person"],
    events: ["starting_business", "social_organisation"],
    summary: t(
      "新设立的用人单位办理社会保险登记，并为招用的职工办理企业职工基本养老保险、失业保险和工伤保险参保登记。登记信息由市场监管部门共享，无需另行提交执照。",
      "A new employer registers for social insurance and enrols its staff in the employees' basic pension, unemployment and work-injury insurance. The registration record is shared by market regulation: no licence to hand in.",
    ),
    legalBasis: [
      t(
        "《中华人民共和国社会保险法》第五十七条：用人单位应当自成立之日起三十日内，向当地社会保险经办机构申请办理社会保险登记；经办机构应当自收到申请之日起十五日内予以审核",
        "Social Insurance Law of the PRC, Article 57: an employer applies for social insurance registration within 30 days of its establishment; the agency examines it within 15 days of receiving it",
      ),
      t(
        "《中华人民共和国社会保险法》第五十八条：用人单位应当自用工之日起三十日内为其职工申请办理社会保险登记",
        "Social Insurance Law of the PRC, Article 58: an employer registers its employees within 30 days of hiring them",
      ),
      t(
        "《社会保险费征缴暂行条例》第七条",
        "Interim Regulations on the Collection of Social Insurance Contributions, Article 7",
      ),
    ],
    conditions: [
      t(
        "已依法设立的企业、社会组织等用人单位",
        "A lawfully established employer: enterprise, social organisation or other",
      ),
      t("自成立之日起三十日内办理", "Within 30 days of establishment"),
    ],
    materials: [
      registration(),
      must("staff_list", t("参保职工花名册", "List of the staff to enrol"), {
        form: "electronic",
        notes: t("含姓名、居民身份证号码、用工日期", "Names, resident ID numbers and hiring dates"),
      }),
      mandate(),
    ],
    form: form(
      page(t("单位参保", "Registration"), {
        organisationName,
        staffCount,
        insuredFrom: str(t("参保起始年月", "Insured from (month)"), 7, {
          pattern: MONTH,
          help: t("格式：2026-12", "As 2026-12"),
        }),
        insurances: choices(t("参保险种", "Insurances"), [
          ["企业职工基本养老保险", "employees' basic pension"],
          ["失业保险", "unemployment insurance"],
          ["工伤保险", "work-injury insurance"],
        ]),
        contactPhone,
      }),
    ),
    statutoryDays: 15,
    promisedDays: 1,
    fee: FREE,
    visits: 0,
    fullyOnline: true,
    channels: ["online", "hall", "mobile"],
    commitmentAllowed: false,
    steps: [intake(), review(1)],
    faq: [
      qa(
        t("职工医疗保险在哪里登记？", "Where is the staff's medical insurance registered?"),
        t(
          "职工基本医疗保险和生育保险由县医疗保障局办理，参保登记信息同步共享，无需重复申报。",
          "Employees' medical and maternity insurance are handled by the county healthcare security bureau, which receives the same record: nothing to declare twice.",
        ),
      ),
      qa(
        t("以后新招的职工怎么办？", "And staff hired later?"),
        t(
          "自用工之日起三十日内在“浙里办”或网上办事大厅办理职工增员。",
          "Add them within 30 days of hiring, in the Zheliban app or online.",
        ),
      ),
    ],
    keywords: ["单位社保开户", "企业社保登记", "员工参保", "社保开户", "交社保"],
  },
  offerings: [
    atCentre(
      "human_resources_social_security",
      "1 楼 C 区 人力社保窗口",
      PHONES.human_resources_social_security,
    ),
  ],
};

const fundRegistration: DemoItem = {
  code: itemCode("GJJ", 3),
  ownerRegionCode: "33",
  content: {
    name: t("住房公积金单位缴存登记", "Housing provident fund registration of an employer"),
    type: "public_service",
    line: "housing_fund",
    levels: ["city", "county"],
    audience: ["legal_person"],
    events: ["starting_business", "social_organisation"],
    summary: t(
      "新设立的单位到住房公积金管理中心办理缴存登记，并为职工设立住房公积金账户，按月缴存。",
      "A new employer registers with the housing provident fund centre and opens a fund account for each employee, paying in monthly.",
    ),
    legalBasis: [
      t(
        "《住房公积金管理条例》第十四条：新设立的单位应当自设立之日起 30 日内到住房公积金管理中心办理住房公积金缴存登记，并自登记之日起 20 日内为本单位职工办理住房公积金账户设立手续",
        "Regulations on the Administration of Housing Provident Funds, Article 14: a new employer registers with the centre within 30 days of its establishment, and opens its employees' accounts within 20 days of registering",
      ),
      t(
        "《住房公积金管理条例》第十八条：职工和单位住房公积金的缴存比例均不得低于职工上一年度月平均工资的 5%",
        "Regulations on the Administration of Housing Provident Funds, Article 18: employee and employer each pay at least 5% of the employee's average monthly wage of the previous year",
      ),
    ],
    conditions: [
      t("已依法设立的单位", "A lawfully established employer"),
      t("缴存比例在 5% 至 12% 之间", "A contribution rate between 5% and 12%"),
    ],
    materials: [
      registration(),
      must("staff_list", t("缴存职工花名册", "List of the staff to enrol"), { form: "electronic" }),
      mandate(),
    ],
    form: form(
      page(t("缴存登记", "Registration"), {
        organisationName,
        staffCount,
        contributionRate: num(t("缴存比例（%）", "Contribution rate (%)"), 5, 12),
        fundFrom: str(t("缴存起始年月", "Paying in from (month)"), 7, {
          pattern: MONTH,
          help: t("格式：2026-12", "As 2026-12"),
        }),
        contactPhone,
      }),
    ),
    statutoryDays: 5,
    promisedDays: 1,
    fee: FREE,
    visits: 0,
    fullyOnline: true,
    channels: ["online", "hall", "mobile"],
    commitmentAllowed: false,
    steps: [intake(), review(1)],
    faq: [
      qa(
        t("小微企业可以降低缴存比例吗？", "May a small business pay a lower rate?"),
        t(
          "生产经营困难的，经职工代表大会或工会讨论通过，可申请降低缴存比例或缓缴。",
          "One in difficulty may apply to lower the rate or defer payment, once the staff assembly or union has agreed.",
        ),
      ),
      qa(
        t("职工账户在哪家银行？", "Which bank holds the staff's accounts?"),
        t(
          "由管理中心委托的银行办理，缴存登记时可选择。",
          "A bank the centre has appointed, chosen when registering.",
        ),
      ),
    ],
    keywords: ["公积金开户", "单位公积金", "公积金缴存", "公积金登记", "员工公积金"],
  },
  offerings: [atCentre("housing_fund", "1 楼 E 区 住房公积金窗口", PHONES.housing_fund)],
};

const bankAccountNotice: DemoItem = {
  code: itemCode("SCJG", 6),
  ownerRegionCode: "33",
  content: {
    name: t("银行开户信息告知", "Notice of a new enterprise to its bank"),
    type: "public_service",
    line: "market_regulation",
    levels: ["county"],
    audience: ["legal_person"],
    events: ["starting_business"],
    summary: t(
      "企业开立基本存款账户无需人民银行核准。登记机关在企业设立后将登记信息推送至企业选定的银行，银行据此预约开户、预审资料，企业到银行一次办结。",
      "Opening an enterprise's basic deposit account needs no approval of the central bank. Once the enterprise is registered, the registration authority passes its record to the bank it chose, which books the appointment and checks the papers beforehand: one visit to the bank finishes it.",
    ),
    legalBasis: [
      t(
        "《企业银行结算账户管理办法》（银发〔2019〕41号）：取消企业银行账户许可，改为备案",
        "Measures for the Administration of Enterprises' Bank Settlement Accounts (Yinfa [2019] No. 41): licensing of enterprise bank accounts is replaced by filing",
      ),
      t(
        "《优化营商环境条例》：压减企业开办时间，推行企业开办全程网上办理",
        "Regulations on Optimising the Business Environment: shorten the time to start a business and let it be done entirely online",
      ),
    ],
    conditions: [
      t(
        "企业已办理或同时申请设立登记",
        "The enterprise is registered, or applies for registration at the same time",
      ),
      t("所选银行为在安吉县设有网点的银行业金融机构", "The bank has a branch in Anji County"),
    ],
    materials: [
      registration(),
      idCard(t("法定代表人居民身份证", "Resident ID card of the legal representative")),
    ],
    form: form(
      page(t("开户银行", "The bank"), {
        organisationName,
        legalRepresentative,
        bank: choice(t("开户银行", "Bank"), [
          ["中国工商银行安吉支行", "ICBC, Anji branch"],
          ["中国农业银行安吉县支行", "Agricultural Bank of China, Anji branch"],
          ["中国银行安吉县支行", "Bank of China, Anji branch"],
          ["中国建设银行安吉支行", "China Construction Bank, Anji branch"],
          ["浙江安吉农村商业银行", "Zhejiang Anji Rural Commercial Bank"],
        ]),
        appointmentDate: day(t("预约开户日期", "Appointment date at the bank")),
        contactPhone,
      }),
    ),
    statutoryDays: 1,
    promisedDays: 1,
    fee: {
      fen: 0,
      varies: false,
      basis: t(
        "告知不收费；银行账户费用以银行公示为准",
        "The notice is free; the bank's own charges are as it publishes them",
      ),
    },
    visits: 0,
    fullyOnline: true,
    channels: ["online", "hall", "mobile"],
    commitmentAllowed: false,
    steps: [intake(), step("notice", t("推送银行", "Notice to the bank"), "window_clerk", 1)],
    faq: [
      qa(
        t("开户还要去人民银行吗？", "Must I still go to the central bank?"),
        t(
          "不需要。基本存款账户已取消核准，银行开户后向人民银行备案。",
          "No. Basic deposit accounts need no approval any more; the bank files the account with the central bank.",
        ),
      ),
      qa(
        t("开户后还要做什么？", "What follows the opening?"),
        t(
          "银行账户信息同步推送税务、人力社保和住房公积金部门，用于缴税、社保和公积金扣款，无需另行告知。",
          "The account is passed to tax, social insurance and the provident fund for their direct debits: nothing to tell them yourself.",
        ),
      ),
    ],
    keywords: ["银行开户", "对公账户", "基本户", "开户预约", "企业开户"],
  },
  offerings: [atCentre("market_regulation", "2 楼 B 区 开办企业专窗", PHONES.market_regulation)],
};

const organisationNameCheck: DemoItem = {
  code: itemCode("MZ", 9),
  ownerRegionCode: "33",
  content: {
    name: t("社会组织名称核准", "Name approval of a social organisation"),
    type: "confirmation",
    line: "civil_affairs",
    levels: ["province", "city", "county"],
    audience: ["legal_person", "person"],
    events: ["social_organisation"],
    summary: t(
      "拟在本县登记的社会团体、民办非企业单位（社会服务机构），在申请成立登记前向县民政局申请核准名称；核准的名称保留 6 个月。",
      "A social group or private non-enterprise unit (social service agency) to be registered in the county has its name approved by the county civil affairs bureau first; an approved name is kept for six months.",
    ),
    legalBasis: [
      t(
        "《社会团体登记管理条例》第十条、第十一条",
        "Regulations on the Registration of Social Groups, Articles 10 and 11",
      ),
      t(
        "《民办非企业单位登记管理暂行条例》第八条",
        "Interim Regulations on the Registration of Private Non-Enterprise Units, Article 8",
      ),
      t("《社会组织名称管理办法》", "Measures for the Administration of Social Organisation Names"),
    ],
    conditions: [
      t(
        "名称冠以“安吉县”，与业务范围、成员分布和活动地域相一致",
        "The name begins with 安吉县 and matches the scope, members and area",
      ),
      t(
        "不与已登记或已核准保留的社会组织名称相同或者近似",
        "It is not the same as, nor close to, a registered or reserved name",
      ),
    ],
    materials: [
      onlineForm(t("社会组织名称核准申请表", "Application for approval of a social organisation's name")),
      idCard(
        t("发起人或拟任负责人居民身份证", "Resident ID card of a founder or the intended person in charge"),
      ),
      mandate(),
    ],
    form: form(
      page(t("拟定名称", "The name"), {
        groupName: str(t("拟定名称", "Proposed name"), 100, {
          help: t("如“安吉县白茶产业协会”", "E.g. 安吉县白茶产业协会"),
        }),
        kind: choice(t("社会组织类型", "Kind of organisation"), [
          ["社会团体", "social group"],
          ["民办非企业单位（社会服务机构）", "private non-enterprise unit (social service agency)"],
        ]),
        alternativeName: str(t("备选名称", "Alternative name"), 100, { optional: true }),
        scope: str(t("业务范围", "Scope of activities"), 1000, { long: true }),
        domicile: str(t("住所", "Domicile"), 200),
      }),
    ),
    statutoryDays: 10,
    promisedDays: 3,
    fee: FREE,
    visits: 0,
    fullyOnline: true,
    channels: ["online", "hall"],
    commitmentAllowed: false,
    steps: [intake(), review(2), step("approval", t("核准", "Approval"), "approver", 1)],
    faq: [
      qa(
        t("名称核准后多久要申请登记？", "How long is an approved name kept?"),
        t(
          "核准的名称保留 6 个月，期满未申请成立登记的自动失效。",
          "Six months; it lapses if registration is not applied for in that time.",
        ),
      ),
      qa(
        t("名称可以用字号吗？", "May the name include a trade name?"),
        t(
          "社会团体名称一般不使用字号；民办非企业单位（社会服务机构）可以使用字号。",
          "A social group usually may not; a social service agency may.",
        ),
      ),
    ],
    keywords: ["社团名称", "协会名称", "名称预核", "社会组织起名", "名称预先核准"],
  },
  offerings: [atCentre("civil_affairs", "2 楼 D 区 民政窗口", PHONES.civil_affairs)],
};

const employeeRetirement: DemoItem = {
  code: itemCode("RS", 6),
  ownerRegionCode: "33",
  content: {
    name: t(
      "职工退休申请（企业职工基本养老保险待遇申领）",
      "Retirement of an employee (claiming the employees' basic pension)",
    ),
    type: "benefit",
    line: "human_resources_social_security",
    levels: ["county"],
    audience: ["person"],
    events: ["retirement"],
    summary: t(
      "参加企业职工基本养老保险、达到法定退休年龄（含按规定弹性提前或延迟退休）且累计缴费达到最低年限的职工，办理退休并申领基本养老金，从退休次月起按月发放至社会保障卡。",
      "An insured employee who reaches the statutory retirement age (or retires earlier or later by choice, as the rules allow) with the minimum years of contributions retires and claims the basic pension, paid monthly into the social security card from the month after.",
    ),
    legalBasis: [
      t(
        "《中华人民共和国社会保险法》第十六条：参加基本养老保险的个人，达到法定退休年龄时累计缴费满十五年的，按月领取基本养老金",
        "Social Insurance Law of the PRC, Article 16: an insured person who reaches the statutory retirement age with 15 years of contributions receives the basic pension monthly",
      ),
      t(
        "《全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定》及《国务院关于渐进式延迟法定退休年龄的办法》",
        "Decision of the NPC Standing Committee on gradually raising the statutory retirement age, and the State Council's measures under it",
      ),
    ],
    conditions: [
      t(
        "达到法定退休年龄，或按规定选择弹性提前、弹性延迟退休",
        "Reached the statutory retirement age, or chooses to retire earlier or later as the rules allow",
      ),
      t(
        "累计缴费达到规定的最低缴费年限（自 2030 年起由 15 年逐步提高至 20 年）",
        "Has the minimum years of contributions (15, rising step by step to 20 from 2030)",
      ),
    ],
    materials: [
      idCard(),
      must("personnel_file", t("本人人事档案", "Personnel file"), {
        notes: t(
          "由存档单位或人才服务机构移交，用于核定出生日期和视同缴费年限",
          "Sent by the unit or talent service that keeps it, to settle the birth date and deemed contribution years",
        ),
      }),
      mandate(),
    ],
    form: form(
      page(t("退休信息", "Retirement"), {
        retirementKind: choice(t("退休类型", "Kind of retirement"), [
          ["按法定退休年龄退休", "at the statutory age"],
          ["弹性提前退休", "earlier, by choice"],
          ["弹性延迟退休", "later, by choice"],
        ]),
        retirementMonth: str(t("退休年月", "Month of retirement"), 7, {
          pattern: MONTH,
          help: t("格式：2026-12", "As 2026-12"),
        }),
        employer: str(t("最后参保单位", "Last insured employer"), 100),
        account: choice(t("养老金发放账户", "Account for the pension"), [
          ["社会保障卡金融账户", "financial account of the social security card"],
          ["其他本人银行账户", "another own bank account"],
        ]),
        accountNumber: str(t("银行账号", "Bank account number"), 19, {
          pattern: BANK_ACCOUNT,
          optional: true,
        }),
        contactPhone,
      }),
    ),
    statutoryDays: 20,
    promisedDays: 5,
    fee: FREE,
    visits: 0,
    fullyOnline: true,
    channels: ["online", "hall", "mobile"],
    commitmentAllowed: false,
    steps: [intake(), review(3), step("approval", t("待遇核定", "Benefit assessment"), "approver", 2)],
    faq: [
      qa(
        t("可以提前多久申请？", "How early can I apply?"),
        t(
          "可在达到退休年龄前 3 个月内申请，系统会提前提醒本人和单位。",
          "Within three months before reaching the age; the system reminds both you and your employer.",
        ),
      ),
      qa(
        t("退休后医保怎么办？", "What about medical insurance after retirement?"),
        t(
          "职工医保累计缴费年限达到规定的，退休后不再缴费，享受退休人员医保待遇；不足的可按规定补缴。",
          "With enough years in employees' medical insurance you pay nothing more and receive retirees' benefits; a shortfall can be made up.",
        ),
      ),
    ],
    keywords: ["办退休", "退休手续", "领养老金", "职工养老金", "退休审批", "养老金申领"],
  },
  offerings: [
    atCentre(
      "human_resources_social_security",
      "1 楼 C 区 人力社保窗口",
      PHONES.human_resources_social_security,
    ),
  ],
};

const retirementWithdrawal: DemoItem = {
  code: itemCode("GJJ", 4),
  ownerRegionCode: "33",
  content: {
    name: t("住房公积金提取（离休、退休）", "Housing provident fund withdrawal (retirement)"),
    type: "benefit",
    line: "housing_fund",
    levels: ["city", "county"],
    audience: ["person"],
    events: ["retirement"],
    summary: t(
      "缴存职工离休、退休的，可以提取住房公积金账户全部余额并销户。退休信息由人力社保部门共享，无需提交退休证明。",
      "An employee who retires may withdraw the whole balance and close the account. The retirement record is shared by human resources and social security: no proof to hand in.",
    ),
    legalBasis: [
      t(
        "《住房公积金管理条例》第二十四条：职工离休、退休的，可以提取职工住房公积金账户内的存储余额",
        "Regulations on the Administration of Housing Provident Funds, Article 24: employees who retire may withdraw the balance of their account",
      ),
      t(
        "《住房公积金管理条例》第二十五条：住房公积金管理中心应当自受理申请之日起 3 日内作出准予提取或者不准提取的决定",
        "Regulations on the Administration of Housing Provident Funds, Article 25: the centre decides within 3 days of accepting the application",
      ),
    ],
    conditions: [
      t("已办理离休、退休手续", "Has retired"),
      t("住房公积金账户无未结清的公积金贷款", "No provident-fund loan is outstanding on the account"),
    ],
    materials: [
      idCard(),
      when(
        "retirement_proof",
        t("退休证明", "Proof of retirement"),
        t("在外省退休、本省无共享记录的", "When retired outside the province, with no shared record here"),
        { form: "copy" },
      ),
      mandate(),
    ],
    form: form(
      page(t("提取与收款", "Withdrawal and payment"), {
        retirementMonth: str(t("退休年月", "Month of retirement"), 7, {
          pattern: MONTH,
          help: t("格式：2026-12", "As 2026-12"),
        }),
        closeAccount: choice(t("提取方式", "Withdrawal"), [
          ["全部提取并销户", "withdraw everything and close the account"],
          ["全部提取，保留账户", "withdraw everything, keep the account"],
        ]),
        payeeAccount: str(t("收款银行账号", "Bank account to receive the money"), 19, {
          pattern: BANK_ACCOUNT,
          help: t("须为本人名下的银行一类账户", "A class I account in your own name"),
        }),
        contactPhone,
      }),
    ),
    statutoryDays: 3,
    promisedDays: 1,
    fee: FREE,
    visits: 0,
    fullyOnline: true,
    channels: ["online", "hall", "mobile"],
    commitmentAllowed: false,
    steps: [intake(), review(1), decision(0)],
    faq: [
      qa(
        t("退休后还能继续缴存吗？", "Can I keep paying in after retiring?"),
        t(
          "退休后不再缴存；返聘期间单位可按规定继续为其缴存。",
          "No; an employer who re-engages you may keep paying in under the rules.",
        ),
      ),
      qa(
        t("多久到账？", "How soon is the money paid?"),
        t(
          "退休信息核验通过的即时审批，一般 1 个工作日内到账。",
          "Approved at once when the retirement record checks out, usually paid within one working day.",
        ),
      ),
    ],
    keywords: ["退休提取公积金", "公积金销户", "退休公积金", "取公积金", "公积金提取"],
  },
  offerings: [atCentre("housing_fund", "1 楼 E 区 住房公积金窗口", PHONES.housing_fund)],
};

export const BUNDLE_ITEMS: DemoItem[] = [
  sealFiling,
  invoiceApplication,
  employerInsurance,
  fundRegistration,
  bankAccountNotice,
  organisationNameCheck,
  employeeRetirement,
  retirementWithdrawal,
];
