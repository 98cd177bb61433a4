import type { ProcessDefinition, Stage, StageKind, TaskSpec } from "../cases/definition.ts";
import type { Level, Text } from "../catalog/content.ts";
import { t } from "../catalog/demo/build.ts";
import type { HandlingRole } from "../identity/tables.ts";

/**
 * The process definitions (办理流程) of the five services the demo runs end to end, as data. Each
 * process's comment names the rules behind its departments and its days. Where a figure is my best
 * reading of the rule rather than a citation checked against the current text, the comment says so;
 * the statutory and promised days themselves are the demo catalogue's (src/modules/catalog/demo/).
 *
 * Two choices run through all five:
 * - Intake and delivery are at the county government service centre's single window (一窗受理, as
 *   Zhejiang's 最多跑一次 reform has it): the centre receives for every line and passes the case on.
 *   For items handled at township level the same centre's clerks whose jurisdiction is the township
 *   (the township's convenience service centre window, e.g. `dipu.clerk`) take it.
 * - A township's own offices are the township's departments of the line (seeded by the demo: each
 *   township gets one department per line, as the county does, and offers the township-level items
 *   through them).
 */

type Where = { line?: string; level?: Level };

/** A task's department: the county bureau of a line, or the township's own office of it. */
const county = (line: string): Where => ({ line, level: "county" });
const township = (line: string): Where => ({ line, level: "township" });

const CENTRE = county("government_service");

/**
 * The business supervising unit (业务主管单位) of a social group is, in reality, the department
 * responsible for the group's field, chosen per group. The demo fixes it: the county's education bureau,
 * the supervising unit of an education research society such as the demo applicant's.
 */
export const SUPERVISING_LINE = "education";

const task = (key: string, name: Text, role: HandlingRole, days: number, where: Where = {}): TaskSpec => ({
  key,
  name,
  role,
  days,
  ...where,
});

const stage = (kind: StageKind, key: string, name: Text, tasks: TaskSpec[]): Stage => ({
  key,
  kind,
  name,
  tasks,
});

const intakeAtCentre = stage("intake", "intake", t("受理", "Intake"), [
  task("intake", t("综合窗口受理", "Intake at the single window"), "window_clerk", 0, CENTRE),
]);

const deliveryAtCentre = stage("delivery", "delivery", t("送达", "Delivery"), [
  task("delivery", t("送达", "Delivery"), "window_clerk", 0, CENTRE),
]);

export interface DemoProcess {
  /** The demo catalogue's item (src/modules/catalog/demo/). */
  itemCode: string;
  definition: ProcessDefinition;
}

/**
 * 企业设立登记 (statutory 3 working days, promised 1).
 * 《中华人民共和国市场主体登记管理条例》第十九条: the registration authority examines the form of the
 * materials (形式审查) and registers on the spot when they are complete; otherwise within 3 working days
 * (another 3 with its head's approval). The county market regulation bureau is the registration
 * authority: its reviewer examines, its approver registers, and the electronic business licence
 * (which the same regulation gives the force of the paper one — article 22 by my reading) is issued at
 * once. The licence type is the one other items' materials fetch (`business_licence`).
 */
const enterprise: DemoProcess = {
  itemCode: "330000-SCJG-0001",
  definition: {
    stages: [
      intakeAtCentre,
      stage("review", "review", t("形式审查", "Examination of form"), [
        task(
          "review",
          t("登记材料审查", "Examination of the filing"),
          "reviewer",
          1,
          county("market_regulation"),
        ),
      ]),
      stage("decision", "decision", t("核准登记", "Registration"), [
        task("decision", t("核准登记", "Registration"), "approver", 0, county("market_regulation")),
      ]),
      stage("issuance", "issuance", t("核发营业执照", "Issuing the business licence"), [
        task(
          "issuance",
          t("核发电子营业执照", "Issuing the electronic business licence"),
          "reviewer",
          0,
          county("market_regulation"),
        ),
      ]),
      deliveryAtCentre,
    ],
    licence: { type: "business_licence", title: t("营业执照", "Business licence") },
  },
};

/**
 * 社会团体成立登记 (statutory 30 days, promised 15).
 * 《社会团体登记管理条例》第六条 and 第九条: civil affairs registers, and a group needs the review and
 * consent of its business supervising unit (业务主管单位审查同意); 第十条 asks for a proper name, which
 * civil affairs checks (名称核准, with 《社会团体名称管理办法》). The law puts the supervising unit's
 * consent before the application; here, as Zhejiang's joint handling does, the window sends it to the
 * supervising unit and to the registry's name check at the same time (并联), and registration review
 * starts when both are done. The 30 days are the catalogue's, my best reading of the period for
 * examining an establishment registration (第十二条 and the preparation rules), not a checked citation.
 * A group of a directly registered kind (行业协会商会, 科技, 公益慈善, 城乡社区服务) needs no
 * supervising unit; a definition cannot branch on the answers yet, so the demo always asks one.
 * The certificate's 5-year validity is my reading of the Ministry's certificate rules, unverified.
 */
const socialGroup: DemoProcess = {
  itemCode: "330000-MZ-0001",
  definition: {
    stages: [
      intakeAtCentre,
      stage("review", "joint_review", t("名称核准与业务主管单位审查", "Name check and supervising unit"), [
        task("name_check", t("名称核准", "Name check"), "reviewer", 3, county("civil_affairs")),
        task(
          "sponsor_review",
          t("业务主管单位审查", "Review by the supervising unit"),
          "reviewer",
          5,
          county(SUPERVISING_LINE),
        ),
      ]),
      stage("review", "registration_review", t("登记审查", "Registration review"), [
        task(
          "registration_review",
          t("登记审查", "Registration review"),
          "reviewer",
          3,
          county("civil_affairs"),
        ),
      ]),
      stage("decision", "decision", t("准予登记", "Decision on registration"), [
        task("decision", t("审核批准", "Approval"), "approver", 3, county("civil_affairs")),
      ]),
      stage("issuance", "issuance", t("制发登记证书", "Issuing the certificate"), [
        task(
          "issuance",
          t("制发社会团体法人登记证书", "Issuing the legal-person certificate"),
          "reviewer",
          1,
          county("civil_affairs"),
        ),
      ]),
      deliveryAtCentre,
    ],
    licence: {
      type: "social_group_certificate",
      title: t("社会团体法人登记证书", "Social-group legal-person registration certificate"),
      validYears: 5,
    },
  },
};

/**
 * 企业投资项目备案 (statutory and promised 0 days: filed as it is received).
 * 《企业投资项目核准和备案管理条例》（国务院令第673号）第十三条: the enterprise tells the filing
 * authority the project's details online before construction; receiving all of them is the filing
 * (收到全部信息即为备案), and incomplete details are to be completed with its guidance. 第十四条: the
 * authority that finds a filed project forbidden or subject to approval tells the enterprise. So the
 * county development and reform bureau checks the details against the industrial-policy catalogues and
 * files with a project code the same day: every step has 0 days. Filing issues no licence (the item is
 * of type "other"); the filing confirmation is the decision itself.
 */
const investmentFiling: DemoProcess = {
  itemCode: "330000-FZGG-0001",
  definition: {
    stages: [
      intakeAtCentre,
      stage("review", "review", t("备案信息核对", "Check of the filed details"), [
        task(
          "review",
          t("产业政策符合性核对", "Check against industrial policy"),
          "reviewer",
          0,
          county("development_reform"),
        ),
      ]),
      stage("decision", "decision", t("备案赋码", "Filing and project code"), [
        task(
          "decision",
          t("备案赋码", "Filing and project code"),
          "approver",
          0,
          county("development_reform"),
        ),
      ]),
      deliveryAtCentre,
    ],
  },
};

/**
 * 农村村民宅基地审批 (statutory 20 working days, promised 15), offered in every township.
 * 《中华人民共和国土地管理法》第六十二条: rural housing land is approved by the township government
 * (由乡（镇）人民政府审核批准). 《农业农村部 自然资源部关于规范农村宅基地审批管理的通知》
 * （农经发〔2019〕6号）: one window receives, agriculture and rural affairs review eligibility, the
 * layout and the area standard, natural resources review the spatial plan and use controls, both at
 * once (联审联办), and the township approves on their results and issues the 农村宅基地批准书.
 * The issue this demo answers asks for the township's first review and then the county natural
 * resources and agriculture bureaus in parallel (in Zhejiang the township's 自然资源所 is the county
 * bureau's own office), the township deciding. The split of the 15 promised days is mine; the 20
 * statutory days are the catalogue's reading of the Zhejiang rules, not a checked citation.
 */
const TOWNSHIP_AGRICULTURE = township("agriculture_rural_affairs");
const homestead: DemoProcess = {
  itemCode: "330000-NYNC-0001",
  definition: {
    stages: [
      intakeAtCentre,
      stage("review", "township_review", t("乡镇（街道）初审", "Township first review"), [
        task(
          "township_review",
          t("申请资格初审", "First review of eligibility"),
          "reviewer",
          5,
          TOWNSHIP_AGRICULTURE,
        ),
      ]),
      stage("review", "joint_review", t("部门联审", "Joint review of the bureaus"), [
        task(
          "planning",
          t("规划和用地审查", "Planning and land-use review"),
          "reviewer",
          5,
          county("natural_resources"),
        ),
        task(
          "homestead",
          t("宅基地资格与面积审查", "Homestead eligibility and area"),
          "reviewer",
          5,
          county("agriculture_rural_affairs"),
        ),
      ]),
      stage("decision", "decision", t("乡镇（街道）审批", "Township approval"), [
        task("decision", t("乡镇（街道）审批", "Township approval"), "approver", 3, TOWNSHIP_AGRICULTURE),
      ]),
      stage("issuance", "issuance", t("核发批准书", "Issuing the approval"), [
        task(
          "issuance",
          t("核发农村宅基地批准书", "Issuing the homestead approval"),
          "reviewer",
          2,
          TOWNSHIP_AGRICULTURE,
        ),
      ]),
      deliveryAtCentre,
    ],
    licence: { type: "homestead_approval", title: t("农村宅基地批准书", "Rural homestead approval") },
  },
};

/**
 * 最低生活保障审核确认 (statutory 30 working days, promised 20), offered in every township.
 * 《社会救助暂行办法》第十一条: the family applies to the township government or street office, which
 * investigates (入户调查, data checks), gives its first opinion, posts it in the village and sends it to
 * the county civil affairs department, which confirms or refuses with reasons. 《最低生活保障审核确认
 * 办法》（民发〔2021〕57号）: 30 working days in all (45 in special cases) — my best reading; the split
 * below (township 10 including the 7-day posting, county review 5, confirmation 5) is mine. A benefit
 * issues no licence: delivery is the written decision.
 */
const TOWNSHIP_CIVIL = township("civil_affairs");
const dibao: DemoProcess = {
  itemCode: "330000-MZ-0004",
  definition: {
    stages: [
      intakeAtCentre,
      stage("review", "township_review", t("乡镇（街道）调查初审", "Township investigation"), [
        task(
          "investigation",
          t("入户调查、初审与公示", "Home visit, first review and posting"),
          "reviewer",
          10,
          TOWNSHIP_CIVIL,
        ),
      ]),
      stage("review", "county_review", t("县民政局审核", "County civil affairs review"), [
        task("county_review", t("审核", "Review"), "reviewer", 5, county("civil_affairs")),
      ]),
      stage("decision", "decision", t("审核确认", "Confirmation"), [
        task("decision", t("审核确认", "Confirmation"), "approver", 5, county("civil_affairs")),
      ]),
      deliveryAtCentre,
    ],
  },
};

/** The five, by a name the tests and the seed use. */
export const DEMO_PROCESSES = { enterprise, socialGroup, investmentFiling, homestead, dibao } as const;
