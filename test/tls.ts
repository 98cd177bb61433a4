import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { isIP } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TestCertificate {
  certFile: string;
  keyFile: string;
  /** The certificate in PEM: a client trusts it as its own authority. */
  cert: string;
}

/**
 * A self-signed certificate for `hosts`, made by the openssl command (node:crypto cannot write X.509),
 * valid for a day: for servers the tests talk TLS to.
 */
export function selfSignedCertificate(hosts: string[] = ["127.0.0.1", "localhost"]): TestCertificate {
  const dir = mkdtempSync(join(tmpdir(), "tongban-tls-"));
  const certFile = join(dir, "cert.pem");
  const keyFile = join(dir, "key.pem");
  const names = hosts.map((host) => (isIP(host) ? `IP:${host}` : `DNS:${host}`)).join(",");
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-keyout",
      keyFile,
      "-out",
      certFile,
      "-days",
      "1",
      "-subj",
      "/CN=tongban-test",
      "-addext",
      `subjectAltName=${names}`,
    ],
    { stdio: "ignore" },
  );
  return { certFile, keyFile, cert: readFileSync(certFile, "utf8") };
}
