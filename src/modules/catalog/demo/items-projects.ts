import {
  atCentre,
  businessLicence,
  choice,
  choices,
  day,
  decision,
  form,
  idCard,
  int,
  intake,
  issuance,
  itemCode,
  mandate,
  must,
  num,
  onlineForm,
  PHONES,
  page,
  qa,
  review,
  step,
  str,
  t,
  when,
  yesNo,
} from "./build.ts";
import type { DemoItem } from "./types.ts";

/** Investment, construction, transport and public-venue licences: the enterprise-side approvals. */

const FREE = { fen: 0, varies: false, basis: t("不收费", "Free of charge") };
const PROJECT_WINDOW = "3 楼 A 区 投资项目审批综合窗口";

const investmentFiling: DemoItem = {
  code: itemCode("FZGG", 1),
  ownerRegionCode: "33",
  content: {
    name: t("企业投资项目备案", "Filing of an enterprise investment project"),
    type: "other",
    line: "development_reform",
    levels: ["province", "city", "county"],
    audience: ["legal_person"],
    events: ["investment"],
    summary: t(
      "企业在本县投资建设《政府核准的投资项目目录》以外的固定资产投资项目，在开工建设前通过浙江省投资项目在线审批监管平台告知备案机关项目信息，取得项目代码和备案证明。",
      "An enterprise investing in a fixed-asset project in the county that is not in the Catalogue of Investment Projects Subject to Government Approval tells the filing authority the project's details through the Zhejiang online investment-project platform before construction starts, and receives a project code and a filing certificate.",
    ),
    legalBasis: [
      t(
        "《企业投资项目核准和备案管理条例》（国务院令第673号）第三条、第十三条、第十四条",
        "Regulations on the Approval and Filing of Enterprise Investment Projects (State Council Order No. 673), Articles 3, 13 and 14",
      ),
      t(
        "《企业投资项目核准和备案管理办法》（国家发展和改革委员会令第2号）",
        "Measures for the Approval and Filing of Enterprise Investment Projects (NDRC Order No. 2)",
      ),
    ],
    conditions: [
      t(
        "项目不属于《政府核准的投资项目目录》范围",
        "The project is not in the Catalogue of Investment Projects Subject to Government Approval",
      ),
      t(
        "项目符合国家产业政策，不属于《产业结构调整指导目录》限制类、淘汰类项目",
        "The project fits national industrial policy and is not in the restricted or eliminated classes of the Guiding Catalogue for Industrial Restructuring",
      ),
      t(
        "项目单位对备案信息的真实性、合法性和完整性负责",
        "The enterprise answers for the truth, lawfulness and completeness of what it files",
      ),
    ],
    materials: [
      onlineForm(t("企业投资项目备案信息表", "Enterprise investment project filing form")),
      businessLicence(t("项目单位营业执照", "Business licence of the investing enterprise")),
      must("commitment", t("项目信息真实性承诺书", "Commitment to the truth of the project information"), {
        form: "electronic",
      }),
    ],
    form: form(
      page(t("项目概况", "The project"), {
        projectName: str(t("项目名称", "Project name"), 100),
        location: str(t("建设地点", "Location"), 200),
        nature: choice(t("建设性质", "Nature of construction"), [
          ["新建", "new build"],
          ["扩建", "extension"],
          ["改建", "conversion"],
          ["技术改造", "technical upgrade"],
        ]),
        content: str(t("主要建设规模及内容", "Main scale and content of construction"), 2000, { long: true }),
      }),
      page(t("投资与进度", "Investment and schedule"), {
        totalInvestment: num(t("总投资（万元）", "Total investment (10,000 yuan)"), 0, 100_000_000),
        industryClass: choice(t("产业政策类别", "Industrial-policy class"), [
          ["鼓励类", "encouraged"],
          ["允许类", "permitted"],
        ]),
        plannedStart: day(t("计划开工日期", "Planned start of construction")),
        newLand: yesNo(t("是否涉及新增建设用地", "Needs new construction land")),
      }),
    ),
    statutoryDays: 0,
    promisedDays: 0,
    fee: FREE,
    visits: 0,
    fullyOnline: true,
    channels: ["online", "hall"],
    commitmentAllowed: false,
    steps: [intake(), step("filing", t("备案赋码", "Filing and project code"), "reviewer", 0)],
    faq: [
      qa(
        t("什么项目要备案，什么项目要核准？", "Which projects are filed and which approved?"),
        t(
          "列入《政府核准的投资项目目录》的项目实行核准管理，目录以外的企业投资项目实行备案管理。",
          "Projects in the Catalogue of Investment Projects Subject to Government Approval need approval; other enterprise investment projects are filed.",
        ),
      ),
      qa(
        t("备案后项目信息变了怎么办？", "What if the project changes after filing?"),
        t(
          "项目法人、建设地点发生变更，或者建设规模、内容发生较大变更的，应当通过在线平台及时告知备案机关，修改相关信息。",
          "If the owner or location changes, or the scale or content changes considerably, tell the filing authority through the online platform promptly and update the details.",
        ),
      ),
      qa(
        t("项目代码有什么用？", "What is the project code for?"),
        t(
          "项目代码是项目整个建设周期的唯一身份标识，后续用地、规划、施工许可等审批均使用该代码。",
          "It identifies the project throughout construction; land, planning and construction-permit approvals all use it.",
        ),
      ),
    ],
    keywords: ["立项", "项目备案", "赋码", "备案证明", "投资备案", "项目代码"],
  },
  offerings: [atCentre("development_reform", PROJECT_WINDOW, PHONES.development_reform)],
};

const constructionPermit: DemoItem = {
  code: itemCode("ZJ", 1),
  ownerRegionCode: "33",
  content: {
    name: t("建筑工程施工许可证核发", "Construction permit for building works"),
    type: "licence",
    line: "housing_construction",
    levels: ["province", "city", "county"],
    audience: ["legal_person"],
    events: ["construction"],
    summary: t(
      "在本县新建、改建、扩建各类房屋建筑及其附属设施、装修装饰工程和城镇市政基础设施工程，开工前由建设单位申请领取施工许可证。工程投资额在 100 万元以下（含）或者建筑面积在 500 平方米以下（含）的工程可以不申请。",
      "Before building, converting or extending buildings and their ancillary works, fitting-out works or urban municipal infrastructure in the county, the owner applies for a construction permit. Works of at most 1 million yuan or 500 m² need none.",
    ),
    legalBasis: [
      t("《中华人民共和国建筑法》第七条、第八条", "Construction Law of the PRC, Articles 7 and 8"),
      t(
        "《建筑工程施工许可管理办法》（住房和城乡建设部令第18号）第二条、第四条、第五条",
        "Measures for the Administration of Construction Permits for Building Works (MOHURD Order No. 18), Articles 2, 4 and 5",
      ),
    ],
    conditions: [
      t(
        "依法应当办理用地批准手续的，已经办理",
        "Land-use approval has been obtained where the law requires it",
      ),
      t(
        "依法应当办理建设工程规划许可证的，已经取得",
        "The construction-works planning permit has been obtained where the law requires it",
      ),
      t(
        "施工场地已经基本具备施工条件，需要征收房屋的，其进度符合施工要求",
        "The site is essentially ready; any expropriation of houses is far enough along for work to start",
      ),
      t("已经确定施工企业", "The construction contractor has been chosen"),
      t(
        "有满足施工需要的资金安排、施工图纸及技术资料，施工图设计文件已按规定审查合格",
        "Funding, drawings and technical documents are sufficient, and the construction drawings have passed review",
      ),
      t("有保证工程质量和安全的具体措施", "There are concrete measures to ensure quality and safety"),
    ],
    materials: [
      onlineForm(t("建筑工程施工许可证申请表", "Application for a construction permit")),
      must("land", t("用地批准手续（不动产权证书）", "Land-use approval (real-estate title certificate)"), {
        form: "copy",
        satisfiedBy: { licenceType: "real_estate_certificate" },
      }),
      when(
        "planning_permit",
        t("建设工程规划许可证", "Construction-works planning permit"),
        t("依法应当取得建设工程规划许可证的", "Where the law requires a planning permit"),
        { satisfiedBy: { licenceType: "construction_planning_permit" } },
      ),
      must("contract", t("中标通知书及施工合同", "Notice of award and construction contract"), {
        form: "copy",
        notes: t(
          "依法可以直接发包的，提交直接发包的相关文件",
          "For works lawfully let directly, the documents of the direct award",
        ),
      }),
      must("drawings", t("施工图设计文件审查合格意见", "Review approval of the construction drawings"), {
        form: "electronic",
        satisfiedBy: { registry: "drawing_review" },
        notes: t("由施工图数字化审查系统共享", "Shared by the digital drawing-review system"),
      }),
      must(
        "quality_safety",
        t("保证工程质量和安全的具体措施", "Concrete measures to ensure quality and safety"),
        {
          form: "electronic",
        },
      ),
      must("funding_commitment", t("建设资金已经落实承诺书", "Commitment that funding is in place"), {
        form: "electronic",
      }),
      mandate(),
    ],
    form: form(
      page(t("工程概况", "The works"), {
        projectName: str(t("工程名称", "Name of the works"), 100),
        projectCode: str(t("项目代码", "Project code"), 30, {
          pattern: "^[0-9]{4}-[0-9]{6}-[0-9]{2}-[0-9]{2}-[0-9]{6}$",
          help: t(
            "投资项目在线审批监管平台赋予的代码",
            "The code from the online investment-project platform",
          ),
        }),
        address: str(t("建设地址", "Site address"), 200),
        investment: num(t("合同价格（万元）", "Contract price (10,000 yuan)"), 0, 10_000_000),
        floorArea: num(t("建筑面积（平方米）", "Floor area (m²)"), 0, 10_000_000),
        structure: choice(t("结构类型", "Structure"), [
          ["框架结构", "frame"],
          ["框架-剪力墙结构", "frame and shear wall"],
          ["剪力墙结构", "shear wall"],
          ["钢结构", "steel"],
          ["砖混结构", "brick and concrete"],
          ["其他", "other"],
        ]),
      }),
      page(t("参建单位与工期", "Parties and schedule"), {
        contractor: str(t("施工单位名称", "Construction contractor"), 100),
        supervisor: str(t("监理单位名称", "Supervising engineer"), 100, {
          optional: true,
          help: t("依法必须实行监理的工程填写", "For works that must be supervised by law"),
        }),
        startDate: day(t("合同开工日期", "Contract start date")),
        endDate: day(t("合同竣工日期", "Contract completion date")),
        commitment: yesNo(t("是否选择告知承诺方式办理", "Apply under the commitment procedure")),
      }),
    ),
    statutoryDays: 7,
    promisedDays: 3,
    fee: FREE,
    visits: 0,
    fullyOnline: true,
    channels: ["online", "hall"],
    commitmentAllowed: true,
    steps: [intake(), review(2), decision(1), issuance(0)],
    faq: [
      qa(
        t("哪些工程可以不办施工许可证？", "Which works need no permit?"),
        t(
          "工程投资额在 100 万元以下（含）或者建筑面积在 500 平方米以下（含）的建筑工程，抢险救灾及其他临时性房屋建筑和农民自建低层住宅，可以不申请施工许可证。",
          "Works of at most 1 million yuan or 500 m², emergency and other temporary buildings, and farmers' own low-rise homes need no construction permit.",
        ),
      ),
      qa(
        t("领证后多久必须开工？", "How soon after the permit must work start?"),
        t(
          "应当自领取之日起三个月内开工。因故不能按期开工的，应当申请延期；延期以两次为限，每次不超过三个月。",
          "Within three months. If work cannot start in time, apply for an extension; at most two, of three months each.",
        ),
      ),
      qa(
        t("施工许可证是电子的吗？", "Is the permit electronic?"),
        t(
          "是的，核发电子施工许可证，与纸质证书具有同等效力，可扫码查验。",
          "Yes. The electronic permit is as valid as paper and is checked by scanning its code.",
        ),
      ),
    ],
    keywords: ["施工许可证", "施工证", "开工许可", "建筑许可", "工地开工"],
  },
  offerings: [
    atCentre("housing_construction", PROJECT_WINDOW, PHONES.housing_construction, { promisedDays: 2 }),
  ],
};

const completionFiling: DemoItem = {
  code: itemCode("ZJ", 2),
  ownerRegionCode: "33",
  content: {
    name: t(
      "房屋建筑和市政基础设施工程竣工验收备案",
      "Completion-acceptance filing of building and municipal works",
    ),
    type: "other",
    line: "housing_construction",
    levels: ["province", "city", "county"],
    audience: ["legal_person"],
    events: ["construction"],
    summary: t(
      "建设单位自工程竣工验收合格之日起 15 日内，将竣工验收报告和规划、消防等部门出具的认可文件或者准许使用文件报建设主管部门备案。本县实行竣工联合验收，验收意见直接共享。",
      "Within 15 days of passing completion acceptance, the owner files the acceptance report and the planning, fire and other approvals with the construction authority. The county runs joint acceptance, whose opinions are shared directly.",
    ),
    legalBasis: [
      t(
        "《建设工程质量管理条例》第四十九条",
        "Regulations on the Quality Management of Construction Projects, Article 49",
      ),
      t(
        "《房屋建筑和市政基础设施工程竣工验收备案管理办法》（住房和城乡建设部令第2号）",
        "Measures for the Filing of Completion Acceptance of Building and Municipal Works (MOHURD Order No. 2)",
      ),
    ],
    conditions: [
      t("工程已经竣工验收合格", "The works have passed completion acceptance"),
      t(
        "规划、消防、人防等专项验收已经通过或者已纳入联合验收",
        "Planning, fire, civil-defence and other special acceptances have passed or were part of the joint acceptance",
      ),
    ],
    materials: [
      onlineForm(t("工程竣工验收备案表", "Completion-acceptance filing form")),
      must("acceptance_report", t("工程竣工验收报告", "Completion acceptance report"), {
        form: "electronic",
      }),
      must("joint_acceptance", t("竣工联合验收意见书", "Joint completion-acceptance opinion"), {
        form: "electronic",
        satisfiedBy: { registry: "joint_acceptance" },
      }),
      must("warranty", t("施工单位签署的工程质量保修书", "Quality warranty signed by the contractor"), {
        form: "copy",
      }),
      when(
        "housing_documents",
        t("住宅质量保证书和住宅使用说明书", "Housing quality guarantee and housing manual"),
        t("商品住宅工程", "For commercial housing"),
        { form: "copy" },
      ),
    ],
    form: form(
      page(t("工程与验收", "Works and acceptance"), {
        projectName: str(t("工程名称", "Name of the works"), 100),
        permitNumber: str(t("施工许可证编号", "Construction permit number"), 40),
        acceptanceDate: day(t("竣工验收合格日期", "Date of passing acceptance"), {
          help: t("应自该日起 15 日内备案", "File within 15 days of this date"),
        }),
        floorArea: num(t("建筑面积（平方米）", "Floor area (m²)"), 0, 10_000_000),
        commercialHousing: yesNo(t("是否为商品住宅工程", "Commercial housing")),
        jointAcceptance: yesNo(t("是否经竣工联合验收", "Passed joint acceptance")),
      }),
    ),
    statutoryDays: 5,
    promisedDays: 1,
    fee: FREE,
    visits: 0,
    fullyOnline: true,
    channels: ["online", "hall"],
    commitmentAllowed: false,
    steps: [intake(), review(1)],
    faq: [
      qa(
        t("超过 15 日才备案会怎样？", "What if the filing comes after 15 days?"),
        t(
          "逾期未备案的，由建设主管部门责令限期改正，并依法处以罚款。",
          "The authority orders it corrected within a time limit and fines the owner as the law provides.",
        ),
      ),
      qa(
        t(
          "联合验收后还要分别交规划、消防验收文件吗？",
          "After joint acceptance, do I still hand in the planning and fire approvals?",
        ),
        t(
          "不需要，联合验收意见书已包含各专项验收意见，系统直接共享。",
          "No. The joint opinion covers each special acceptance and is shared by the system.",
        ),
      ),
    ],
    keywords: ["竣工备案", "竣工验收", "验收备案", "联合验收"],
  },
  offerings: [atCentre("housing_construction", PROJECT_WINDOW, PHONES.housing_construction)],
};

const freightLicence: DemoItem = {
  code: itemCode("JT", 1),
  ownerRegionCode: "33",
  content: {
    name: t("道路货物运输经营许可（除危险货物外）", "Road freight transport licence (non-dangerous goods)"),
    type: "licence",
    line: "transport",
    levels: ["county"],
    audience: ["legal_person", "person"],
    events: ["starting_business", "operating"],
    summary: t(
      "使用总质量 4500 千克以上的普通货运车辆从事道路普通货物运输、货物专用运输或者大型物件运输经营的，向县级交通运输主管部门申请道路运输经营许可证。可选择告知承诺方式办理。",
      "Carrying goods for hire with general freight vehicles over 4,500 kg, or in special or oversize transport, needs a road transport licence from the county transport authority. It may be granted on the applicant's commitment.",
    ),
    legalBasis: [
      t(
        "《中华人民共和国道路运输条例》第二十一条、第二十四条",
        "Regulations of the PRC on Road Transport, Articles 21 and 24",
      ),
      t("《道路货物运输及站场管理规定》", "Provisions on Road Freight Transport and Stations"),
    ],
    conditions: [
      t("有与其经营业务相适应并经检测合格的车辆", "Vehicles suited to the business and passed inspection"),
      t("有取得道路货物运输从业资格的驾驶人员", "Drivers holding the road freight qualification"),
      t("有健全的安全生产管理制度", "Sound rules for safe operation"),
    ],
    materials: [
      onlineForm(t("道路货物运输经营申请表", "Application for road freight transport")),
      idCard(t("负责人居民身份证", "Resident ID card of the person in charge")),
      must(
        "vehicles",
        t("机动车行驶证及车辆技术等级评定证明", "Vehicle licences and technical grading of the vehicles"),
        {
          form: "copy",
          notes: t(
            "尚未购置车辆的，可提交拟投入车辆承诺书",
            "Without vehicles yet, a commitment on the vehicles to be used",
          ),
        },
      ),
      must(
        "drivers",
        t("驾驶人员的机动车驾驶证和从业资格证", "Drivers' licences and qualification certificates"),
        {
          form: "copy",
          satisfiedBy: { registry: "transport_qualification" },
        },
      ),
      must("safety_rules", t("安全生产管理制度文本", "Text of the safety rules"), { form: "electronic" }),
      mandate(),
    ],
    form: form(
      page(t("经营范围与车辆", "Scope and vehicles"), {
        scope: choices(t("经营范围", "Scope"), [
          ["道路普通货物运输", "general freight"],
          ["货物专用运输（集装箱）", "special freight (containers)"],
          ["货物专用运输（冷藏保鲜设备）", "special freight (refrigerated)"],
          ["大型物件运输", "oversize loads"],
        ]),
        vehicles: int(t("拟投入车辆数", "Vehicles to be used"), 1, 1000),
        heavyVehicles: int(t("其中总质量 4500 千克以上车辆数", "Of which over 4,500 kg"), 0, 1000),
        drivers: int(t("驾驶人员数", "Drivers"), 1, 2000),
        parking: str(t("停车场地地址", "Parking site"), 200, { optional: true }),
        commitment: yesNo(t("是否选择告知承诺方式办理", "Apply under the commitment procedure")),
      }),
    ),
    statutoryDays: 20,
    promisedDays: 3,
    fee: FREE,
    visits: 0,
    fullyOnline: true,
    channels: ["online", "hall", "mobile"],
    commitmentAllowed: true,
    steps: [intake(), review(2), decision(1)],
    faq: [
      qa(
        t("轻型货车跑运输也要办许可吗？", "Does a light van need the licence?"),
        t(
          "使用总质量 4500 千克及以下普通货运车辆从事普通货运经营的，无需办理道路运输经营许可证和车辆营运证。",
          "No. General freight with vehicles of at most 4,500 kg needs neither the licence nor vehicle operating certificates.",
        ),
      ),
      qa(
        t("车辆营运证怎么办？", "How do I get vehicle operating certificates?"),
        t(
          "取得经营许可后，为每辆车申领《道路运输证》，可在本事项中一并申请。",
          "After the licence, each vehicle gets a road transport certificate; apply for them with this item.",
        ),
      ),
    ],
    keywords: ["货运许可", "道路运输许可证", "运输证", "跑运输", "物流公司"],
  },
  offerings: [atCentre("transport", "3 楼 C 区 交通运输窗口", PHONES.transport)],
};

const publicVenueHygiene: DemoItem = {
  code: itemCode("WJ", 2),
  ownerRegionCode: "33",
  content: {
    name: t("公共场所卫生许可", "Hygiene licence for public venues"),
    type: "licence",
    line: "health",
    levels: ["county"],
    audience: ["legal_person", "person"],
    events: ["starting_business", "operating"],
    summary: t(
      "开办宾馆、旅店、公共浴室、理发店、美容店、游泳场（馆）等公共场所的，向县级卫生健康部门申请卫生许可证。本县实行告知承诺，承诺即发证，事后现场核查。",
      "Opening a hotel, guesthouse, public bathhouse, barber's, beauty salon, swimming pool or similar public venue needs a hygiene licence from the county health authority. The county grants it on commitment and inspects afterwards.",
    ),
    legalBasis: [
      t("《公共场所卫生管理条例》第八条", "Regulations on Hygiene Management of Public Places, Article 8"),
      t(
        "《公共场所卫生管理条例实施细则》第二十二条、第二十四条",
        "Implementing Rules of the Regulations on Hygiene Management of Public Places, Articles 22 and 24",
      ),
    ],
    conditions: [
      t(
        "场所选址、布局、设施设备符合卫生标准和卫生规范",
        "Site, layout, facilities and equipment meet hygiene standards and codes",
      ),
      t(
        "建立卫生管理制度，配备专（兼）职卫生管理人员",
        "Hygiene rules are in place with a full- or part-time hygiene manager",
      ),
      t("从业人员取得有效健康合格证明", "Staff hold valid health certificates"),
      t(
        "具有卫生检测报告（告知承诺的，可在规定期限内补交）",
        "A hygiene test report (under commitment, within the set time afterwards)",
      ),
    ],
    materials: [
      onlineForm(t("公共场所卫生许可申请表", "Application for a hygiene licence")),
      businessLicence(),
      must("layout", t("场所平面布局图和卫生设施设备情况", "Floor plan and hygiene facilities"), {
        form: "electronic",
      }),
      must(
        "test_report",
        t("公共场所卫生检测或者评价报告", "Hygiene test or assessment report of the venue"),
        {
          form: "electronic",
          notes: t(
            "选择告知承诺的，可于取得许可后 3 个月内补交",
            "Under commitment, within three months of the licence",
          ),
        },
      ),
      when(
        "commitment",
        t("卫生许可告知承诺书", "Commitment letter for the hygiene licence"),
        t("选择告知承诺方式办理的", "When the applicant chooses the commitment procedure"),
        { form: "electronic" },
      ),
      mandate(),
    ],
    form: form(
      page(t("场所信息", "The venue"), {
        venueType: choice(t("场所类别", "Kind of venue"), [
          ["宾馆、旅店、招待所", "hotel, guesthouse or hostel"],
          ["公共浴室", "public bathhouse"],
          ["理发店", "barber's"],
          ["美容店", "beauty salon"],
          ["游泳场（馆）", "swimming pool"],
          ["其他", "other"],
        ]),
        address: str(t("场所地址", "Address"), 200),
        area: num(t("营业面积（平方米）", "Floor area (m²)"), 1, 100_000),
        staff: int(t("从业人员数", "Staff"), 1, 5000),
        hygieneManager: str(t("卫生管理人员姓名", "Name of the hygiene manager"), 50),
        commitment: yesNo(t("是否选择告知承诺方式办理", "Apply under the commitment procedure")),
      }),
    ),
    statutoryDays: 20,
    promisedDays: 3,
    fee: FREE,
    visits: 0,
    fullyOnline: true,
    channels: ["online", "hall", "mobile"],
    commitmentAllowed: true,
    steps: [intake(), review(1), decision(1), issuance(1)],
    faq: [
      qa(
        t("开饭店、咖啡馆要办卫生许可证吗？", "Does a restaurant or café need this licence?"),
        t(
          "不需要。饭馆、咖啡馆、酒吧、茶座等已取消公共场所卫生许可，按食品经营许可管理。",
          "No. Restaurants, cafés, bars and tea houses no longer need it; they hold a food business licence.",
        ),
      ),
      qa(
        t("卫生许可证有效期多久？", "How long is the licence valid?"),
        t("有效期 4 年，每两年复核一次。", "Four years, reviewed every two years."),
      ),
    ],
    keywords: ["卫生许可证", "开宾馆", "理发店", "美容院", "游泳馆", "民宿卫生许可"],
  },
  offerings: [atCentre("health", "2 楼 C 区 卫生健康窗口", PHONES.health)],
};

export const PROJECT_ITEMS: DemoItem[] = [
  investmentFiling,
  constructionPermit,
  completionFiling,
  freightLicence,
  publicVenueHygiene,
];
