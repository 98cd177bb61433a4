import type { Module } from "../index.ts";
import { licencesApi } from "./api.ts";
import { licencesPages } from "./pages.tsx";
import { sharedPages } from "./shared-page.tsx";
import { walletPages } from "./wallet-pages.tsx";

/** The e-licence library (电子证照库): its API, the public verification page, the wallet and its links. */
export const licencesModule: Module = {
  name: "licences",
  api: licencesApi,
  pages: async (app) => {
    await app.register(licencesPages);
    await app.register(walletPages);
    await app.register(sharedPages);
  },
};
