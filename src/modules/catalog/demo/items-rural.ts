import {
  atCentre,
  choice,
  choices,
  day,
  form,
  householdRegister,
  idCard,
  inTownships,
  int,
  intake,
  itemCode,
  mandate,
  must,
  num,
  onlineForm,
  PHONES,
  page,
  qa,
  step,
  str,
  t,
  when,
  yesNo,
} from "./build.ts";
import type { DemoItem } from "./types.ts";

/** Farming and village life (农业农村): homesteads and the subsidies paid to farmers. */

const LINE = "agriculture_rural_affairs";
const TOWNSHIP = { level: "township" } as const;
const FREE = { fen: 0, varies: false, basis: t("不收费", "Free of charge") };

const subsidyCard = choice(t("补贴发放账户", "Account for payments"), [
  ["社会保障卡金融账户", "financial account of the social security card"],
  ["惠民惠农财政补贴资金“一卡通”", "the farmers' subsidy card"],
]);

const homestead: DemoItem = {
  code: itemCode("NYNC", 1),
  ownerRegionCode: "33",
  content: {
    name: t("农村村民宅基地审批", "Approval of a rural homestead"),
    type: "licence",
    line: LINE,
    levels: ["township"],
    audience: ["person"],
    events: ["housing", "farming"],
    summary: t(
      "符合条件的农村村民以户为单位建房，经村集体经济组织（村民委员会）讨论公示后，向乡镇人民政府（街道办事处）申请使用宅基地，同步办理乡村建设规划许可。乡镇（街道）统一受理、联审，作出批准决定后实行开工放样、基槽验线、竣工验收“三到场”。",
      "A qualifying rural household that wants to build a home applies, after the village collective (village committee) has discussed and posted the application, to the township government or street office to use a homestead, together with the rural construction planning permit. The township takes the application, reviews it jointly with the departments, decides, and then attends on site three times: setting out, foundation check, and completion.",
    ),
    legalBasis: [
      t(
        "《中华人民共和国土地管理法》第六十二条：农村村民一户只能拥有一处宅基地……农村村民住宅用地，由乡（镇）人民政府审核批准",
        "Land Administration Law of the PRC, Article 62: a rural household may have only one homestead… rural housing land is approved by the township government",
      ),
      t(
        "《中华人民共和国土地管理法实施条例》第三十四条",
        "Implementing Regulations of the Land Administration Law, Article 34",
      ),
      t(
        "《农业农村部 自然资源部关于规范农村宅基地审批管理的通知》（农经发〔2019〕6号）",
        "Notice of the Ministry of Agriculture and Rural Affairs and the Ministry of Natural Resources on Regulating Homestead Approval (Nongjingfa [2019] No. 6)",
      ),
      t("《浙江省土地管理条例》", "Zhejiang Provincial Regulations on Land Administration"),
    ],
    conditions: [
      t(
        "申请人为本村集体经济组织成员，以户为单位申请",
        "The applicant is a member of the village collective and applies as a household",
      ),
      t(
        "符合“一户一宅”，无宅基地或现有宅基地面积低于标准需要改善的；出卖、出租、赠与住宅后再申请的不予批准",
        "One household, one homestead: none now, or the present one is below the standard; anyone who sold, let or gave away a home is refused",
      ),
      t(
        "符合国土空间规划、村庄规划和用途管制要求，尽量使用原有宅基地和村内空闲地",
        "Fits the territorial spatial plan, the village plan and use controls, using old homesteads and idle village land where possible",
      ),
      t(
        "面积符合浙江省标准：使用耕地的不超过 125 平方米，使用其他土地的不超过 140 平方米，山区利用荒地、荒坡的不超过 160 平方米",
        "Area within the Zhejiang limits: 125 m² on arable land, 140 m² on other land, 160 m² on barren hillsides in mountain areas",
      ),
    ],
    materials: [
      onlineForm(
        t(
          "农村宅基地和建房（规划许可）申请表",
          "Application for a rural homestead and building (planning permit)",
        ),
      ),
      householdRegister(),
      idCard(t("户主及家庭成员的居民身份证", "Resident ID cards of the head and members of the household")),
      must(
        "village_opinion",
        t(
          "村集体经济组织或村民委员会审查意见及公示情况",
          "Opinion of the village collective or committee and the record of its posting",
        ),
        { notes: t("由村代办员上传", "Uploaded by the village agent") },
      ),
      must("design", t("农房设计图或选用的通用图集", "Design drawings, or the standard design chosen"), {
        form: "electronic",
      }),
      must(
        "commitment",
        t(
          "“一户一宅”及拆旧建新承诺书",
          "Commitment on one homestead per household and on demolishing the old house",
        ),
        {
          form: "original",
        },
      ),
      when(
        "old_title",
        t("原宅基地不动产权证书", "Real-estate title certificate of the old homestead"),
        t("原址翻建或拆旧建新的", "When rebuilding on the site or replacing an old house"),
        { satisfiedBy: { licenceType: "real_estate_certificate" } },
      ),
      mandate(),
    ],
    form: form(
      page(t("建房基本情况", "The building"), {
        buildType: choice(t("建房类型", "Kind of building"), [
          ["原址翻建", "rebuild on the same site"],
          ["改建扩建", "convert or extend"],
          ["异址新建", "new build elsewhere"],
        ]),
        site: str(t("拟建位置（村组及四至）", "Site (village group and boundaries)"), 300, { long: true }),
        landArea: num(t("申请宅基地面积（平方米）", "Homestead area applied for (m²)"), 1, 160),
        floorArea: num(t("房屋建筑面积（平方米）", "Floor area of the house (m²)"), 1, 600),
        storeys: int(t("建筑层数", "Storeys"), 1, 3),
      }),
      page(t("家庭与用地", "Household and land"), {
        householdSize: int(t("家庭人口数", "Household members"), 1, 20),
        usesFarmland: yesNo(t("是否占用农用地", "Uses farmland")),
        oldHomestead: choice(t("现有宅基地处置", "Present homestead"), [
          ["无现有宅基地", "none"],
          ["拆旧建新", "demolished for the new house"],
          ["退回原宅基地", "returned to the collective"],
        ]),
        standardDesign: yesNo(t("是否选用农房设计通用图集", "Use a standard rural house design")),
      }),
    ),
    statutoryDays: 20,
    promisedDays: 15,
    fee: FREE,
    visits: 1,
    fullyOnline: false,
    channels: ["online", "hall", "village_point"],
    commitmentAllowed: false,
    steps: [
      intake(0, TOWNSHIP),
      step("eligibility", t("申请资格审查", "Eligibility review"), "reviewer", 5, TOWNSHIP),
      step("planning", t("规划和用地审查", "Planning and land-use review"), "reviewer", 5, {
        line: "natural_resources",
        level: "township",
      }),
      step("site_survey", t("现场踏勘", "Site survey"), "reviewer", 2, TOWNSHIP),
      step("approval", t("乡镇（街道）审批", "Township approval"), "approver", 3, TOWNSHIP),
    ],
    faq: [
      qa(
        t("批准后就可以开工吗？", "Can building start once approved?"),
        t(
          "取得批准书和乡村建设规划许可证后，应申请开工放样，乡镇（街道）到场确定四至后方可开工；建成后申请竣工验收，再办理不动产登记。",
          "After the approval and the rural planning permit, ask for the setting-out; the township marks the boundaries on site before work starts. On completion, ask for the final check, then register the property.",
        ),
      ),
      qa(
        t("城里人可以到农村买宅基地建房吗？", "Can town residents buy a homestead to build on?"),
        t(
          "不可以。宅基地只能由本集体经济组织成员以户为单位申请。",
          "No. Only households of the village collective may apply for a homestead.",
        ),
      ),
      qa(
        t("房子能建几层？", "How many storeys may the house have?"),
        t(
          "一般不超过三层，具体高度以村庄规划和规划许可为准。",
          "Usually no more than three; the village plan and the permit set the height.",
        ),
      ),
    ],
    keywords: ["宅基地", "农村建房", "造房子", "建房审批", "批地建房", "农房审批", "翻建房子"],
  },
  offerings: [inTownships(LINE, PHONES.agriculture_rural_affairs)],
};

const landFertilitySubsidy: DemoItem = {
  code: itemCode("NYNC", 2),
  ownerRegionCode: "33",
  content: {
    name: t("耕地地力保护补贴发放", "Payment of the arable-land fertility protection subsidy"),
    type: "benefit",
    line: LINE,
    levels: ["county", "township", "village"],
    audience: ["person", "legal_person"],
    events: ["farming"],
    summary: t(
      "拥有耕地承包权的种地农民按实际种植面积申报耕地地力保护补贴，经村级核实公示、乡镇（街道）审核、县农业农村局会同财政局审定后，通过社会保障卡或“一卡通”发放。",
      "Farmers holding contract rights to arable land report the area they actually farm; after the village checks and posts it, the township reviews and the county agriculture bureau and finance bureau approve, the subsidy is paid to the social security card or the farmers' subsidy card.",
    ),
    legalBasis: [
      t(
        "《财政部 农业部关于全面推开农业“三项补贴”改革工作的通知》（财农〔2016〕26号）",
        "Notice of the Ministry of Finance and the Ministry of Agriculture on Reforming the Three Farm Subsidies Nationwide (Cainong [2016] No. 26)",
      ),
    ],
    conditions: [
      t(
        "拥有耕地承包权并实际种植的农民（流转的，按约定由实际种植者申报）",
        "Farmers with contract rights who farm the land (for transferred land, whoever the agreement names)",
      ),
      t(
        "已作为畜牧养殖场、林地、设施农用地、建设用地，长年抛荒地，以及占补平衡中“补”的面积和质量达不到耕种条件的耕地，不予补贴",
        "No subsidy for land used for livestock farms, forest, agricultural facilities or construction, land left fallow for years, or land added in balancing that is not fit to farm",
      ),
    ],
    materials: [
      idCard(),
      must("contract_certificate", t("农村土地承包经营权证书", "Certificate of rural land contract rights"), {
        satisfiedBy: { licenceType: "land_contract_certificate" },
      }),
      when(
        "transfer_contract",
        t("土地流转合同", "Land transfer contract"),
        t("耕地已流转、由实际种植者申报的", "When the land is transferred and the farmer applies"),
        { form: "copy" },
      ),
      mandate(),
    ],
    form: form(
      page(t("种植情况", "What is farmed"), {
        village: str(t("所在村及村民小组", "Village and group"), 100),
        contractedArea: num(t("承包耕地面积（亩）", "Contracted arable land (mu)"), 0, 10_000),
        farmedArea: num(t("实际种植面积（亩）", "Area actually farmed (mu)"), 0, 10_000),
        crops: choices(t("种植作物", "Crops"), [
          ["水稻", "rice"],
          ["小麦", "wheat"],
          ["油菜", "rapeseed"],
          ["玉米", "maize"],
          ["蔬菜", "vegetables"],
          ["其他", "other"],
        ]),
        transferred: yesNo(t("是否有流转耕地", "Includes transferred land")),
        payee: subsidyCard,
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
      intake(0, { level: "village" }),
      step("village_check", t("村级核实公示", "Village check and notice"), "reviewer", 7, {
        level: "village",
      }),
      step("township_review", t("乡镇（街道）审核", "Township review"), "reviewer", 5, TOWNSHIP),
      step("approval", t("县级审定", "County approval"), "approver", 5),
      step("payment", t("资金发放", "Payment"), "window_clerk", 3),
    ],
    faq: [
      qa(
        t("补贴标准是多少？", "How much is the subsidy?"),
        t(
          "按县里每年公布的每亩补贴标准乘以核定面积计算，具体以当年公示为准。",
          "The per-mu rate the county publishes each year times the approved area.",
        ),
      ),
      qa(
        t("地流转出去了，补贴给谁？", "If the land is transferred, who gets it?"),
        t(
          "原则上补给拥有承包权的农户；流转合同约定由实际种植者领取的，从其约定。",
          "In principle the contracting household; if the transfer contract gives it to the farmer, the contract applies.",
        ),
      ),
      qa(
        t("抛荒的地有补贴吗？", "Is fallow land subsidised?"),
        t("长年抛荒的耕地不予补贴。", "No, not land left fallow for years."),
      ),
    ],
    keywords: ["种粮补贴", "耕地补贴", "地力补贴", "农业补贴", "粮食补贴", "种地补贴"],
  },
  offerings: [inTownships(LINE, PHONES.agriculture_rural_affairs)],
};

const machinerySubsidy: DemoItem = {
  code: itemCode("NYNC", 3),
  ownerRegionCode: "33",
  content: {
    name: t("农机购置与应用补贴", "Subsidy for buying and using farm machinery"),
    type: "benefit",
    line: LINE,
    levels: ["county"],
    audience: ["person", "legal_person"],
    events: ["farming"],
    summary: t(
      "从事农业生产的个人和农业生产经营组织购买补贴范围内的农业机械，在规定期限内通过补贴申请系统提出申请，县农业农村局核验机具后，补贴资金直接兑付到申请人账户。",
      "Individuals and farming organisations that buy machinery within the subsidy list apply through the subsidy system within the set period; once the county agriculture bureau has checked the machine, the subsidy is paid straight into the applicant's account.",
    ),
    legalBasis: [
      t(
        "《中华人民共和国农业机械化促进法》第二十七条",
        "Law of the PRC on Promoting Agricultural Mechanisation, Article 27",
      ),
      t(
        "《2024—2026年农机购置与应用补贴实施意见》",
        "Implementing Opinions on Subsidies for Buying and Using Farm Machinery, 2024–2026",
      ),
    ],
    conditions: [
      t(
        "申请人为从事农业生产的个人或农业生产经营组织",
        "The applicant farms as an individual or an organisation",
      ),
      t(
        "所购机具在浙江省补贴范围内，且已投放在产品信息公开的补贴系统中",
        "The machine is on Zhejiang's subsidy list and listed in the subsidy system",
      ),
      t("购机后按规定期限申请，机具用于农业生产", "Applied for within the set period and used in farming"),
    ],
    materials: [
      idCard(t("购机者居民身份证", "Buyer's resident ID card")),
      when(
        "business_licence",
        t("营业执照", "Business licence"),
        t("购机者为农业生产经营组织的", "When the buyer is a farming organisation"),
        { satisfiedBy: { licenceType: "business_licence" } },
      ),
      must("invoice", t("购机发票", "Purchase invoice"), {
        form: "electronic",
        notes: t("增值税电子发票自动核验", "Electronic VAT invoices are checked automatically"),
      }),
      must(
        "photos",
        t("机具铭牌照片和人机合影", "Photos of the nameplate and of the buyer with the machine"),
        {
          form: "electronic",
          count: 2,
        },
      ),
      when(
        "plates",
        t("农业机械号牌和行驶证", "Farm machinery number plate and registration"),
        t(
          "拖拉机、联合收割机等需办理牌证的",
          "For tractors, combine harvesters and other machines that must be registered",
        ),
        { satisfiedBy: { registry: "farm_machinery_registration" } },
      ),
    ],
    form: form(
      page(t("机具信息", "The machine"), {
        category: choice(t("机具品目", "Kind of machine"), [
          ["拖拉机", "tractor"],
          ["插秧机", "rice transplanter"],
          ["联合收割机", "combine harvester"],
          ["植保无人驾驶航空器", "crop-protection drone"],
          ["谷物烘干机", "grain dryer"],
          ["微耕机", "mini-tiller"],
          ["茶叶加工机械", "tea-processing machine"],
          ["其他", "other"],
        ]),
        maker: str(t("生产企业", "Manufacturer"), 100),
        model: str(t("机具型号", "Model"), 50),
        serialNumber: str(t("出厂编号", "Serial number"), 50),
      }),
      page(t("购买情况", "Purchase"), {
        purchasedOn: day(t("购机日期", "Date of purchase")),
        price: num(t("购机价格（元）", "Price (yuan)"), 0, 10_000_000),
        quantity: int(t("购买数量", "Quantity"), 1, 100),
        needsPlates: yesNo(t("是否需办理牌证", "Must be registered with plates")),
      }),
    ),
    statutoryDays: 15,
    promisedDays: 10,
    fee: FREE,
    visits: 0,
    fullyOnline: true,
    channels: ["online", "hall", "mobile"],
    commitmentAllowed: false,
    steps: [
      intake(),
      step("machine_check", t("机具核验", "Check of the machine"), "reviewer", 5),
      step("publicity", t("公示", "Public notice"), "reviewer", 2),
      step("approval", t("审核兑付", "Approval for payment"), "approver", 3),
    ],
    faq: [
      qa(
        t("补贴是先交全款再返还吗？", "Do I pay in full and get money back?"),
        t(
          "是的。购机者全额购机后申请，核验通过后补贴资金直接打到本人账户。",
          "Yes. Pay the full price, apply, and after the check the subsidy goes straight into your account.",
        ),
      ),
      qa(
        t("需要把机器开到农业农村局吗？", "Must I bring the machine to the bureau?"),
        t(
          "一般不需要，可上传铭牌照片和人机合影，必要时由工作人员到田间或存放地核验。",
          "Usually not; upload the photos, and staff check in the field or where it is kept when needed.",
        ),
      ),
    ],
    keywords: ["农机补贴", "买农机补贴", "农机购置补贴", "购机补贴", "无人机补贴"],
  },
  offerings: [atCentre(LINE, "3 楼 B 区 农业农村窗口", PHONES.agriculture_rural_affairs)],
};

export const RURAL_ITEMS: DemoItem[] = [homestead, landFertilitySubsidy, machinerySubsidy];
