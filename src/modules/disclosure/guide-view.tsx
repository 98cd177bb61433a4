import { Breadcrumb, type PageContext } from "../../web/layout.tsx";
import type { Department } from "../departments/service.ts";
import type { Guide } from "./guides.ts";

/** A department's disclosure guide (公开指南): who answers, where, and how to ask. */
export function GuidePage({
  ctx,
  department,
  guide,
  requestHref,
}: {
  ctx: PageContext;
  department: Department;
  guide: Guide | null;
  requestHref: string | null;
}) {
  const { t } = ctx;
  const name = ctx.locale === "en" ? department.nameEn : department.name;
  return (
    <>
      <Breadcrumb
        ctx={ctx}
        items={[{ label: t("disclosure.title"), href: "/disclosure" }, { label: t("disclosure.guide") }]}
      />
      <h1>{t("disclosure.guide.of", { department: name })}</h1>
      {guide ? (
        <dl>
          {(["office", "address", "phone", "hours", "email"] as const).map((f) =>
            guide[f] ? (
              <div key={f}>
                <dt>{t(`disclosure.guide.${f}`)}</dt>
                <dd>{guide[f]}</dd>
              </div>
            ) : null,
          )}
        </dl>
      ) : (
        <p>{t("disclosure.guide.none")}</p>
      )}
      {guide?.notes?.split(/\n\s*\n/).map((para, i) => (
        <p key={i}>{para}</p>
      ))}
      <h2>{t("disclosure.guide.how")}</h2>
      <p>{t("disclosure.guide.howText")}</p>
      {requestHref && (
        <p>
          <a class="button" href={requestHref}>
            {t("disclosure.guide.apply")}
          </a>
        </p>
      )}
      <p>
        <a href={`/disclosure?department=${department.id}`}>{t("disclosure.latest")}</a> ·{" "}
        <a href={`/disclosure/rss.xml?department=${department.id}`}>RSS</a> ·{" "}
        <a href={`/disclosure/atom.xml?department=${department.id}`}>Atom</a>
      </p>
    </>
  );
}
