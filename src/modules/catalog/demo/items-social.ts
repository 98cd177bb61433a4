import {
  atCentre,
  businessLicence,
  choice,
  day,
  form,
  HOURS,
  ID_NUMBER,
  idCard,
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
  review,
  step,
  str,
  t,
  when,
  yesNo,
} from "./build.ts";
import type { DemoItem } from "./types.ts";

/** Social organisations, marriage, and information disclosure: registrations of civil status and of voice. */

const FREE = { fen: 0, varies: false, basis: t("不收费", "Free of charge") };
const CIVIL_WINDOW = "2 楼 D 区 民政窗口";

const founders = idCard(
  t("发起人和拟任负责人的居民身份证", "Resident ID cards of the founders and the intended officers"),
);

const directRegistration = t(
  "行业协会商会类、科技类、公益慈善类、城乡社区服务类社会组织可直接向民政部门申请登记，无需业务主管单位审查同意；其他类别须先经业务主管单位同意。",
  "Trade associations and chambers of commerce, science and technology, charity, and community service organisations register directly with civil affairs; others first need the consent of a supervising unit.",
);

const socialGroup: DemoItem = {
  code: itemCode("MZ", 1),
  ownerRegionCode: "33",
  content: {
    name: t("社会团体成立登记", "Registration of the establishment of a social group"),
    type: "licence",
    line: "civil_affairs",
    levels: ["province", "city", "county"],
    audience: ["legal_person", "person"],
    events: ["social_organisation"],
    summary: t(
      "在本县范围内活动的协会、学会、研究会、联合会、商会等社会团体，向县民政局申请成立登记，领取社会团体法人登记证书。",
      "Associations, societies, research groups, federations and chambers of commerce active within the county apply to the county civil affairs bureau to register and receive the social-group legal-person certificate.",
    ),
    legalBasis: [
      t(
        "《社会团体登记管理条例》第三条、第十条、第十二条",
        "Regulations on the Registration of Social Groups, Articles 3, 10 and 12",
      ),
      t("《中华人民共和国民法典》第九十条", "Civil Code of the PRC, Article 90"),
    ],
    conditions: [
      t(
        "有 50 个以上的个人会员或者 30 个以上的单位会员；个人会员、单位会员混合组成的，会员总数不得少于 50 个",
        "At least 50 individual members or 30 institutional members; a mix must total at least 50",
      ),
      t("有规范的名称和相应的组织机构", "A proper name and the organs it needs"),
      t("有固定的住所", "A fixed domicile"),
      t("有与其业务活动相适应的专职工作人员", "Full-time staff suited to its activities"),
      t(
        "有合法的资产和经费来源，地方性社会团体有 3 万元以上活动资金",
        "Lawful assets and funding; a local group has at least 30,000 yuan of working funds",
      ),
      t("有独立承担民事责任的能力", "The ability to bear civil liability on its own"),
    ],
    materials: [
      onlineForm(t("社会团体法人登记申请表", "Application for registration as a social-group legal person")),
      when(
        "sponsor_approval",
        t("业务主管单位的批准文件", "Approval of the supervising unit"),
        t("不属于直接登记类别的", "When the group is not of a directly registered kind"),
      ),
      must("articles", t("章程草案（经会员大会通过）", "Draft articles adopted by the general assembly"), {
        form: "electronic",
      }),
      must("funds", t("验资报告或资金证明", "Capital verification report or proof of funds"), {
        form: "original",
      }),
      must("domicile", t("住所使用权证明", "Proof of the right to use the domicile"), {
        form: "copy",
        satisfiedBy: { licenceType: "real_estate_certificate" },
      }),
      founders,
      must("members", t("会员名册", "Register of members"), { form: "electronic" }),
      mandate(),
    ],
    form: form(
      page(t("社会团体概况", "The group"), {
        groupName: str(t("社会团体名称", "Name of the group"), 100, {
          help: t(
            "应冠以“安吉县”，并与业务范围、成员分布、活动地域相一致",
            "Begins with 安吉县 and matches its scope, members and area",
          ),
        }),
        category: choice(t("社会团体类型", "Kind of group"), [
          ["学术性", "academic"],
          ["行业性", "trade"],
          ["专业性", "professional"],
          ["联合性", "federative"],
        ]),
        scope: str(t("业务范围", "Scope of activities"), 1000, { long: true }),
        domicile: str(t("住所", "Domicile"), 200),
        funds: num(t("注册资金（万元）", "Registered funds (10,000 yuan)"), 3, 100_000),
      }),
      page(t("会员与管理", "Members and management"), {
        individualMembers: int(t("个人会员数", "Individual members"), 0, 100_000),
        institutionalMembers: int(t("单位会员数", "Institutional members"), 0, 100_000),
        staff: int(t("专职工作人员数", "Full-time staff"), 1, 1000),
        direct: yesNo(t("是否属于直接登记类别", "Of a directly registered kind"), {
          help: directRegistration,
        }),
        sponsor: str(t("业务主管单位", "Supervising unit"), 100, { optional: true }),
      }),
    ),
    statutoryDays: 30,
    promisedDays: 15,
    fee: FREE,
    visits: 0,
    fullyOnline: true,
    channels: ["online", "hall"],
    commitmentAllowed: false,
    steps: [intake(), review(8), step("approval", t("审核批准", "Approval"), "approver", 5), issuance(2)],
    faq: [
      qa(t("哪些社会团体可以直接登记？", "Which groups register directly?"), directRegistration),
      qa(
        t("社会团体可以开展营利活动吗？", "May a social group make profits?"),
        t(
          "社会团体是非营利性组织，不得从事营利性经营活动，收益只能用于章程规定的非营利性事业。",
          "No. It is non-profit; it may not run for-profit business and its income goes only to the non-profit purposes in its articles.",
        ),
      ),
      qa(
        t("登记后还有哪些手续？", "What follows registration?"),
        t(
          "自批准成立之日起 60 日内，凭登记证书办理印章刻制、银行开户和税务登记，并将印章式样和银行账号报民政部门备案。",
          "Within 60 days, use the certificate to have seals made, open a bank account and register for tax, then file the seal impressions and account number with civil affairs.",
        ),
      ),
    ],
    keywords: ["成立协会", "社团登记", "商会注册", "学会成立", "协会注册", "社会组织登记"],
  },
  offerings: [atCentre("civil_affairs", CIVIL_WINDOW, PHONES.civil_affairs)],
};

const socialServiceAgency: DemoItem = {
  code: itemCode("MZ", 2),
  ownerRegionCode: "33",
  content: {
    name: t(
      "民办非企业单位（社会服务机构）成立登记",
      "Registration of the establishment of a private non-enterprise unit (social service agency)",
    ),
    type: "licence",
    line: "civil_affairs",
    levels: ["province", "city", "county"],
    audience: ["legal_person", "person"],
    events: ["social_organisation"],
    summary: t(
      "企业事业单位、社会团体和其他社会力量以及公民个人利用非国有资产举办的，从事非营利性社会服务活动的社会组织（如民办养老机构、民办培训学校、社工机构），向县民政局申请成立登记。",
      "A non-profit social service organisation founded with non-state assets by enterprises, institutions, social groups, other bodies or individuals (such as a private care home, private training school or social-work agency) applies to the county civil affairs bureau to register.",
    ),
    legalBasis: [
      t(
        "《民办非企业单位登记管理暂行条例》第三条、第八条、第十一条",
        "Provisional Regulations on the Registration of Private Non-Enterprise Units, Articles 3, 8 and 11",
      ),
      t(
        "《民办非企业单位登记暂行办法》",
        "Provisional Measures for the Registration of Private Non-Enterprise Units",
      ),
    ],
    conditions: [
      t(
        "经业务主管单位审查同意（直接登记类别除外）",
        "Consent of the supervising unit, except for directly registered kinds",
      ),
      t("有规范的名称、必要的组织机构", "A proper name and the organs it needs"),
      t("有与其业务活动相适应的从业人员", "Staff suited to its activities"),
      t("有与其业务活动相适应的合法财产", "Lawful property suited to its activities"),
      t("有必要的场所", "The premises it needs"),
    ],
    materials: [
      onlineForm(
        t(
          "民办非企业单位（法人）登记申请表",
          "Application for registration of a private non-enterprise unit",
        ),
      ),
      when(
        "sponsor_approval",
        t("业务主管单位的批准文件", "Approval of the supervising unit"),
        t("不属于直接登记类别的", "When the unit is not of a directly registered kind"),
      ),
      when(
        "practice_licence",
        t("行业主管部门的执业许可证明", "Practice licence from the sector authority"),
        t(
          "从事养老、培训、医疗等依法需要取得执业许可的活动的",
          "For care, training, medical and other activities that need a practice licence by law",
        ),
        { form: "copy" },
      ),
      must("articles", t("章程草案", "Draft articles"), { form: "electronic" }),
      must("funds", t("验资报告", "Capital verification report"), { form: "original" }),
      must("premises", t("场所使用权证明", "Proof of the right to use the premises"), {
        form: "copy",
        satisfiedBy: { licenceType: "real_estate_certificate" },
      }),
      idCard(t("举办者和拟任负责人的居民身份证", "Resident ID cards of the founders and the intended head")),
      mandate(),
    ],
    form: form(
      page(t("机构概况", "The agency"), {
        agencyName: str(t("机构名称", "Name of the agency"), 100),
        sector: choice(t("行业类别", "Sector"), [
          ["教育", "education"],
          ["卫生", "health"],
          ["文化", "culture"],
          ["科技", "science and technology"],
          ["体育", "sport"],
          ["养老服务", "elderly care"],
          ["社会工作服务", "social work"],
          ["其他", "other"],
        ]),
        scope: str(t("业务范围", "Scope of activities"), 1000, { long: true }),
        premises: str(t("住所", "Domicile"), 200),
        funds: num(t("开办资金（万元）", "Founding funds (10,000 yuan)"), 0, 100_000),
      }),
      page(t("举办者与人员", "Founders and staff"), {
        founders: int(t("举办者人数", "Number of founders"), 1, 50),
        staff: int(t("从业人员数", "Staff"), 1, 5000),
        direct: yesNo(t("是否属于直接登记类别", "Of a directly registered kind"), {
          help: directRegistration,
        }),
        sponsor: str(t("业务主管单位", "Supervising unit"), 100, { optional: true }),
      }),
    ),
    statutoryDays: 60,
    promisedDays: 15,
    fee: FREE,
    visits: 0,
    fullyOnline: true,
    channels: ["online", "hall"],
    commitmentAllowed: false,
    steps: [intake(), review(8), step("approval", t("审核批准", "Approval"), "approver", 5), issuance(2)],
    faq: [
      qa(
        t("民办非企业单位和社会服务机构是什么关系？", "How do 民办非企业单位 and 社会服务机构 relate?"),
        t(
          "是同一类社会组织。《中华人民共和国慈善法》施行后称社会服务机构，登记证书仍为民办非企业单位登记证书。",
          "They are the same kind of organisation. Since the Charity Law it is called a social service agency; its certificate is still the private non-enterprise unit certificate.",
        ),
      ),
      qa(
        t("举办者能分红吗？", "Can the founders take dividends?"),
        t(
          "不能。社会服务机构的财产和收益不得在举办者、理事之间分配，注销时剩余财产用于公益目的。",
          "No. Its property and income may not be shared among founders or directors; on closing, what remains goes to public-benefit purposes.",
        ),
      ),
    ],
    keywords: ["民非", "社会服务机构", "民办非企业", "养老机构登记", "民办培训机构", "社工机构"],
  },
  offerings: [atCentre("civil_affairs", CIVIL_WINDOW, PHONES.civil_affairs)],
};

const marriage: DemoItem = {
  code: itemCode("MZ", 3),
  ownerRegionCode: "33",
  content: {
    name: t("内地居民结婚登记", "Marriage registration of mainland residents"),
    type: "confirmation",
    line: "civil_affairs",
    levels: ["county"],
    audience: ["person"],
    events: ["marriage"],
    summary: t(
      "要求结婚的内地居民男女双方，共同亲自到婚姻登记机关申请结婚登记。符合条件的当场登记，发给结婚证。可在网上预约登记时间和颁证仪式。",
      "A man and a woman, both mainland residents, who want to marry go together in person to a marriage registry. If they qualify they are registered on the spot and receive marriage certificates. The date and a ceremony can be booked online.",
    ),
    legalBasis: [
      t(
        "《中华人民共和国民法典》第一千零四十六条至第一千零四十九条",
        "Civil Code of the PRC, Articles 1046 to 1049",
      ),
      t("《婚姻登记条例》", "Regulations on Marriage Registration"),
    ],
    conditions: [
      t("男女双方完全自愿", "Both parties marry of their own free will"),
      t("男方年满二十二周岁，女方年满二十周岁", "The man is at least 22 and the woman at least 20"),
      t("双方均无配偶", "Neither is married"),
      t(
        "双方不是直系血亲或者三代以内的旁系血亲",
        "They are not lineal relatives or collateral relatives within three generations",
      ),
    ],
    materials: [
      idCard(t("男女双方的居民身份证", "Resident ID cards of both parties"), "id_cards"),
      must(
        "declaration",
        t(
          "本人无配偶以及与对方当事人没有直系血亲和三代以内旁系血亲关系的签字声明",
          "Each party's signed declaration of having no spouse and no lineal or close collateral blood relation to the other",
        ),
        { count: 2, notes: t("在登记现场填写签署", "Filled in and signed at the registry") },
      ),
      must(
        "photos",
        t(
          "双方近期半身免冠合影照片（2 寸）",
          "Recent half-length bareheaded photos of the couple together (2-inch)",
        ),
        {
          count: 3,
          notes: t("登记处可现场拍摄", "They can be taken at the registry"),
        },
      ),
    ],
    form: form(
      page(t("对方信息", "Your partner"), {
        partnerName: str(t("对方姓名", "Partner's name"), 50),
        partnerIdNumber: str(t("对方居民身份证号码", "Partner's resident ID number"), 18, {
          pattern: ID_NUMBER,
        }),
        partnerPhone: str(t("对方手机号码", "Partner's mobile number"), 20, { pattern: PHONE }),
      }),
      page(t("预约", "Appointment"), {
        appointmentDate: day(t("预约登记日期", "Registration date")),
        period: choice(t("预约时段", "Time of day"), [
          ["上午", "morning"],
          ["下午", "afternoon"],
        ]),
        ceremony: yesNo(t("是否参加颁证仪式", "Take part in a certificate ceremony")),
        photosOnSite: yesNo(t("是否需要现场拍摄合影", "Have the photos taken at the registry")),
      }),
    ),
    statutoryDays: 0,
    promisedDays: 0,
    fee: FREE,
    visits: 1,
    fullyOnline: false,
    channels: ["online", "hall", "mobile"],
    commitmentAllowed: false,
    steps: [
      intake(),
      step("interview", t("审查询问", "Examination and interview"), "reviewer", 0),
      step("registration", t("登记颁证", "Registration and certificates"), "approver", 0),
    ],
    faq: [
      qa(
        t("还需要带户口簿吗？", "Do we still bring the household register?"),
        t(
          "不需要。按照修订后的《婚姻登记条例》，凭双方居民身份证即可在全国任一婚姻登记机关办理。",
          "No. Under the revised Regulations on Marriage Registration, both ID cards suffice at any marriage registry in the country.",
        ),
      ),
      qa(
        t("可以一方代办吗？", "Can one of us register for both?"),
        t(
          "不可以。结婚登记须双方共同亲自到场，不能委托他人代办。",
          "No. Both must come in person; nobody can register on your behalf.",
        ),
      ),
      qa(t("结婚证收费吗？", "Is there a fee?"), t("办理结婚登记不收费。", "Marriage registration is free.")),
    ],
    keywords: ["结婚登记", "领证", "结婚证", "登记结婚", "婚姻登记预约", "扯证"],
  },
  offerings: [
    {
      region: "county",
      line: "civil_affairs",
      hallName: t("安吉县婚姻登记处", "Anji County Marriage Registry"),
      hallAddress: "安吉县递铺街道胜利西路 36 号 安吉县婚姻登记处",
      hours: `${HOURS}；“5·20”、七夕等特殊日期另行公告`,
      phone: PHONES.marriage_registry,
    },
  ],
};

const disclosure: DemoItem = {
  code: itemCode("ZFB", 1),
  ownerRegionCode: "33",
  content: {
    name: t("政府信息公开申请", "Request for disclosure of government information"),
    type: "other",
    line: "general_office",
    levels: ["province", "city", "county", "township"],
    audience: ["person", "legal_person"],
    events: ["information"],
    summary: t(
      "公民、法人或者其他组织向县人民政府申请获取主动公开以外的政府信息。能够当场答复的当场答复；不能当场答复的，自收到申请之日起 20 个工作日内答复。",
      "Citizens, legal persons and other organisations ask the county people's government for government information it has not published. Answered on the spot where possible, otherwise within 20 working days of receipt.",
    ),
    legalBasis: [
      t(
        "《中华人民共和国政府信息公开条例》第二十七条、第二十九条、第三十三条",
        "Regulations of the PRC on Open Government Information, Articles 27, 29 and 33",
      ),
      t(
        "《中华人民共和国政府信息公开条例》第四十二条；《政府信息公开信息处理费管理办法》",
        "Regulations of the PRC on Open Government Information, Article 42; Measures on Information Processing Fees for Open Government Information",
      ),
    ],
    conditions: [
      t(
        "申请内容明确，包括所需政府信息的名称、文号或者便于行政机关查询的其他特征性描述",
        "The request is clear: the title, reference number or other features that let the office find the information",
      ),
      t("申请公开的信息由本机关制作或者保存", "The information is made or kept by this government"),
    ],
    materials: [
      onlineForm(t("政府信息公开申请表", "Request form for government information")),
      idCard(t("申请人身份证明", "Applicant's proof of identity")),
      when(
        "organisation",
        t("营业执照或者其他组织机构证明", "Business licence or other proof of the organisation"),
        t(
          "以法人或者其他组织名义申请的",
          "When applying in the name of a legal person or other organisation",
        ),
        { satisfiedBy: businessLicence().satisfiedBy },
      ),
      mandate(),
    ],
    form: form(
      page(t("所需信息", "The information"), {
        description: str(
          t(
            "所需政府信息的名称、文号或者特征性描述",
            "Title, reference number or description of the information",
          ),
          2000,
          {
            long: true,
            help: t(
              "尽量写明文件名称、发文字号、形成时间等，便于检索",
              "Give the document title, reference number and date where you can, so it can be found",
            ),
          },
        ),
        producer: str(t("信息的制作或者保存机关", "Office that made or keeps it"), 100, { optional: true }),
        period: str(t("信息形成时间范围", "Period the information covers"), 50, { optional: true }),
      }),
      page(t("获取方式", "How to receive it"), {
        medium: choice(t("获取信息的方式", "Way to receive it"), [
          ["电子邮件", "by e-mail"],
          ["网上获取", "online"],
          ["邮寄纸质件", "paper copy by post"],
          ["当面领取", "in person"],
          ["现场查阅", "to read on site"],
        ]),
        email: str(t("电子邮箱", "E-mail address"), 100, { email: true, optional: true }),
        postalAddress: str(t("邮寄地址", "Postal address"), 200, { optional: true }),
      }),
    ),
    statutoryDays: 20,
    promisedDays: 15,
    fee: {
      fen: 0,
      varies: false,
      basis: t(
        "不收费；申请数量、频次明显超过合理范围的，可依照《政府信息公开信息处理费管理办法》收取信息处理费",
        "Free; an information processing fee may be charged under the Measures on Information Processing Fees when requests clearly exceed a reasonable number or frequency",
      ),
    },
    visits: 0,
    fullyOnline: true,
    channels: ["online", "hall"],
    commitmentAllowed: false,
    steps: [
      intake(),
      step("search", t("检索与承办", "Search and drafting"), "reviewer", 10),
      step("reply", t("审核答复", "Approval of the reply"), "approver", 5),
    ],
    faq: [
      qa(
        t("哪些信息不予公开？", "What is not disclosed?"),
        t(
          "依法确定为国家秘密的信息、法律和行政法规禁止公开的信息，以及公开后可能危及国家安全、公共安全、经济安全、社会稳定的信息不予公开；涉及商业秘密、个人隐私等公开会对第三方合法权益造成损害的，除第三方同意或者不公开会对公共利益造成重大影响外，不予公开。",
          "State secrets, what laws forbid to disclose, and information whose disclosure may endanger national, public or economic security or social stability are withheld; trade secrets and personal privacy that would harm third parties are withheld unless the third party agrees or withholding would seriously affect the public interest.",
        ),
      ),
      qa(
        t("答复期限可以延长吗？", "Can the reply be delayed?"),
        t(
          "需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不超过 20 个工作日；征求第三方意见所需时间不计算在内。",
          "With the consent of the head of the disclosure office and notice to you, by at most 20 more working days; time spent consulting a third party is not counted.",
        ),
      ),
      qa(
        t("需要说明申请用途吗？", "Must I say why I want it?"),
        t(
          "不需要。条例修订后不再要求说明用途，但行政机关可以要求申请人对申请内容作出补正。",
          "No. The revised regulations no longer ask for a purpose, though the office may ask you to make the request clearer.",
        ),
      ),
    ],
    keywords: ["信息公开", "依申请公开", "政府公开", "申请公开", "查文件"],
  },
  offerings: [atCentre("general_office", "1 楼 政务公开查阅点", PHONES.general_office)],
};

export const SOCIAL_ITEMS: DemoItem[] = [socialGroup, socialServiceAgency, marriage, disclosure];
