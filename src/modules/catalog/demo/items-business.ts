import {
  atCentre,
  businessLicence,
  choice,
  choices,
  day,
  decision,
  form,
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

/** Market regulation (市场监管): registering, licensing and closing businesses. */

const LINE = "market_regulation";
const WINDOW = "2 楼 B 区 市场监管综合窗口";
const PHONE = PHONES.market_regulation;

const REGISTRATION_FREE = {
  fen: 0,
  varies: false,
  basis: t(
    "根据《财政部 国家发展改革委关于清理规范一批行政事业性收费有关政策的通知》（财税〔2017〕20号），停征企业注册登记费",
    "Free: the enterprise registration fee was abolished by Caishui [2017] No. 20 of the Ministry of Finance and the NDRC",
  ),
};

const FREE = { fen: 0, varies: false, basis: t("不收费", "Free of charge") };

const premises = when(
  "premises_proof",
  t("住所（经营场所）使用证明", "Proof of the right to use the domicile (business premises)"),
  t(
    "未选择住所（经营场所）申报承诺的；自有房产可由不动产登记信息核验",
    "Unless the applicant declares the premises under the commitment scheme; owned property is checked against the real-estate register",
  ),
  {
    form: "copy",
    satisfiedBy: { licenceType: "real_estate_certificate" },
    notes: t(
      "租赁的提交租赁合同复印件及出租方产权证明",
      "For rented premises, a copy of the lease and the landlord's proof of title",
    ),
  },
);

const enterpriseEstablishment: DemoItem = {
  code: itemCode("SCJG", 1),
  ownerRegionCode: "33",
  content: {
    name: t("企业设立登记", "Enterprise establishment registration"),
    type: "licence",
    line: LINE,
    levels: ["province", "city", "county"],
    audience: ["legal_person"],
    events: ["starting_business"],
    summary: t(
      "设立有限责任公司、股份有限公司、个人独资企业、合伙企业等企业，向登记机关申请设立登记，领取营业执照。可与公章刻制、银行开户预约、涉税事项、员工参保和公积金缴存登记一件事联办。",
      "Founders of a limited liability company, company limited by shares, sole proprietorship or partnership apply to the registration authority to register the enterprise and receive its business licence. It can be done as one bundle with seal engraving, a bank-account appointment, tax matters, and social-insurance and provident-fund registration of staff.",
    ),
    legalBasis: [
      t(
        "《中华人民共和国公司法》第二十九条：设立公司，应当依法向公司登记机关申请设立登记",
        "Company Law of the PRC, Article 29: a company is established by applying to the company registration authority for establishment registration",
      ),
      t(
        "《中华人民共和国市场主体登记管理条例》第三条、第十六条、第十九条",
        "Regulations of the PRC on the Administration of the Registration of Market Entities, Articles 3, 16 and 19",
      ),
      t(
        "《中华人民共和国市场主体登记管理条例实施细则》",
        "Implementing Rules of the Regulations on the Administration of the Registration of Market Entities",
      ),
    ],
    conditions: [
      t(
        "企业名称符合《企业名称登记管理规定》，不与同行业已登记企业名称相同",
        "The name complies with the Provisions on the Administration of Enterprise Name Registration and is not the same as a registered name in the same trade",
      ),
      t(
        "有符合规定的住所（经营场所），住所真实、合法",
        "The enterprise has a genuine and lawful domicile (business premises)",
      ),
      t(
        "股东（出资人）符合法律规定，有限责任公司全体股东认缴的出资额自公司成立之日起五年内缴足",
        "Shareholders (investors) meet the law; the subscribed capital of a limited liability company is paid in full within five years of its establishment",
      ),
      t(
        "有依法制定的公司章程（合伙协议），法定代表人、董事、监事、高级管理人员的任职符合法律规定",
        "The articles of association (partnership agreement) are lawful and the legal representative, directors, supervisors and senior managers qualify for their posts",
      ),
      t(
        "经营范围按《经营范围规范表述目录》填写；涉及前置许可的，已取得批准文件",
        "The business scope is written in the terms of the Standard Catalogue of Business Scope; any prior licence it needs has been granted",
      ),
    ],
    materials: [
      onlineForm(t("企业设立登记申请书", "Application for enterprise establishment registration")),
      must("articles", t("公司章程（合伙协议）", "Articles of association (partnership agreement)"), {
        form: "electronic",
        count: 1,
        notes: t(
          "可选用系统提供的章程范本，全体股东电子签名",
          "The template in the system may be used; every shareholder signs electronically",
        ),
      }),
      idCard(
        t(
          "自然人股东、法定代表人及董事、监事、经理的居民身份证",
          "Resident ID cards of natural-person shareholders, the legal representative, directors, supervisors and manager",
        ),
      ),
      when(
        "corporate_shareholder",
        t("法人股东的营业执照", "Business licence of each corporate shareholder"),
        t("股东为企业法人的", "When a shareholder is a company"),
        { satisfiedBy: { licenceType: "business_licence" } },
      ),
      premises,
      when(
        "prior_approval",
        t("前置审批文件或许可证件", "Prior approval document or licence"),
        t(
          "经营范围涉及法律、行政法规规定须在登记前报经批准的项目的",
          "When the business scope includes an activity that laws or administrative regulations require to be approved before registration",
        ),
        { form: "copy" },
      ),
      mandate(),
    ],
    form: form(
      page(t("企业基本信息", "The enterprise"), {
        enterpriseName: str(t("企业名称", "Enterprise name"), 100, {
          help: t(
            "已通过企业名称自主申报的名称，如“安吉某某茶业有限公司”",
            "A name already cleared through self-service name declaration, e.g. 安吉某某茶业有限公司",
          ),
        }),
        enterpriseType: choice(t("企业类型", "Enterprise type"), [
          ["有限责任公司（自然人独资）", "limited liability company, one natural-person shareholder"],
          [
            "有限责任公司（自然人投资或控股）",
            "limited liability company, natural persons investing or controlling",
          ],
          ["股份有限公司", "company limited by shares"],
          ["个人独资企业", "sole proprietorship"],
          ["普通合伙企业", "general partnership"],
          ["有限合伙企业", "limited partnership"],
        ]),
        domicile: str(t("住所", "Domicile"), 200, {
          help: t("写到门牌号，如：安吉县递铺街道某某路 1 号", "Down to the street number"),
        }),
        businessScope: str(t("经营范围", "Business scope"), 2000, {
          long: true,
          help: t(
            "从《经营范围规范表述目录》中选择条目",
            "Pick entries from the Standard Catalogue of Business Scope",
          ),
        }),
      }),
      page(t("出资与人员", "Capital and people"), {
        registeredCapital: num(t("注册资本（万元）", "Registered capital (10,000 yuan)"), 0, 10_000_000),
        shareholderCount: int(t("股东（出资人）人数", "Number of shareholders (investors)"), 1, 200),
        legalRepresentative: str(t("法定代表人姓名", "Name of the legal representative"), 50),
        premisesCommitment: yesNo(
          t("是否采用住所申报承诺", "Declare the premises under the commitment scheme"),
          {
            help: t(
              "承诺住所真实合法的，可不提交住所使用证明",
              "Promise that the premises are genuine and lawful instead of proving the right to use them",
            ),
          },
        ),
      }),
      page(t("同步办理", "Done at the same time"), {
        alsoDo: choices(
          t("开办企业一件事同步办理", "Also do, as one enterprise start-up bundle"),
          [
            ["公章刻制", "seal engraving"],
            ["银行开户预约", "bank-account appointment"],
            ["涉税事项办理", "tax registration matters"],
            ["员工参保登记", "social-insurance registration of staff"],
            ["住房公积金缴存登记", "provident-fund contribution registration"],
          ],
          { optional: true },
        ),
      }),
    ),
    statutoryDays: 3,
    promisedDays: 1,
    fee: REGISTRATION_FREE,
    visits: 0,
    fullyOnline: true,
    channels: ["online", "hall", "mobile"],
    commitmentAllowed: true,
    steps: [intake(), review(1), decision(0), issuance(0)],
    faq: [
      qa(
        t("注册资本需要一次缴足吗？", "Must the registered capital be paid in at once?"),
        t(
          "不需要。有限责任公司股东按章程约定的期限缴纳出资，但最长不超过公司成立之日起五年。",
          "No. Shareholders of a limited liability company pay in as the articles say, within five years of establishment at the latest.",
        ),
      ),
      qa(
        t("营业执照多久能拿到？", "How soon do I get the business licence?"),
        t(
          "核准后即生成电子营业执照，可在“浙里办”下载使用；需要纸质执照的可选择邮寄或到窗口领取。",
          "The electronic business licence is issued as soon as registration is approved and can be downloaded in the Zheliban (浙里办) app; a paper licence can be posted or collected at the window.",
        ),
      ),
      qa(
        t("住宅可以登记为公司住所吗？", "Can a flat be registered as the company's domicile?"),
        t(
          "可以作为部分行业企业的住所，但应遵守法律法规和管理规约，不得从事餐饮、娱乐等扰民的经营活动。",
          "For many trades, yes, within the law and the residents' rules; businesses that disturb neighbours, such as catering and entertainment, are not allowed in homes.",
        ),
      ),
    ],
    keywords: ["开公司", "办执照", "注册公司", "营业执照", "公司注册", "开办企业", "新办企业"],
  },
  offerings: [atCentre(LINE, WINDOW, PHONE)],
};

const soleTraderEstablishment: DemoItem = {
  code: itemCode("SCJG", 2),
  ownerRegionCode: "33",
  content: {
    name: t("个体工商户设立登记", "Individual business establishment registration"),
    type: "licence",
    line: LINE,
    levels: ["county", "township"],
    audience: ["person"],
    events: ["starting_business"],
    summary: t(
      "有经营能力的公民从事工商业经营的，向经营场所所在地的市场监督管理部门（含市场监督管理所）申请个体工商户设立登记，领取营业执照。",
      "A citizen able to run a business who trades in industry or commerce applies to the market regulation office where the premises are (including its township branch) to register an individual business and receive a business licence.",
    ),
    legalBasis: [
      t(
        "《中华人民共和国市场主体登记管理条例》第二条、第十九条",
        "Regulations of the PRC on the Administration of the Registration of Market Entities, Articles 2 and 19",
      ),
      t("《促进个体工商户发展条例》", "Regulations on Promoting the Development of Individual Businesses"),
    ],
    conditions: [
      t(
        "经营者为有经营能力的自然人，可以个人经营，也可以家庭经营",
        "The operator is a natural person able to run a business, alone or with the family",
      ),
      t(
        "有固定的经营场所；从事网络经营的，可以将网络经营场所登记为经营场所",
        "There are fixed premises; an online business may register its online premises instead",
      ),
      t(
        "经营范围不属于法律、行政法规禁止个体工商户经营的项目",
        "The business scope includes nothing that laws or administrative regulations forbid to individual businesses",
      ),
    ],
    materials: [
      onlineForm(t("个体工商户登记（备案）申请书", "Application for individual business registration")),
      idCard(t("经营者居民身份证", "Operator's resident identity card")),
      when(
        "family_members",
        t("参加经营的家庭成员身份证明", "ID of each family member taking part"),
        t("组成形式为家庭经营的", "For a family business"),
        { satisfiedBy: { registry: "household_register", field: "members" } },
      ),
      premises,
      mandate(),
    ],
    form: form(
      page(t("经营信息", "The business"), {
        tradeName: str(t("个体工商户名称", "Trade name"), 100, {
          optional: true,
          help: t("个体工商户可以不使用名称", "An individual business may trade without a name"),
        }),
        organisation: choice(t("组成形式", "Form of organisation"), [
          ["个人经营", "run by one person"],
          ["家庭经营", "run by a family"],
        ]),
        premisesAddress: str(t("经营场所", "Business premises"), 200),
        businessScope: str(t("经营范围", "Business scope"), 1000, { long: true }),
        capital: num(t("资金数额（万元）", "Capital (10,000 yuan)"), 0, 100_000),
        employees: int(t("从业人数", "Number of people working"), 1, 500),
        online: yesNo(t("是否以网络经营场所登记", "Register online premises")),
      }),
    ),
    statutoryDays: 3,
    promisedDays: 0,
    fee: REGISTRATION_FREE,
    visits: 0,
    fullyOnline: true,
    channels: ["online", "hall", "mobile"],
    commitmentAllowed: true,
    steps: [intake(), decision(0), issuance(0)],
    faq: [
      qa(
        t("个体工商户一定要起名字吗？", "Must an individual business have a name?"),
        t(
          "不一定。不使用名称的，营业执照上名称一栏以“*”号标注。",
          "No. Without a name, the name line of the licence shows an asterisk.",
        ),
      ),
      qa(
        t("只在网上开店，也要办执照吗？", "Do I need a licence to sell only online?"),
        t(
          "电子商务经营者一般应当办理登记；个人销售自产农副产品、家庭手工业产品，利用自己的技能从事依法无须取得许可的便民劳务活动和零星小额交易活动的，不需要登记。",
          "An e-commerce business usually must register; people selling their own farm produce or household handicrafts, offering simple services that need no licence, or trading in small sporadic amounts need not.",
        ),
      ),
      qa(
        t("个体工商户以后能转为公司吗？", "Can an individual business become a company later?"),
        t(
          "可以办理“个转企”，可保留原名称中的字号和行业特点。",
          "Yes, by converting to an enterprise; the trade name and the trade in the name may be kept.",
        ),
      ),
    ],
    keywords: ["个体户", "开店", "小店执照", "营业执照", "个体执照", "摆摊执照"],
  },
  offerings: [atCentre(LINE, WINDOW, PHONE), inTownships(LINE, PHONE)],
};

const foodBusinessLicence: DemoItem = {
  code: itemCode("SCJG", 3),
  ownerRegionCode: "33",
  content: {
    name: t("食品经营许可（新办）", "Food business licence (new)"),
    type: "licence",
    line: LINE,
    levels: ["county"],
    audience: ["legal_person", "person"],
    events: ["starting_business", "operating"],
    summary: t(
      "在中华人民共和国境内从事食品销售和餐饮服务活动的，应当依法取得食品经营许可。仅销售预包装食品的实行备案管理，不需办理本事项。可选择告知承诺方式办理。",
      "Selling food or providing catering in the PRC needs a food business licence. Selling only prepackaged food needs a filing instead, not this licence. The licence may be granted on the applicant's commitment.",
    ),
    legalBasis: [
      t(
        "《中华人民共和国食品安全法》第三十五条：国家对食品生产经营实行许可制度",
        "Food Safety Law of the PRC, Article 35: the state licenses food production and food business",
      ),
      t(
        "《食品经营许可和备案管理办法》（国家市场监督管理总局令第78号）",
        "Measures for the Administration of Food Business Licensing and Filing (SAMR Order No. 78)",
      ),
    ],
    conditions: [
      t(
        "具有与经营的食品品种、数量相适应的食品原料处理和食品加工、销售、贮存等场所，并与有毒、有害场所以及其他污染源保持规定的距离",
        "There are premises for handling, preparing, selling and storing food suited to the kinds and amounts sold, at the required distance from toxic or harmful sites and other sources of pollution",
      ),
      t(
        "具有与经营的食品品种、数量相适应的经营设备或者设施",
        "There is equipment suited to the kinds and amounts of food sold",
      ),
      t(
        "有专职或者兼职的食品安全总监、食品安全员等食品安全管理人员和保证食品安全的规章制度",
        "There are full- or part-time food safety managers and rules that keep food safe",
      ),
      t(
        "具有合理的设备布局和工艺流程，防止待加工食品与直接入口食品、原料与成品交叉污染",
        "Equipment layout and processes prevent cross-contamination between raw and ready-to-eat food and between ingredients and products",
      ),
    ],
    materials: [
      onlineForm(t("食品经营许可申请书", "Application for a food business licence")),
      businessLicence(
        t("营业执照或其他主体资格证明文件", "Business licence or other proof of legal standing"),
      ),
      must(
        "layout",
        t(
          "与食品经营相适应的主要设备设施、经营布局、操作流程等文件",
          "Documents on the main equipment, layout and working processes suited to the business",
        ),
        {
          form: "electronic",
          notes: t("含经营场所平面图和设备布局图", "Including a floor plan and equipment layout"),
        },
      ),
      must(
        "safety_rules",
        t(
          "食品安全自查、从业人员健康管理、进货查验记录、食品安全事故处置等保证食品安全的规章制度目录",
          "List of food safety rules: self-inspection, staff health, checks of incoming goods, incident handling",
        ),
        { form: "electronic" },
      ),
      when(
        "commitment",
        t("食品经营许可告知承诺书", "Commitment letter for the food business licence"),
        t("选择告知承诺方式办理的", "When the applicant chooses the commitment procedure"),
        { form: "electronic" },
      ),
      mandate(),
    ],
    form: form(
      page(t("经营场所与业态", "Premises and kind of business"), {
        premisesAddress: str(t("经营场所地址", "Address of the premises"), 200),
        businessForm: choice(t("主体业态", "Kind of business"), [
          ["食品销售经营者", "food seller"],
          ["餐饮服务经营者", "catering business"],
          ["单位食堂", "canteen of an organisation"],
        ]),
        area: num(t("经营场所面积（平方米）", "Floor area of the premises (m²)"), 1, 100_000),
        canteenDiners: int(t("单位食堂就餐人数", "Diners served by the canteen"), 1, 50_000, {
          optional: true,
          help: t("仅单位食堂填写", "Only for canteens"),
        }),
      }),
      page(t("经营项目", "What is sold"), {
        items: choices(t("经营项目", "Business items"), [
          ["散装食品销售", "sale of bulk food"],
          ["保健食品销售", "sale of health food"],
          ["特殊医学用途配方食品销售", "sale of food for special medical purposes"],
          ["婴幼儿配方乳粉销售", "sale of infant formula"],
          ["热食类食品制售", "hot food made and sold"],
          ["冷食类食品制售", "cold food made and sold"],
          ["生食类食品制售", "raw food made and sold"],
          ["半成品制售", "semi-finished food made and sold"],
          ["自制饮品制售", "own drinks made and sold"],
          ["糕点类食品制售", "pastries made and sold"],
        ]),
        onlineSales: yesNo(t("是否通过网络经营", "Sell online too")),
        safetyManager: str(t("食品安全管理人员姓名", "Name of the food safety manager"), 50),
        commitment: yesNo(t("是否选择告知承诺方式办理", "Apply under the commitment procedure"), {
          help: t(
            "承诺符合许可条件的，先发证后核查，核查不符的依法撤销许可",
            "The licence is granted on the commitment and checked afterwards; it is revoked if the premises fall short",
          ),
        }),
      }),
    ),
    statutoryDays: 10,
    promisedDays: 5,
    fee: FREE,
    visits: 0,
    fullyOnline: true,
    channels: ["online", "hall", "mobile"],
    commitmentAllowed: true,
    steps: [
      intake(),
      review(1),
      step("site_check", t("现场核查", "On-site inspection"), "reviewer", 2),
      decision(1),
      issuance(1),
    ],
    faq: [
      qa(
        t("只卖预包装食品也要办许可证吗？", "Do I need the licence to sell only prepackaged food?"),
        t(
          "不需要办理许可，但应在取得营业执照后办理仅销售预包装食品备案。",
          "No licence, but after getting the business licence you file for selling prepackaged food only.",
        ),
      ),
      qa(
        t("什么是告知承诺？", "What is the commitment procedure?"),
        t(
          "市场监管部门一次性告知许可条件，申请人书面承诺已经符合条件的，当场或在承诺时限内作出许可决定，之后再进行现场核查。",
          "The office tells you all the conditions at once; if you promise in writing that you meet them, the licence is granted on the spot or within the promised time, and the premises are inspected afterwards.",
        ),
      ),
      qa(
        t("食品经营许可证有效期多久？", "How long is the licence valid?"),
        t(
          "有效期为 5 年。需要继续经营的，应在有效期届满前按规定期限申请延续。",
          "Five years. To keep trading, apply for renewal within the set period before it ends.",
        ),
      ),
    ],
    keywords: ["食品许可证", "餐饮许可", "开饭店", "开餐馆", "小吃店", "奶茶店", "食品经营许可证"],
  },
  offerings: [atCentre(LINE, WINDOW, PHONE, { promisedDays: 3 })],
};

const pharmacyLicence: DemoItem = {
  code: itemCode("SCJG", 4),
  ownerRegionCode: "33",
  content: {
    name: t("药品经营许可（零售）", "Pharmaceutical business licence (retail)"),
    type: "licence",
    line: LINE,
    levels: ["county"],
    audience: ["legal_person", "person"],
    events: ["starting_business", "operating"],
    summary: t(
      "开办药品零售企业（含零售连锁门店），向所在地县级市场监督管理部门申请核发药品经营许可证。",
      "Opening a retail pharmacy (including a chain store) needs a pharmaceutical business licence from the county market regulation bureau where it is.",
    ),
    legalBasis: [
      t(
        "《中华人民共和国药品管理法》第五十一条：从事药品零售活动，应当经所在地县级以上地方人民政府药品监督管理部门批准，取得药品经营许可证",
        "Drug Administration Law of the PRC, Article 51: retail sale of medicines needs the approval of the local drug regulator at or above county level and a pharmaceutical business licence",
      ),
      t(
        "《药品经营和使用质量监督管理办法》（国家市场监督管理总局令第84号）",
        "Measures for the Supervision of the Quality of Drug Distribution and Use (SAMR Order No. 84)",
      ),
      t("《药品经营质量管理规范》", "Good Supply Practice for Pharmaceutical Products"),
    ],
    conditions: [
      t(
        "有依法经过资格认定的药师或者其他药学技术人员，经营处方药的配备执业药师",
        "There are qualified pharmacists or other pharmaceutical staff, including a licensed pharmacist where prescription medicines are sold",
      ),
      t(
        "有与所经营药品相适应的营业场所、设备、仓储设施和卫生环境",
        "Premises, equipment, storage and hygiene suit the medicines sold",
      ),
      t(
        "有与所经营药品相适应的质量管理机构或者人员，有保证药品质量的规章制度，符合药品经营质量管理规范",
        "There is a quality department or quality staff, and rules that keep medicines' quality, meeting Good Supply Practice",
      ),
    ],
    materials: [
      onlineForm(t("药品经营许可证申请表", "Application for a pharmaceutical business licence")),
      businessLicence(),
      must(
        "pharmacist",
        t(
          "质量负责人及驻店执业药师的资格证明",
          "Qualifications of the quality manager and the resident licensed pharmacist",
        ),
        { form: "copy", satisfiedBy: { registry: "licensed_pharmacist" } },
      ),
      must(
        "premises_plan",
        t(
          "营业场所、仓库的地址、面积和平面布局图",
          "Addresses, areas and floor plans of the shop and the store",
        ),
        { form: "electronic" },
      ),
      must(
        "quality_system",
        t("质量管理文件及主要设施设备目录", "Quality documents and list of the main equipment"),
        {
          form: "electronic",
        },
      ),
      mandate(),
    ],
    form: form(
      page(t("门店信息", "The shop"), {
        shopAddress: str(t("营业场所地址", "Address of the shop"), 200),
        shopArea: num(t("营业面积（平方米）", "Shop floor area (m²)"), 1, 10_000),
        storeArea: num(t("仓库面积（平方米）", "Store area (m²)"), 0, 10_000, { optional: true }),
        chainStore: yesNo(t("是否为药品零售连锁门店", "A store of a retail pharmacy chain")),
      }),
      page(t("经营范围与人员", "What is sold, and the staff"), {
        categories: choices(t("经营类别", "Categories"), [
          ["处方药", "prescription medicines"],
          ["甲类非处方药", "class A over-the-counter medicines"],
          ["乙类非处方药", "class B over-the-counter medicines"],
        ]),
        scope: choices(t("经营范围", "Scope"), [
          ["中药饮片", "prepared Chinese herbal pieces"],
          ["中成药", "Chinese patent medicines"],
          ["化学药", "chemical medicines"],
          ["生物制品", "biological products"],
        ]),
        qualityManager: str(t("质量负责人姓名", "Name of the quality manager"), 50),
        pharmacists: int(t("驻店执业药师人数", "Licensed pharmacists on site"), 1, 50),
      }),
    ),
    statutoryDays: 15,
    promisedDays: 7,
    fee: FREE,
    visits: 0,
    fullyOnline: true,
    channels: ["online", "hall", "mobile"],
    commitmentAllowed: false,
    steps: [
      intake(),
      review(2),
      step("site_check", t("现场检查", "On-site inspection"), "reviewer", 3),
      decision(1),
      issuance(1),
    ],
    faq: [
      qa(
        t("开药店必须配执业药师吗？", "Must a pharmacy have a licensed pharmacist?"),
        t(
          "经营处方药、甲类非处方药的，应当配备执业药师；营业时间内执业药师不在岗的，应当挂牌告知并停止销售处方药。",
          "Yes, where prescription or class A over-the-counter medicines are sold; when the pharmacist is away during opening hours, a notice must be shown and prescription sales stop.",
        ),
      ),
      qa(
        t("药品经营许可证有效期多久？", "How long is the licence valid?"),
        t(
          "有效期为 5 年。需要继续经营的，应在有效期届满前按规定期限申请重新审查发证。",
          "Five years. To keep trading, apply for re-examination within the set period before it ends.",
        ),
      ),
    ],
    keywords: ["药店", "开药店", "零售药店", "药品经营许可证", "药房"],
  },
  offerings: [atCentre(LINE, WINDOW, PHONE)],
};

const enterpriseDeregistration: DemoItem = {
  code: itemCode("SCJG", 5),
  ownerRegionCode: "33",
  content: {
    name: t("企业注销登记", "Enterprise deregistration"),
    type: "licence",
    line: LINE,
    levels: ["province", "city", "county"],
    audience: ["legal_person"],
    events: ["closing_business"],
    summary: t(
      "企业因解散、被宣告破产或者其他法定事由需要终止的，依法向登记机关申请注销登记。未发生债权债务或者已将债权债务清偿完结的，可以申请简易注销。",
      "An enterprise ending because it is dissolved, declared bankrupt or for another legal reason applies to the registration authority to deregister. One with no debts and claims, or with all of them settled, may use simplified deregistration.",
    ),
    legalBasis: [
      t(
        "《中华人民共和国公司法》第二百三十九条、第二百四十条",
        "Company Law of the PRC, Articles 239 and 240",
      ),
      t(
        "《中华人民共和国市场主体登记管理条例》第三十一条、第三十三条",
        "Regulations of the PRC on the Administration of the Registration of Market Entities, Articles 31 and 33",
      ),
    ],
    conditions: [
      t(
        "普通注销：已依法成立清算组完成清算，清算报告经股东会或者人民法院确认",
        "Ordinary deregistration: a liquidation group has completed liquidation and its report has been confirmed by the shareholders' meeting or a court",
      ),
      t(
        "简易注销：未发生或者已清偿完结债权债务，全体投资人书面承诺，并经国家企业信用信息公示系统公示 20 日无异议",
        "Simplified deregistration: no debts or claims, or all settled; all investors promise so in writing and a 20-day notice on the National Enterprise Credit Information Publicity System draws no objection",
      ),
      t(
        "已办结涉税事项（或税务部门未提出异议），分支机构已注销",
        "Tax matters are closed (or the tax office raises no objection) and branches are deregistered",
      ),
    ],
    materials: [
      onlineForm(t("企业注销登记申请书", "Application for enterprise deregistration")),
      when(
        "liquidation_report",
        t("经确认的清算报告", "Confirmed liquidation report"),
        t("普通注销的", "For ordinary deregistration"),
        { form: "electronic" },
      ),
      when(
        "investors_commitment",
        t("全体投资人承诺书", "Commitment of all investors"),
        t("简易注销的", "For simplified deregistration"),
        { form: "electronic" },
      ),
      when(
        "court_ruling",
        t(
          "人民法院的破产程序终结裁定或强制清算终结裁定",
          "Court ruling ending the bankruptcy or compulsory liquidation",
        ),
        t(
          "因破产或人民法院强制清算注销的",
          "When deregistering after bankruptcy or court-ordered liquidation",
        ),
        { form: "copy" },
      ),
      when(
        "paper_licence",
        t("营业执照正、副本", "Original and duplicate of the business licence"),
        t(
          "领取过纸质营业执照的；遗失的可在系统中作遗失声明",
          "When a paper licence was issued; a lost one is declared lost in the system",
        ),
      ),
      mandate(),
    ],
    form: form(
      page(t("注销方式", "How to deregister"), {
        procedure: choice(t("注销方式", "Procedure"), [
          ["简易注销", "simplified"],
          ["普通注销", "ordinary"],
        ]),
        reason: choice(t("注销原因", "Reason"), [
          ["股东会决议解散", "dissolution resolved by the shareholders"],
          ["营业期限届满", "term of operation ended"],
          [
            "依法被吊销营业执照、责令关闭或者被撤销",
            "licence revoked, ordered closed or registration cancelled",
          ],
          ["人民法院宣告破产", "declared bankrupt by a court"],
          ["其他原因", "other reason"],
        ]),
        noticeStart: day(t("简易注销公示开始日期", "Start of the simplified-deregistration notice"), {
          optional: true,
          help: t("简易注销须公示期满 20 日后提交", "Apply when the 20-day notice has run"),
        }),
      }),
      page(t("清算情况", "Liquidation"), {
        debtsSettled: yesNo(t("债权债务是否已清偿完结", "All debts and claims settled")),
        branchesClosed: yesNo(t("分支机构是否均已注销", "All branches deregistered")),
        licenceLost: yesNo(t("纸质营业执照是否遗失", "Paper licence lost")),
      }),
    ),
    statutoryDays: 3,
    promisedDays: 1,
    fee: REGISTRATION_FREE,
    visits: 0,
    fullyOnline: true,
    channels: ["online", "hall", "mobile"],
    commitmentAllowed: true,
    steps: [intake(), review(1), decision(0)],
    faq: [
      qa(
        t("简易注销和普通注销怎么选？", "Simplified or ordinary deregistration?"),
        t(
          "企业未发生债权债务或者已清偿完结、未处于被吊销或经营异常等状态的，可以选择简易注销，无需提交清算报告；否则办理普通注销。",
          "If the enterprise has no debts or claims, or has settled them, and is not revoked or on the abnormal-operation list, choose simplified deregistration and no liquidation report is needed; otherwise deregister the ordinary way.",
        ),
      ),
      qa(
        t("还要去税务局办清税吗？", "Do I still go to the tax office for tax clearance?"),
        t(
          "税务信息已与登记机关共享，未办理过涉税事项或无欠税的，一般无需另行提交清税证明。",
          "Tax data is shared with the registration authority; an enterprise with no tax dealings or arrears usually need not hand in a tax clearance certificate.",
        ),
      ),
    ],
    keywords: ["注销公司", "关公司", "公司注销", "简易注销", "注销执照", "企业关闭"],
  },
  offerings: [atCentre(LINE, WINDOW, PHONE)],
};

export const BUSINESS_ITEMS: DemoItem[] = [
  enterpriseEstablishment,
  soleTraderEstablishment,
  foodBusinessLicence,
  pharmacyLicence,
  enterpriseDeregistration,
];
