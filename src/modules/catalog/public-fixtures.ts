import type { ItemContent, Material, Text } from "./content.ts";
import { sampleContent } from "./testing.ts";

/**
 * A guide of the size real ones reach — eleven materials, conditions, six questions — for the tests and
 * the benchmark that hold a guide page to its weight (≤ 30 KB compressed with its stylesheet).
 */

const t = (zh: string, en: string): Text => ({ zh, en });

const material = (key: string, name: Text, o: Partial<Omit<Material, "key" | "name">> = {}): Material => ({
  key,
  name,
  form: "original",
  count: 1,
  required: true,
  ...o,
});

export function fullGuideContent(): ItemContent {
  return sampleContent({
    name: t("食品经营许可（餐饮服务）", "Food business licence (catering)"),
    levels: ["county", "township", "village"],
    audience: ["person", "legal_person"],
    events: ["starting_business", "operating"],
    summary: t(
      "在本县开办饭店、小吃店、食堂等从事餐饮服务的，应当在开业前取得食品经营许可证。",
      "Opening a restaurant, snack bar or canteen in the county needs a food business licence before opening.",
    ),
    legalBasis: [
      t("《中华人民共和国食品安全法》第三十五条", "Food Safety Law of the PRC, Article 35"),
      t("《中华人民共和国行政许可法》", "Administrative Licensing Law of the PRC"),
      t(
        "《食品经营许可和备案管理办法》（国家市场监督管理总局令第78号）",
        "Measures on Food Business Licensing and Filing (SAMR Order No. 78)",
      ),
      t(
        "《浙江省食品小作坊小餐饮店小食杂店和食品摊贩管理规定》",
        "Zhejiang Provisions on Small Food Workshops, Eateries, Grocers and Stalls",
      ),
    ],
    conditions: [
      t(
        "具有与经营的食品品种、数量相适应的食品原料处理和食品加工、贮存等场所",
        "Premises for handling, preparing and storing food suited to what and how much is served",
      ),
      t(
        "经营场所与有毒、有害场所以及其他污染源保持规定的距离",
        "Premises kept at the required distance from toxic or harmful sites and other sources of pollution",
      ),
      t(
        "具有相应的消毒、更衣、洗手、采光、照明、通风、防腐、防尘、防蝇、防鼠、防虫、洗涤以及处理废水、存放垃圾和废弃物的设备或者设施",
        "Equipment for disinfection, changing, hand-washing, light, ventilation, and against dust, flies, rodents and insects, and for waste water and refuse",
      ),
      t(
        "有专职或者兼职的食品安全管理人员和保证食品安全的规章制度",
        "A full- or part-time food safety manager and written food safety rules",
      ),
      t(
        "具有合理的设备布局和工艺流程，防止待加工食品与直接入口食品、原料与成品交叉污染",
        "A layout and workflow that keep raw and ready-to-eat food apart",
      ),
    ],
    materials: [
      material("application_form", t("食品经营许可申请书", "Application form"), {
        form: "electronic",
        notes: t(
          "网上申报时在线填写，系统自动生成",
          "Filled in online when applying; the system produces it",
        ),
      }),
      material("business_licence", t("营业执照", "Business licence"), {
        satisfiedBy: { licenceType: "business_licence" },
        notes: t(
          "已归集电子证照的由系统自动调取",
          "Fetched from the e-licence library where it has been issued",
        ),
      }),
      material(
        "id_card",
        t("法定代表人（负责人）居民身份证", "Resident identity card of the legal representative"),
        {
          satisfiedBy: { licenceType: "resident_id_card" },
        },
      ),
      material(
        "floor_plan",
        t(
          "经营场所平面图和设备布局、工艺流程图",
          "Floor plan, equipment layout and workflow of the premises",
        ),
        {
          form: "copy",
          notes: t(
            "标明各功能区面积和主要设备位置",
            "Marking the area of each part and where the main equipment stands",
          ),
        },
      ),
      material("equipment", t("主要设备设施清单", "List of the main equipment")),
      material("rules", t("食品安全管理制度文本", "Written food safety rules")),
      material(
        "manager",
        t(
          "食品安全管理人员任命文件及培训考核合格证明",
          "Appointment of the food safety manager and proof of their training",
        ),
        {
          form: "copy",
        },
      ),
      material("health", t("从业人员健康证明", "Health certificates of the staff"), {
        form: "copy",
        count: 1,
        required: false,
        condition: t("从事接触直接入口食品工作的人员", "For staff handling ready-to-eat food"),
        notes: t(
          "可在县疾病预防控制中心或乡镇卫生院体检办理",
          "Issued after a check-up at the county CDC or a township health centre",
        ),
      }),
      material(
        "premises",
        t(
          "经营场所使用证明（产权证明或租赁合同）",
          "Proof of the right to use the premises (title or lease)",
        ),
        {
          form: "original_and_copy",
          required: false,
          condition: t("经营场所为租赁的", "When the premises are rented"),
          satisfiedBy: { licenceType: "real_estate_certificate" },
        },
      ),
      material(
        "delivery_plan",
        t("集体用餐配送方案及配送车辆清单", "Meal delivery plan and list of delivery vehicles"),
        {
          required: false,
          condition: t("从事集体用餐配送的", "For businesses delivering meals to groups"),
        },
      ),
      material(
        "mandate",
        t("授权委托书及受托人居民身份证", "Power of attorney and the agent's identity card"),
        {
          required: false,
          condition: t("委托他人代为办理的", "When an agent applies on the applicant's behalf"),
        },
      ),
    ],
    statutoryDays: 20,
    promisedDays: 5,
    fee: { fen: 0, varies: false, basis: t("依法不收费", "No fee may be charged by law") },
    visits: 0,
    fullyOnline: true,
    channels: ["online", "hall", "village_point", "mobile"],
    commitmentAllowed: true,
    steps: [
      { key: "intake", name: t("受理", "Intake"), role: "window_clerk", days: 0 },
      { key: "review", name: t("材料审查", "Review of the materials"), role: "reviewer", days: 2 },
      { key: "inspection", name: t("现场核查", "Inspection of the premises"), role: "reviewer", days: 2 },
      { key: "decision", name: t("作出决定", "Decision"), role: "approver", days: 1 },
      { key: "issuance", name: t("制证送达", "Issuance and delivery"), role: "window_clerk", days: 0 },
    ],
    faq: [
      {
        question: t("网上申请后还需要到现场吗？", "Do I need to come in after applying online?"),
        answer: t(
          "不需要。审查通过后电子证照即时生成，纸质许可证可免费邮寄到家。",
          "No. The e-licence is issued at once when approved, and the paper licence is posted to you free.",
        ),
      },
      {
        question: t("许可证有效期多长？", "How long is the licence valid?"),
        answer: t(
          "食品经营许可证有效期为五年，期满前可申请延续。",
          "Five years; apply to extend it before it runs out.",
        ),
      },
      {
        question: t("小餐饮店也要办许可证吗？", "Does a small eatery need the licence too?"),
        answer: t(
          "小餐饮店按本省规定办理登记证，可在乡镇（街道）或村便民服务站申请。",
          "Small eateries register under the province's rules instead, at the township or village service point.",
        ),
      },
      {
        question: t("现场核查什么时候进行？", "When is the premises inspected?"),
        answer: t(
          "受理后两个工作日内，工作人员会电话约定核查时间。",
          "Within two working days of intake, staff call to agree a time.",
        ),
      },
      {
        question: t("可以请村里的代办员帮忙申请吗？", "Can the village agent apply for me?"),
        answer: t(
          "可以。在村便民服务站签署授权后，代办员可以代为申请和领取。",
          "Yes. Authorise them at the village service point and they can apply and collect for you.",
        ),
      },
      {
        question: t("承诺制是什么意思？", "What does commitment-based approval mean?"),
        answer: t(
          "签署告知承诺书后，部分证明材料可以先不提交，审批后再核查。",
          "After signing a commitment, some proof can be handed in later and is checked after approval.",
        ),
      },
    ],
    keywords: ["餐饮", "开饭店", "小吃店", "食堂"],
  });
}
