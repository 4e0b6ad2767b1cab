import { send } from "./send.js";
import { schedule } from "@actor/runtime";
schedule("0 9 * * 1-5", { timezone: "Europe/Paris" }, async function morning() {
  await send("Good morning!");
});
