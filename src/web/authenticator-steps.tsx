/** Enrolling an authenticator app, for staff and people alike: get an app, scan or type the secret, give a code. */
import { groupedSecret } from "../platform/auth/totp.ts";
import type { PageContext } from "./layout.tsx";

/** What an authenticator app scans, with the secret to type by hand. */
export interface Scan {
  secret: string;
  /** The otpauth URI as a QR code, a data: URL. */
  qr: string;
}

export function AuthenticatorSteps({ ctx, scan }: { ctx: PageContext; scan: Scan }) {
  const { t } = ctx;
  const secret = groupedSecret(scan.secret);
  return (
    <ol class="steps">
      <li>{t("mfa.enrolStepApp")}</li>
      <li>
        {t("mfa.enrolStepScan")}
        <img class="qr" src={scan.qr} width={220} height={220} alt={t("mfa.qrAlt", { secret })} />
        <p>
          {t("mfa.secretLabel")}{" "}
          <code class="secret" lang="en">
            {secret}
          </code>
        </p>
        <p class="meta">{t("mfa.secretHint")}</p>
      </li>
      <li>{t("mfa.enrolStepCode")}</li>
    </ol>
  );
}
