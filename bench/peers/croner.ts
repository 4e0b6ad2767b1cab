import { send } from "./send.js";
import { Cron } from "croner";
new Cron("0 9 * * 1-5", { timezone: "Europe/Paris" }, () => send("Good morning!"));
