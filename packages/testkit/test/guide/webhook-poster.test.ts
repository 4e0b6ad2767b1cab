import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describeContentPosterContract } from "@actor/testkit";
import { WebhookPoster } from "./webhook-poster.js";

// A webhook on 127.0.0.1: `/ok` answers with a new message id, `/slow` answers after a second,
// `/gone` answers 404.
async function startWebhook() {
  let next = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      if (req.url === "/gone") return void res.writeHead(404).end();
      const answer = () => res.end(JSON.stringify({ id: `m${++next}` }));
      if (req.url === "/slow") setTimeout(answer, 1_000);
      else answer();
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, close: () => new Promise<void>((done) => server.close(() => done())) };
}

describeContentPosterContract("WebhookPoster", async () => {
  const webhook = await startWebhook();
  return {
    poster: new WebhookPoster(),
    content: { text: "hello" },
    destination: `${webhook.base}/slow`,
    invalidDestination: "not a url",
    rejectedPost: () => ({
      content: { text: "hello" },
      destination: `${webhook.base}/gone`,
      code: "not-found",
    }),
    cleanup: webhook.close,
  };
});
