/**
 * The national suite's cost beside the international one (CRYPTO_SUITE), each pair measured in turns
 * (ABAB) in this process, the median of the turns taken:
 *   - `crypto.sm4_vs_aes_ratio`: field encryptions and decryptions of an ID number per second, SM4-CTR
 *     with HMAC-SM3 over AES-256-GCM;
 *   - `crypto.sm3_vs_sha256_ratio`: audit entries' canonical texts hashed per second, SM3 over SHA-256;
 *   - `crypto.sm2_sign_per_s`, `crypto.sm2_verify_per_s`: e-licence signatures made and checked per
 *     second with SM2 (a department's key, its public key prepared once, as the server keeps it), and
 *     the same for Ed25519. A licence is checked at every scan of its QR code and for every licence of a
 *     wallet listed: at 200 checks a second one check costs the one thread 5 ms.
 */
import { randomBytes } from "node:crypto";
import { canonicalText, hashText } from "../src/modules/audit/chain.ts";
import { canonicalBytes } from "../src/modules/licences/canonical.ts";
import {
  generateSigningKey,
  type SigningAlgorithm,
  signBytes,
  verifyBytes,
} from "../src/modules/licences/keys.ts";
import { type CryptoSuite, decrypt, encrypt, setCryptoSuite } from "../src/platform/crypto.ts";
import { type Measurement, median, register, round } from "./harness.ts";

/** Operations per second of `op` over about `ms` milliseconds. */
function rate(op: () => void, ms: number): number {
  for (let i = 0; i < 20; i++) op();
  let n = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < 10; i++) op();
    n += 10;
    elapsed = performance.now() - started;
  }
  return (n * 1000) / elapsed;
}

/** Median rates of two operations measured in turns. */
function sideBySide(a: () => void, b: () => void, turns: number, ms: number): { a: number; b: number } {
  const as: number[] = [];
  const bs: number[] = [];
  for (let turn = 0; turn < turns; turn++) {
    as.push(rate(a, ms));
    bs.push(rate(b, ms));
  }
  return { a: median(as), b: median(bs) };
}

const under = (suite: CryptoSuite, op: () => void) => () => {
  setCryptoSuite(suite);
  op();
};

function licenceBytes(): Uint8Array {
  return canonicalBytes({
    id: "L33ABCDEFGHJKMNPQRST",
    type: "food_business_licence",
    title: { zh: "食品经营许可证", en: "Food business licence" },
    caseId: "33000000-0000-8000-8000-000000000001",
    regionCode: "330523",
    departmentId: "33000000-0000-8000-8000-000000000002",
    holder: {
      kind: "person",
      id: "33000000-0000-8000-8000-000000000003",
      name: "张三丰",
      identifierMasked: null,
    },
    fields: [{ label: { zh: "经营场所", en: "Premises" }, value: "安吉县递铺街道天目路 1 号" }],
    issuedAt: new Date("2026-11-27T06:05:00.000Z"),
    validFrom: new Date("2026-11-27T06:05:00.000Z"),
    validUntil: null,
    keyId: "33000000-0000-8000-8000-000000000004",
  });
}

function signing(algorithm: SigningAlgorithm, key: Buffer, bytes: Uint8Array, ms: number) {
  const pair = generateSigningKey(key, algorithm);
  const signature = signBytes(key, pair, bytes);
  return {
    sign: rate(() => signBytes(key, pair, bytes), ms),
    verify: rate(() => {
      if (!verifyBytes(algorithm, pair.publicKey, bytes, signature)) throw new Error("did not verify");
    }, ms),
  };
}

register({
  metrics: [
    { name: "crypto.sm4_vs_aes_ratio", unit: "ratio" },
    { name: "crypto.sm3_vs_sha256_ratio", unit: "ratio" },
    { name: "crypto.sm2_sign_per_s", unit: "ops/s" },
    { name: "crypto.sm2_verify_per_s", unit: "ops/s", goal: { min: 200 } },
    { name: "crypto.ed25519_verify_per_s", unit: "ops/s" },
  ],
  async run(context): Promise<Measurement[]> {
    const ms = context.quick ? 300 : 1500;
    const turns = context.quick ? 3 : 5;
    const key = randomBytes(32);
    const before = "international" as CryptoSuite;
    try {
      context.note("field encryption: SM4 and AES in turns");
      const fields = sideBySide(
        under("national", () => decrypt(key, encrypt(key, "33052319800101001X"))),
        under("international", () => decrypt(key, encrypt(key, "33052319800101001X"))),
        turns,
        ms,
      );
      context.note("audit hashes: SM3 and SHA-256 in turns");
      const text = canonicalText({
        seq: "1234567",
        atMicros: "1795000000000000",
        actorKind: "staff",
        actorId: "33000000-0000-8000-8000-000000000005",
        onBehalfOf: null,
        action: "personal_data.read",
        subjectKind: "person",
        subjectId: "33000000-0000-8000-8000-000000000003",
        personId: "33000000-0000-8000-8000-000000000003",
        caseId: "33000000-0000-8000-8000-000000000001",
        regionCode: "330523",
        purpose: "审查申请材料",
        requestId: "9f2c4e1a7b3d5f60",
        details: '{"ip": "10.0.0.7"}',
        prevHash: "0".repeat(64),
      });
      const hashes = sideBySide(
        () => hashText(text, "sm3"),
        () => hashText(text, "sha256"),
        turns,
        ms,
      );
      context.note("licence signatures: SM2 and Ed25519");
      const bytes = licenceBytes();
      const sm2 = signing("SM2", key, bytes, ms * turns);
      const ed25519 = signing("Ed25519", key, bytes, ms * turns);
      context.note(
        `SM2 ${Math.round(sm2.sign)} signatures/s, ${Math.round(sm2.verify)} checks/s; Ed25519 ${Math.round(ed25519.sign)} and ${Math.round(ed25519.verify)}`,
      );
      return [
        { name: "crypto.sm4_vs_aes_ratio", value: round(fields.a / fields.b, 3), unit: "ratio" },
        { name: "crypto.sm3_vs_sha256_ratio", value: round(hashes.a / hashes.b, 3), unit: "ratio" },
        { name: "crypto.sm2_sign_per_s", value: Math.round(sm2.sign), unit: "ops/s" },
        { name: "crypto.sm2_verify_per_s", value: Math.round(sm2.verify), unit: "ops/s" },
        { name: "crypto.ed25519_verify_per_s", value: Math.round(ed25519.verify), unit: "ops/s" },
      ];
    } finally {
      setCryptoSuite(before);
    }
  },
});
