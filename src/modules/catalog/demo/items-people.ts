import {
  atCentre,
  birthCertificateMaterial,
  choice,
  choices,
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
  must,
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

/** A person's civil status and schooling: household registration, ID cards, school, teachers, family planning. */

const FREE = { fen: 0, varies: false, basis: t("不收费", "Free of charge") };
const POLICE_WINDOW = "1 楼 A 区 公安户政窗口";

const birthRegistration: DemoItem = {
  code: itemCode("GA", 1),
  ownerRegionCode: "33",
  content: {
    name: t("出生登记（户口登记）", "Birth registration (household registration)"),
    type: "confirmation",
    line: "public_security",
    levels: ["county"],
    audience: ["person"],
    events: ["birth"],
    summary: t(
      "婴儿出生后一个月以内，由父母或监护人向户口登记机关申报出生登记，随父或随母落户。可通过“出生一件事”同时办理新生儿医保参保、社会保障卡申领和预防接种建档。",
      "Within a month of the birth, the parents or guardian register the baby with the household registration office, under the father's or the mother's household. Through the birth bundle, the baby's medical insurance, social security card and vaccination record can be done at the same time.",
    ),
    legalBasis: [
      t(
        "《中华人民共和国户口登记条例》第七条：婴儿出生后一个月以内，由户主、亲属、抚养人或者邻居向婴儿常住地户口登记机关申报出生登记",
        "Regulations of the PRC on Household Registration, Article 7: within a month of birth, the head of household, a relative, carer or neighbour reports the birth to the registration office where the baby lives",
      ),
      t(
        "《国务院办公厅关于解决无户口人员登记户口问题的意见》（国办发〔2015〕96号）",
        "Opinions of the General Office of the State Council on Registering People without Household Registration (Guobanfa [2015] No. 96)",
      ),
    ],
    conditions: [
      t(
        "新生儿在国内出生，已取得出生医学证明",
        "The baby was born in China and has a medical birth certificate",
      ),
      t(
        "父亲或母亲一方为本县常住户口",
        "The father or the mother is a permanent resident registered in the county",
      ),
    ],
    materials: [
      birthCertificateMaterial(),
      householdRegister(t("父亲或母亲的居民户口簿", "Household register of the father or mother")),
      idCard(t("父母双方的居民身份证", "Resident ID cards of both parents")),
      when(
        "marriage_certificate",
        t("父母的结婚证", "Parents' marriage certificate"),
        t("父母已登记结婚的", "When the parents are married"),
        { satisfiedBy: { licenceType: "marriage_certificate" } },
      ),
      when(
        "paternity",
        t("亲子鉴定证明或非婚生育说明", "Paternity test result or statement on birth outside marriage"),
        t("非婚生育且随父落户的", "For a child born outside marriage registered under the father"),
        { form: "original" },
      ),
    ],
    form: form(
      page(t("新生儿信息", "The baby"), {
        babyName: str(t("新生儿姓名", "Baby's name"), 50),
        sex: choice(t("性别", "Sex"), [
          ["男", "male"],
          ["女", "female"],
        ]),
        birthDate: day(t("出生日期", "Date of birth")),
        ethnicity: str(t("民族", "Ethnic group"), 20, { help: t("如：汉族", "e.g. 汉族 (Han)") }),
        settleWith: choice(t("落户方式", "Registered with"), [
          ["随父落户", "the father"],
          ["随母落户", "the mother"],
        ]),
      }),
      page(t("出生一件事", "Birth bundle"), {
        alsoDo: choices(
          t("同步办理", "Also do"),
          [
            ["新生儿医保参保", "the baby's medical insurance"],
            ["社会保障卡申领", "social security card"],
            ["预防接种建档", "vaccination record"],
          ],
          { optional: true },
        ),
      }),
    ),
    statutoryDays: 20,
    promisedDays: 1,
    fee: FREE,
    visits: 0,
    fullyOnline: true,
    channels: ["online", "hall", "mobile"],
    commitmentAllowed: false,
    steps: [intake(), review(1), decision(0)],
    faq: [
      qa(
        t("超过一个月才报户口怎么办？", "What if it is more than a month after the birth?"),
        t(
          "仍然可以办理出生登记，凭出生医学证明等材料申报即可，不会因此不予登记。",
          "You can still register the birth with the medical birth certificate and the other materials; lateness is no reason to refuse.",
        ),
      ),
      qa(
        t(
          "网上办理后户口簿怎么更新？",
          "How is the household register booklet updated after applying online?",
        ),
        t(
          "登记完成后可选择邮寄户口簿内页，或到户籍所在地派出所打印新增页。",
          "Choose to have the new page posted, or print it at the police station where the household is registered.",
        ),
      ),
    ],
    keywords: ["上户口", "报户口", "新生儿落户", "宝宝户口", "出生一件事", "新生儿上户口"],
  },
  offerings: [atCentre("public_security", POLICE_WINDOW, PHONES.public_security)],
};

const idCardRenewal: DemoItem = {
  code: itemCode("GA", 2),
  ownerRegionCode: "33",
  content: {
    name: t("居民身份证换领", "Renewal of the resident identity card"),
    type: "confirmation",
    line: "public_security",
    levels: ["county"],
    audience: ["person"],
    events: [],
    summary: t(
      "居民身份证有效期满、登记项目变更或更正、证件严重损坏不能辨认的，申请换领新证。省内可异地办理，支持邮寄送达。",
      "Apply for a new resident identity card when the old one expires, its entries change or are corrected, or it is too damaged to read. It can be done anywhere in the province and posted to you.",
    ),
    legalBasis: [
      t(
        "《中华人民共和国居民身份证法》第五条、第八条、第十一条",
        "Law of the PRC on Resident Identity Cards, Articles 5, 8 and 11",
      ),
      t(
        "《国家发展改革委 财政部关于居民身份证收费标准及有关问题的通知》（发改价格〔2003〕2322号）",
        "Notice of the NDRC and the Ministry of Finance on Resident Identity Card Fees (Fagai Jiage [2003] No. 2322)",
      ),
    ],
    conditions: [
      t(
        "居民身份证有效期满或即将期满（期满前 3 个月内）",
        "The card has expired or expires within three months",
      ),
      t(
        "登记项目变更或更正，或证件严重损坏不能辨认",
        "Entries have changed or been corrected, or the card is too damaged to read",
      ),
    ],
    materials: [
      householdRegister(),
      when(
        "old_card",
        t("原居民身份证", "The old identity card"),
        t(
          "换领时须交回原证；原证遗失的应办理补领",
          "Handed back on renewal; a lost card is replaced instead",
        ),
      ),
      must("photo", t("符合标准的数码相片", "Digital photo to the standard"), {
        form: "electronic",
        notes: t(
          "可现场采集，也可使用有资质照相馆的数码相片回执",
          "Taken at the window, or by a licensed studio that gives a receipt number",
        ),
      }),
      when(
        "guardian",
        t("监护人居民身份证", "Guardian's resident ID card"),
        t("未满十六周岁的，由监护人陪同办理", "For applicants under 16, who come with a guardian"),
        { satisfiedBy: { licenceType: "resident_id_card" } },
      ),
    ],
    form: form(
      page(t("换领信息", "Renewal"), {
        reason: choice(t("换领原因", "Reason"), [
          ["有效期满", "expired"],
          ["证件损坏难以辨认", "damaged"],
          ["登记项目变更或更正", "entries changed or corrected"],
        ]),
        photoReceipt: str(t("数码相片回执号", "Photo receipt number"), 30, {
          optional: true,
          help: t(
            "在照相馆拍照的填写；现场拍照的不填",
            "If taken at a studio; leave empty to be photographed at the window",
          ),
        }),
        delivery: choice(t("领证方式", "How to receive the card"), [
          ["窗口领取", "collect at the window"],
          ["邮政寄递", "by post"],
        ]),
        postalAddress: str(t("邮寄地址", "Postal address"), 200, { optional: true }),
        contactPhone: str(t("联系电话", "Contact telephone"), 20, { pattern: PHONE }),
      }),
    ),
    statutoryDays: 40,
    promisedDays: 15,
    fee: {
      fen: 2000,
      varies: false,
      basis: t(
        "工本费每证 20 元，依据发改价格〔2003〕2322号；邮寄费用另行按邮政资费收取",
        "20 yuan per card under Fagai Jiage [2003] No. 2322; postage is charged at postal rates",
      ),
    },
    visits: 1,
    fullyOnline: false,
    channels: ["online", "hall", "mobile"],
    commitmentAllowed: false,
    steps: [
      intake(),
      step("capture", t("采集指纹与相片", "Fingerprints and photo"), "window_clerk", 0),
      review(2),
      step("production", t("制证", "Card production"), "approver", 10),
      issuance(3),
    ],
    faq: [
      qa(
        t("法定的 60 日为什么写成 40 个工作日？", "Why 40 working days when the law says 60 days?"),
        t(
          "居民身份证法规定公安机关应当自受理之日起 60 日内发放，本指南按工作日计时，折算为 40 个工作日。",
          "The law gives the police 60 calendar days from intake; this guide counts working days, which comes to 40.",
        ),
      ),
      qa(
        t("身份证快到期了，可以提前换吗？", "Can I renew before it expires?"),
        t("有效期满前 3 个月内即可申请换领。", "Yes, within three months before it expires."),
      ),
      qa(
        t("等新证期间需要用身份证怎么办？", "What if I need ID while waiting?"),
        t(
          "可以申领临时居民身份证，工本费 10 元；也可使用电子身份证。",
          "Apply for a temporary ID card (10 yuan), or use the electronic ID card.",
        ),
      ),
    ],
    keywords: ["身份证到期", "换身份证", "身份证过期", "身份证损坏", "办身份证"],
  },
  offerings: [atCentre("public_security", POLICE_WINDOW, PHONES.public_security, { promisedDays: 10 })],
};

const schoolEnrolment: DemoItem = {
  code: itemCode("JY", 1),
  ownerRegionCode: "33",
  content: {
    name: t("义务教育入学登记", "Enrolment in compulsory education"),
    type: "public_service",
    line: "education",
    levels: ["county"],
    audience: ["person"],
    events: ["schooling"],
    summary: t(
      "适龄儿童进入小学一年级、小学毕业生进入初中一年级，由父母或其他法定监护人在规定时间内网上登记，按学区免试就近入学。新居民随迁子女按积分或条件入学。",
      "Parents or guardians register children starting primary school, and pupils moving up to junior secondary school, online within the set period; children go without examination to a nearby school by catchment. Children of newcomers are admitted by points or conditions.",
    ),
    legalBasis: [
      t(
        "《中华人民共和国义务教育法》第十一条、第十二条",
        "Compulsory Education Law of the PRC, Articles 11 and 12",
      ),
    ],
    conditions: [
      t(
        "小学一年级：当年 8 月 31 日前年满 6 周岁",
        "First year of primary school: aged 6 by 31 August of the year",
      ),
      t(
        "户籍、房产在本学区，或符合新居民随迁子女入学条件",
        "Household registration and home are in the catchment, or the child meets the conditions for newcomers' children",
      ),
    ],
    materials: [
      householdRegister(t("儿童及监护人的居民户口簿", "Household register of the child and guardian")),
      when(
        "property",
        t("不动产权证书", "Real-estate title certificate"),
        t("按学区房产登记入学的", "When enrolling by a home in the catchment"),
        { satisfiedBy: { licenceType: "real_estate_certificate" } },
      ),
      when(
        "residence_permit",
        t(
          "监护人居住证及社会保险缴纳证明",
          "Guardian's residence permit and record of social-insurance contributions",
        ),
        t("新居民随迁子女", "For children of newcomers"),
        { satisfiedBy: { registry: "residence_permit" } },
      ),
      when(
        "birth_certificate",
        t("出生医学证明", "Medical birth certificate"),
        t("儿童尚未登记户口的", "When the child is not yet registered"),
        { satisfiedBy: { licenceType: "birth_medical_certificate" } },
      ),
    ],
    form: form(
      page(t("入学儿童", "The child"), {
        stage: choice(t("入学学段", "Stage"), [
          ["小学一年级", "first year of primary school"],
          ["初中一年级", "first year of junior secondary school"],
        ]),
        childName: str(t("儿童姓名", "Child's name"), 50),
        childIdNumber: str(t("儿童居民身份证号码", "Child's resident ID number"), 18, { pattern: ID_NUMBER }),
        childBirthDate: day(t("儿童出生日期", "Child's date of birth")),
      }),
      page(t("入学类别", "Basis of enrolment"), {
        basis: choice(t("入学类别", "Basis"), [
          ["本县户籍，户籍与房产一致", "registered here, household and home match"],
          ["本县户籍，户籍与房产不一致", "registered here, household and home differ"],
          ["新居民随迁子女", "child of newcomers"],
        ]),
        homeAddress: str(t("实际居住地址", "Address where the family lives"), 200),
        preferredSchool: str(t("意向学校", "Preferred school"), 100, { optional: true }),
        specialNeeds: yesNo(t("是否有特殊教育需要", "Special educational needs")),
      }),
    ),
    statutoryDays: 20,
    promisedDays: 10,
    fee: FREE,
    visits: 0,
    fullyOnline: true,
    channels: ["online", "hall", "mobile"],
    commitmentAllowed: false,
    steps: [
      intake(),
      review(5),
      decision(3),
      step("notice", t("发放录取通知", "Admission notice"), "window_clerk", 2),
    ],
    faq: [
      qa(
        t("什么时候报名？", "When do we register?"),
        t(
          "每年 5 月至 6 月，具体时间以县教育局当年发布的招生方案为准。",
          "Each May to June; the exact dates are in the enrolment plan the county education bureau publishes that year.",
        ),
      ),
      qa(
        t("户籍和房产不在一起怎么办？", "Household and home in different places?"),
        t(
          "按照当年招生方案的顺位安排入学，一般户籍与房产一致的优先。",
          "Places follow the order in that year's plan; usually children whose household and home match come first.",
        ),
      ),
      qa(
        t("随迁子女需要积分吗？", "Do newcomers' children need points?"),
        t(
          "按本县新居民积分入学办法，根据居住年限、社保缴纳等情况安排入学。",
          "Under the county's points scheme for newcomers, by years of residence, contributions and the like.",
        ),
      ),
    ],
    keywords: ["小学报名", "入学报名", "新生入学", "幼升小", "小升初", "学区", "一年级报名"],
  },
  offerings: [atCentre("education", "3 楼 D 区 教育窗口", PHONES.education)],
};

const teacherQualification: DemoItem = {
  code: itemCode("JY", 2),
  ownerRegionCode: "33",
  content: {
    name: t(
      "教师资格认定（幼儿园、小学、初级中学）",
      "Teacher qualification (kindergarten, primary and junior secondary)",
    ),
    type: "licence",
    line: "education",
    levels: ["county"],
    audience: ["person"],
    events: ["employment"],
    summary: t(
      "取得中小学教师资格考试合格证明（或符合免试认定条件）的人员，向户籍所在地、居住地或就读学校所在地的县级教育行政部门申请认定幼儿园、小学、初级中学教师资格。每年春、秋两季集中受理。",
      "People who have passed the national teacher qualification examination (or qualify without it) apply to the county education authority where they are registered, live or study for the kindergarten, primary or junior secondary teacher qualification. Applications are taken in spring and autumn.",
    ),
    legalBasis: [
      t(
        "《中华人民共和国教师法》第十条、第十一条、第十三条",
        "Teachers Law of the PRC, Articles 10, 11 and 13",
      ),
      t("《教师资格条例》第十三条", "Regulations on Teacher Qualifications, Article 13"),
      t("《〈教师资格条例〉实施办法》", "Implementing Measures of the Regulations on Teacher Qualifications"),
    ],
    conditions: [
      t(
        "遵守宪法和法律，热爱教育事业，具有良好的思想品德",
        "Abides by the Constitution and laws, loves teaching and is of good character",
      ),
      t("具备《中华人民共和国教师法》规定的相应学历", "Has the education the Teachers Law requires"),
      t(
        "普通话水平达到二级乙等以上（语文学科二级甲等以上）",
        "Putonghua at level 2B or above (2A or above for Chinese)",
      ),
      t("体检合格", "Passed the medical examination"),
      t(
        "中小学教师资格考试合格，或属于免试认定的师范生",
        "Passed the teacher qualification examination, or a teacher-training graduate exempt from it",
      ),
    ],
    materials: [
      onlineForm(t("教师资格认定申请表", "Application for teacher qualification")),
      idCard(),
      must("degree", t("学历证书", "Diploma"), {
        satisfiedBy: { registry: "higher_education_degree" },
        notes: t(
          "通过学信网在线核验，无需提交",
          "Checked online with the national higher-education register",
        ),
      }),
      must("putonghua", t("普通话水平测试等级证书", "Putonghua proficiency certificate"), {
        satisfiedBy: { registry: "putonghua_test" },
      }),
      must("medical", t("教师资格认定体检表", "Medical examination form for teacher qualification"), {
        notes: t("在县教育局指定的医院体检", "From the hospital designated by the county education bureau"),
      }),
      must("photo", t("近期 1 寸免冠白底证件照", "Recent 1-inch bareheaded ID photo on white"), {
        form: "electronic",
      }),
    ],
    form: form(
      page(t("申请资格", "Qualification sought"), {
        kind: choice(t("资格种类", "Kind"), [
          ["幼儿园教师资格", "kindergarten"],
          ["小学教师资格", "primary school"],
          ["初级中学教师资格", "junior secondary school"],
        ]),
        subject: str(t("任教学科", "Subject"), 30),
        route: choice(t("申请途径", "Route"), [
          ["中小学教师资格考试合格", "passed the qualification examination"],
          ["师范生免试认定", "teacher-training graduate, exempt"],
        ]),
      }),
      page(t("学历与普通话", "Education and Putonghua"), {
        education: choice(t("最高学历", "Highest education"), [
          ["专科", "junior college"],
          ["本科", "bachelor's"],
          ["硕士研究生", "master's"],
          ["博士研究生", "doctorate"],
        ]),
        putonghua: choice(t("普通话等级", "Putonghua level"), [
          ["一级甲等", "1A"],
          ["一级乙等", "1B"],
          ["二级甲等", "2A"],
          ["二级乙等", "2B"],
        ]),
        employer: str(t("现工作单位", "Current employer"), 100, { optional: true }),
        venue: choice(t("认定所依地", "Applying here because of"), [
          ["户籍所在地", "household registration"],
          ["居住证所在地", "residence permit"],
          ["就读学校所在地", "place of study"],
        ]),
      }),
    ),
    statutoryDays: 30,
    promisedDays: 20,
    fee: FREE,
    visits: 1,
    fullyOnline: false,
    channels: ["online", "hall"],
    commitmentAllowed: false,
    steps: [intake(), review(10), decision(5), issuance(5)],
    faq: [
      qa(
        t("什么时候可以申请？", "When can I apply?"),
        t(
          "每年春季和秋季各集中受理一次，具体时间以浙江省教育厅和县教育局公告为准。",
          "Once in spring and once in autumn; see the notices of the provincial department and the county bureau.",
        ),
      ),
      qa(
        t("需要跑几次？", "How many trips?"),
        t(
          "网上申报，只需到指定医院体检一次；证书可邮寄。",
          "Apply online; only the medical examination at the designated hospital is in person, and the certificate can be posted.",
        ),
      ),
    ],
    keywords: ["教资认定", "教师资格证", "教资", "教师证", "教师资格"],
  },
  offerings: [atCentre("education", "3 楼 D 区 教育窗口", PHONES.education)],
};

const familyPlanningReward: DemoItem = {
  code: itemCode("WJ", 1),
  ownerRegionCode: "33",
  content: {
    name: t(
      "农村部分计划生育家庭奖励扶助（独生子女父母奖励扶助）资格确认",
      "Confirmation of eligibility for the rural family-planning reward (reward for parents of only children)",
    ),
    type: "benefit",
    line: "health",
    levels: ["county", "township", "village"],
    audience: ["person"],
    events: ["elderly_care"],
    summary: t(
      "农村户籍、只有一个子女或两个女孩（或子女死亡现无子女）、年满 60 周岁的夫妻，经村申报、乡镇（街道）初审、县卫生健康局确认后，按年享受奖励扶助金。",
      "Rural couples aged 60 or over who had one child or two daughters (or whose children have died) receive a yearly reward once the village reports them, the township reviews and the county health bureau confirms.",
    ),
    legalBasis: [
      t("《中华人民共和国人口与计划生育法》", "Population and Family Planning Law of the PRC"),
      t(
        "《国务院办公厅转发人口计生委财政部关于开展农村部分计划生育家庭奖励扶助制度试点工作意见的通知》（国办发〔2004〕21号）",
        "Notice of the General Office of the State Council on Piloting Rewards for Some Rural Family-Planning Families (Guobanfa [2004] No. 21)",
      ),
      t("《浙江省人口与计划生育条例》", "Zhejiang Provincial Regulations on Population and Family Planning"),
    ],
    conditions: [
      t(
        "本人及配偶均为农业户籍或界定为农村居民",
        "Both spouses hold rural registration or count as rural residents",
      ),
      t(
        "在国家提倡一对夫妻生育一个子女期间，没有违反计划生育法律法规生育",
        "Had no births against family-planning law while one child per couple was the policy",
      ),
      t(
        "现存一个子女或两个女孩，或子女死亡现无子女",
        "Now have one child or two daughters, or their children have died",
      ),
      t("年满 60 周岁", "Aged 60 or over"),
    ],
    materials: [
      onlineForm(t("奖励扶助对象申报表", "Report form for reward recipients")),
      idCard(t("本人及配偶的居民身份证", "Resident ID cards of both spouses")),
      householdRegister(),
      must("marriage_certificate", t("结婚证", "Marriage certificate"), {
        satisfiedBy: { licenceType: "marriage_certificate" },
      }),
      when(
        "one_child_certificate",
        t("独生子女父母光荣证", "Certificate of honour for parents of an only child"),
        t("领取过光荣证的", "When one was issued"),
        { form: "copy" },
      ),
      must("children_statement", t("子女情况声明", "Statement on the children"), {
        notes: t("村（社区）核实后签署意见", "Countersigned by the village after checking"),
      }),
    ],
    form: form(
      page(t("子女与婚姻情况", "Children and marriage"), {
        children: int(t("现有子女数", "Living children"), 0, 2),
        situation: choice(t("子女情况", "Situation"), [
          ["只有一个子女", "one child"],
          ["只有两个女孩", "two daughters"],
          ["子女死亡现无子女", "children have died"],
        ]),
        spouseApplies: yesNo(t("配偶是否同时申报", "Spouse applies too")),
        certificateNumber: str(t("独生子女父母光荣证编号", "Number of the certificate of honour"), 30, {
          optional: true,
        }),
        payee: choice(t("发放账户", "Account for payments"), [
          ["社会保障卡金融账户", "financial account of the social security card"],
          ["惠民惠农财政补贴资金“一卡通”", "the farmers' subsidy card"],
        ]),
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
      step("township_review", t("乡镇（街道）初审与公示", "Township review and notice"), "reviewer", 10, {
        level: "township",
      }),
      step("confirmation", t("县卫生健康局确认", "Confirmation by the county health bureau"), "approver", 10),
    ],
    faq: [
      qa(
        t("奖励扶助金怎么发？", "How is it paid?"),
        t(
          "确认后按年发放到本人账户，夫妻双方均符合条件的分别发放。",
          "Yearly into the person's account after confirmation; each spouse who qualifies is paid separately.",
        ),
      ),
      qa(
        t("每年都要申报吗？", "Must we apply every year?"),
        t(
          "首次确认后，每年由村（社区）核实变化情况，无变化的无需重复申报。",
          "After the first confirmation the village checks each year for changes; with none, there is nothing to resubmit.",
        ),
      ),
    ],
    keywords: ["奖励扶助", "独生子女奖励", "计生补贴", "独生子女费", "计划生育奖励", "农村奖扶"],
  },
  offerings: [
    inTownships("health", PHONES.health),
    atCentre("health", "2 楼 C 区 卫生健康窗口", PHONES.health),
  ],
};

export const PEOPLE_ITEMS: DemoItem[] = [
  birthRegistration,
  idCardRenewal,
  schoolEnrolment,
  teacherQualification,
  familyPlanningReward,
];
