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
  str,
  t,
  when,
  yesNo,
} from "./build.ts";
import type { DemoItem } from "./types.ts";

/** Homes: drawing on the housing provident fund, and transferring a second-hand flat. */

const FUND = "housing_fund";
const FUND_WINDOW = "1 楼 E 区 住房公积金窗口";
const FREE = { fen: 0, varies: false, basis: t("不收费", "Free of charge") };

const fundBasis = [
  t(
    "《住房公积金管理条例》第二十四条：职工购买、建造、翻建、大修自住住房，或者房租超出家庭工资收入的规定比例的，可以提取职工住房公积金账户内的存储余额",
    "Regulations on the Administration of Housing Provident Funds, Article 24: employees may withdraw the balance of their account to buy, build, rebuild or substantially repair their own home, or when rent exceeds the set share of family wages",
  ),
  t(
    "《住房公积金管理条例》第二十五条：住房公积金管理中心应当自受理申请之日起 3 日内作出准予提取或者不准提取的决定",
    "Regulations on the Administration of Housing Provident Funds, Article 25: the centre decides within 3 days of accepting the application",
  ),
];

const payeeAccount = str(t("收款银行账号", "Bank account to receive the money"), 19, {
  pattern: BANK_ACCOUNT,
  help: t("须为本人名下的银行一类账户", "A class I account in your own name"),
});

const purchaseWithdrawal: DemoItem = {
  code: itemCode("GJJ", 1),
  ownerRegionCode: "33",
  content: {
    name: t("住房公积金提取（购买自住住房）", "Housing provident fund withdrawal (buying a home)"),
    type: "benefit",
    line: FUND,
    levels: ["city", "county"],
    audience: ["person"],
    events: ["housing"],
    summary: t(
      "缴存职工及其配偶购买新建商品房、二手房或保障性住房等自住住房的，可以申请提取住房公积金账户余额，提取总额不超过购房总价。房产和交易信息通过数据共享核验，多数情形可“秒办”。",
      "Contributing employees and their spouses who buy a new or second-hand home, or subsidised housing, to live in may withdraw their account balance, up to the purchase price. Title and sale records are checked by data sharing, so most cases are decided at once.",
    ),
    legalBasis: fundBasis,
    conditions: [
      t("购买的是本人或配偶的自住住房", "The home is for the employee or spouse to live in"),
      t(
        "自购房之日起规定期限内申请（一般为 2 年）",
        "Applied for within the set period after buying (usually two years)",
      ),
      t("住房公积金账户处于正常缴存或封存状态", "The fund account is active or sealed"),
    ],
    materials: [
      idCard(),
      must(
        "title",
        t("不动产权证书或经备案的购房合同", "Real-estate title certificate or registered purchase contract"),
        {
          satisfiedBy: { licenceType: "real_estate_certificate" },
          notes: t(
            "网签备案合同和不动产登记信息自动共享",
            "Registered contracts and title records are shared automatically",
          ),
        },
      ),
      must("invoice", t("购房发票或契税完税凭证", "Purchase invoice or deed-tax payment record"), {
        form: "electronic",
        satisfiedBy: { registry: "deed_tax_payment" },
      }),
      when(
        "marriage_certificate",
        t("结婚证", "Marriage certificate"),
        t("提取配偶账户余额的", "When drawing on the spouse's account too"),
        { satisfiedBy: { licenceType: "marriage_certificate" } },
      ),
      mandate(),
    ],
    form: form(
      page(t("所购住房", "The home"), {
        address: str(t("房屋坐落", "Address of the home"), 200),
        kind: choice(t("购房类型", "Kind of purchase"), [
          ["新建商品房", "new commercial housing"],
          ["二手房", "second-hand home"],
          ["保障性住房", "subsidised housing"],
          ["自建住房", "self-built home"],
        ]),
        price: num(t("购房总价（元）", "Purchase price (yuan)"), 1, 100_000_000),
        boughtOn: day(t("购房日期", "Date of purchase")),
      }),
      page(t("提取与收款", "Withdrawal and payment"), {
        amount: num(t("申请提取金额（元）", "Amount to withdraw (yuan)"), 1, 100_000_000),
        spouseToo: yesNo(t("是否同时提取配偶账户", "Draw on the spouse's account too")),
        payeeAccount,
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
        t("有贷款还能提取吗？", "Can I withdraw while repaying a loan?"),
        t(
          "使用住房公积金贷款的，可按规定办理偿还贷款提取；购房提取与偿贷提取的具体衔接以湖州市公积金中心规定为准。",
          "With a provident-fund loan you can withdraw to repay it under the rules; how that combines with purchase withdrawal follows the Huzhou centre's rules.",
        ),
      ),
      qa(
        t("多久到账？", "How soon is the money paid?"),
        t(
          "信息核验通过的即时审批，一般 1 个工作日内到账。",
          "Approved at once when the data checks pass, usually paid within one working day.",
        ),
      ),
    ],
    keywords: ["公积金提取", "取公积金", "公积金", "买房提取", "购房提取公积金"],
  },
  offerings: [atCentre(FUND, FUND_WINDOW, PHONES.housing_fund)],
};

const rentWithdrawal: DemoItem = {
  code: itemCode("GJJ", 2),
  ownerRegionCode: "33",
  content: {
    name: t("住房公积金提取（租赁住房）", "Housing provident fund withdrawal (renting a home)"),
    type: "benefit",
    line: FUND,
    levels: ["city", "county"],
    audience: ["person"],
    events: ["housing"],
    summary: t(
      "缴存职工本人及配偶在缴存地无自有住房且租赁住房的，可以提取住房公积金支付房租，可按月委托提取或按年提取。",
      "Contributing employees who, with their spouse, own no home where they contribute and rent one may withdraw to pay rent, monthly by standing order or once a year.",
    ),
    legalBasis: [
      ...fundBasis,
      t(
        "《住房城乡建设部 财政部 中国人民银行关于放宽提取住房公积金支付房租条件的通知》（建金〔2015〕19号）",
        "Notice of MOHURD, the Ministry of Finance and the People's Bank of China on Easing Withdrawals to Pay Rent (Jianjin [2015] No. 19)",
      ),
    ],
    conditions: [
      t(
        "本人及配偶在缴存地无自有住房",
        "Neither the employee nor the spouse owns a home where they contribute",
      ),
      t("连续足额缴存住房公积金满 3 个月", "Contributions paid in full for three months in a row"),
      t("租住商品住房或公共租赁住房", "Renting commercial or public rental housing"),
    ],
    materials: [
      idCard(),
      must("no_home", t("无房情况证明", "Proof of owning no home"), {
        satisfiedBy: { registry: "real_estate_register" },
        notes: t("由不动产登记信息自动核验", "Checked against the real-estate register"),
      }),
      when(
        "lease",
        t("房屋租赁合同", "Tenancy agreement"),
        t(
          "租住公共租赁住房，或按实际房租提取的",
          "For public rental housing, or when withdrawing the actual rent",
        ),
        { form: "copy", satisfiedBy: { registry: "tenancy_filing" } },
      ),
      mandate(),
    ],
    form: form(
      page(t("租房情况", "The tenancy"), {
        kind: choice(t("租房类型", "Kind of tenancy"), [
          ["租赁商品住房", "commercial housing"],
          ["租赁公共租赁住房", "public rental housing"],
        ]),
        address: str(t("租赁房屋地址", "Address of the rented home"), 200),
        monthlyRent: num(t("月租金（元）", "Monthly rent (yuan)"), 1, 100_000),
        leaseStart: day(t("租赁起始日期", "Start of the tenancy")),
        tenants: int(t("共同租住的缴存人数", "Contributors sharing the tenancy"), 1, 10),
      }),
      page(t("提取方式", "How to withdraw"), {
        frequency: choice(t("提取方式", "Frequency"), [
          ["按月委托提取", "monthly by standing order"],
          ["按年提取", "once a year"],
        ]),
        payeeAccount,
      }),
    ),
    statutoryDays: 3,
    promisedDays: 0,
    fee: FREE,
    visits: 0,
    fullyOnline: true,
    channels: ["online", "hall", "mobile"],
    commitmentAllowed: false,
    steps: [intake(), decision(0)],
    faq: [
      qa(
        t("能提多少？", "How much can I withdraw?"),
        t(
          "租住商品住房的按湖州市公布的租房提取限额提取，租住公共租赁住房的按实际房租提取，均不超过账户余额。",
          "For commercial housing, up to the Huzhou limit for rent withdrawals; for public rental housing, the actual rent; never more than the balance.",
        ),
      ),
      qa(
        t("每个月都要申请吗？", "Must I apply every month?"),
        t(
          "选择按月委托提取的，签约后每月自动转入，无需重复申请。",
          "Not with a monthly standing order: after signing up it is paid automatically.",
        ),
      ),
    ],
    keywords: ["公积金提取", "租房提取", "取公积金", "公积金付房租", "公积金"],
  },
  offerings: [atCentre(FUND, FUND_WINDOW, PHONES.housing_fund)],
};

const secondHandTransfer: DemoItem = {
  code: itemCode("ZRZY", 1),
  ownerRegionCode: "33",
  content: {
    name: t("不动产登记（二手房转移登记）", "Real-estate registration (transfer of a second-hand home)"),
    type: "confirmation",
    line: "natural_resources",
    levels: ["county"],
    audience: ["person", "legal_person"],
    events: ["housing"],
    summary: t(
      "买卖存量房屋（二手房），买卖双方共同申请国有建设用地使用权及房屋所有权转移登记。本县实行交易、缴税、登记“一窗受理、集成服务”，可同步办理抵押登记和水电气网过户。",
      "Buyer and seller of an existing (second-hand) home apply together to transfer the state land-use right and house ownership. The county handles sale filing, tax and registration at one window, and can register a mortgage and transfer water, power, gas and broadband at the same time.",
    ),
    legalBasis: [
      t(
        "《中华人民共和国民法典》第二百零九条、第二百一十四条",
        "Civil Code of the PRC, Articles 209 and 214",
      ),
      t(
        "《不动产登记暂行条例》第十四条、第二十条：不动产登记机构应当自受理登记申请之日起 30 个工作日内办结不动产登记手续",
        "Interim Regulations on Real Estate Registration, Articles 14 and 20: registration is completed within 30 working days of intake",
      ),
      t(
        "《不动产登记暂行条例实施细则》",
        "Implementing Rules of the Interim Regulations on Real Estate Registration",
      ),
    ],
    conditions: [
      t(
        "房屋已办理不动产登记，权属清楚，无查封、无异议登记",
        "The home is registered, with clear title, no seizure and no objection registered",
      ),
      t("已抵押的，已解除抵押或经抵押权人同意转让", "Any mortgage is discharged or the mortgagee consents"),
      t(
        "买卖双方已签订存量房买卖合同并网签备案，依法缴纳相关税费",
        "A sale contract is signed and registered online, and taxes are paid",
      ),
    ],
    materials: [
      onlineForm(t("不动产登记申请书", "Application for real-estate registration")),
      idCard(t("买卖双方的居民身份证", "Resident ID cards of buyer and seller")),
      must("title", t("不动产权证书", "Real-estate title certificate"), {
        satisfiedBy: { licenceType: "real_estate_certificate" },
      }),
      must("contract", t("存量房买卖合同", "Sale contract of the existing home"), {
        form: "electronic",
        satisfiedBy: { registry: "housing_sale_filing" },
      }),
      must("tax", t("完税凭证", "Tax payment record"), {
        form: "electronic",
        satisfiedBy: { registry: "deed_tax_payment" },
        notes: t(
          "税务部门在同一窗口征收后共享",
          "Shared by the tax office after collecting at the same window",
        ),
      }),
      when(
        "marriage",
        t("婚姻状况证明（结婚证或离婚证）", "Marital status (marriage or divorce certificate)"),
        t(
          "出卖人已婚或房屋为夫妻共同财产的",
          "When the seller is married or the home is joint marital property",
        ),
        { satisfiedBy: { licenceType: "marriage_certificate" } },
      ),
      mandate(),
    ],
    form: form(
      page(t("房屋与交易", "The home and the sale"), {
        certificateNumber: str(t("不动产权证书号", "Title certificate number"), 50),
        address: str(t("房屋坐落", "Address"), 200),
        floorArea: num(t("房屋建筑面积（平方米）", "Floor area (m²)"), 1, 100_000),
        price: num(t("成交价格（元）", "Sale price (yuan)"), 1, 1_000_000_000),
      }),
      page(t("买受人", "Buyers"), {
        buyers: int(t("买受人人数", "Number of buyers"), 1, 10),
        sharing: choice(t("共有方式", "Form of ownership"), [
          ["单独所有", "sole"],
          ["共同共有", "joint"],
          ["按份共有", "in shares"],
        ]),
        mortgage: yesNo(t("是否同步办理抵押登记", "Register a mortgage at the same time")),
      }),
      page(t("同步过户", "Transferred together"), {
        utilities: choices(
          t("水电气网同步过户", "Utilities to transfer together"),
          [
            ["供水", "water"],
            ["供电", "electricity"],
            ["燃气", "gas"],
            ["有线电视", "cable television"],
            ["宽带", "broadband"],
          ],
          { optional: true },
        ),
      }),
    ),
    statutoryDays: 30,
    promisedDays: 1,
    fee: {
      fen: 8000,
      varies: false,
      basis: t(
        "住宅类不动产登记费每件 80 元（含一本证书），多发一本证书加收工本费 10 元；依据《国家发展改革委 财政部关于不动产登记收费标准等有关问题的通知》（发改价格规〔2016〕2559号）",
        "80 yuan per residential registration, including one certificate, and 10 yuan for each extra certificate, under Fagai Jiagegui [2016] No. 2559 of the NDRC and the Ministry of Finance",
      ),
    },
    visits: 1,
    fullyOnline: false,
    channels: ["online", "hall", "mobile"],
    commitmentAllowed: false,
    steps: [intake(), review(1), decision(0), issuance(0)],
    faq: [
      qa(
        t("买卖双方都要到场吗？", "Must buyer and seller both come?"),
        t(
          "原则上双方共同申请；通过“浙里办”完成实名认证和电子签名的，可网上申请，只需到场一次或不到场领取电子证照。",
          "In principle both apply together; with identity verification and e-signatures in the Zheliban app, you can apply online and come once at most, or take the electronic certificate.",
        ),
      ),
      qa(
        t("契税和登记费一样吗？", "Are deed tax and the registration fee the same?"),
        t(
          "不一样。契税、增值税等由税务部门依法征收；登记费由不动产登记机构收取。",
          "No. Deed tax, VAT and the like are collected by the tax office; the registration fee by the registration office.",
        ),
      ),
      qa(
        t("多久能拿到新证？", "How soon is the new certificate ready?"),
        t(
          "资料齐全的，受理后 1 个工作日内办结，可选择领取纸质证书或电子证照。",
          "With complete documents, within one working day of intake, as paper or electronic certificate.",
        ),
      ),
    ],
    keywords: ["过户", "二手房过户", "房产过户", "买房过户", "房产证", "不动产证", "转移登记"],
  },
  offerings: [atCentre("natural_resources", "3 楼 不动产登记区", PHONES.natural_resources)],
};

export const HOUSING_ITEMS: DemoItem[] = [purchaseWithdrawal, rentWithdrawal, secondHandTransfer];
