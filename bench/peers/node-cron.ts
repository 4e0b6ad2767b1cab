import { send } from "./send.js";
import cron from "node-cron";
cron.schedule("0 9 * * 1-5", () => send("Good morning!"), { timezone: "Europe/Paris" });
