/**
 * The dashboard served at `/`: one self-contained page (inline CSS and script, no build step, no
 * external requests). It lists every task (state, schedule in words, last and next run,
 * consecutive failures, pause reason, lease holder) with its recent executions, and has
 * trigger/pause/resume buttons that call the API with the bearer token typed into the page
 * (kept in the tab's sessionStorage only).
 */
export const DASHBOARD_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>actor-server</title>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5rem; color: #222; }
  h1 { font-size: 1.3rem; margin: 0 0 .5rem; }
  table { border-collapse: collapse; width: 100%; margin-top: 1rem; }
  th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid #ddd; vertical-align: top; }
  th { background: #f4f4f4; }
  .state { font-weight: 600; }
  .paused, .failed, .timed-out, .abandoned, .interrupted { color: #b00020; }
  .running, .succeeded { color: #0a7d32; }
  .history td { background: #fafafa; font-size: 12px; }
  button { margin-right: .25rem; }
  #message { min-height: 1.2em; color: #b00020; }
  code { font-size: 12px; }
</style>
</head>
<body>
<h1>actor-server</h1>
<div>
  <label>API token <input id="token" type="password" autocomplete="off" size="32"></label>
  <span id="instance"></span>
</div>
<div id="message" role="status"></div>
<table>
  <thead><tr><th>task</th><th>state</th><th>schedule</th><th>last run</th><th>next run</th><th>failures</th><th>lease</th><th></th></tr></thead>
  <tbody id="tasks"><tr><td colspan="8">loading…</td></tr></tbody>
</table>
<script>
"use strict";
const tokenInput = document.getElementById("token");
tokenInput.value = sessionStorage.getItem("actor-token") || "";
tokenInput.addEventListener("input", () => sessionStorage.setItem("actor-token", tokenInput.value));
const esc = (v) => String(v ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
const when = (v) => (v ? new Date(v).toISOString().replace("T", " ").replace(".000Z", "Z") : "—");
function stateOf(t) {
  if (!t.active) return "inactive";
  if (t.running) return "running";
  if (t.paused) return "paused";
  if (t.completed) return "completed";
  return "scheduled";
}
async function call(method, path) {
  const headers = method === "POST" ? { authorization: "Bearer " + tokenInput.value } : {};
  const res = await fetch(path, { method, headers });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(body.error || res.status + " " + res.statusText);
  return body;
}
async function act(action, id) {
  const message = document.getElementById("message");
  message.textContent = "";
  try {
    await call("POST", "/tasks/" + encodeURIComponent(id) + "/" + action);
    message.textContent = "";
  } catch (e) {
    message.textContent = action + " " + id + ": " + e.message;
  }
  await refresh();
}
async function history(id) {
  try {
    const body = await call("GET", "/tasks/" + encodeURIComponent(id) + "/history?limit=5");
    return body.executions;
  } catch {
    return [];
  }
}
async function refresh() {
  let body;
  try {
    body = await call("GET", "/tasks");
  } catch (e) {
    document.getElementById("message").textContent = "cannot load tasks: " + e.message;
    return;
  }
  document.getElementById("instance").textContent = " instance " + body.instanceId;
  const rows = [];
  for (const t of body.tasks) {
    const state = stateOf(t);
    const reason = t.pauseReason ? " (" + t.pauseReason + ")" : "";
    rows.push('<tr data-task="' + esc(t.taskId) + '"><td><code>' + esc(t.taskId) + "</code></td>" +
      '<td class="state ' + state + '" data-state="' + state + '">' + state + esc(reason) + "</td>" +
      "<td>" + esc(t.schedule) + "</td><td>" + when(t.lastRun) + "</td><td>" + when(t.nextRun) + "</td>" +
      "<td>" + esc(t.consecutiveFailures) + "</td><td>" + esc(t.leaseHolder || "—") + "</td><td>" +
      (t.active ? '<button data-action="trigger" data-id="' + esc(t.taskId) + '">trigger</button>' +
        (t.paused ? '<button data-action="resume" data-id="' + esc(t.taskId) + '">resume</button>'
                  : '<button data-action="pause" data-id="' + esc(t.taskId) + '">pause</button>') : "") +
      "</td></tr>");
    const runs = await history(t.taskId);
    if (runs.length > 0) {
      const lines = runs.map((r) => {
        const ms = r.completedAt ? new Date(r.completedAt) - new Date(r.startedAt) : null;
        return '<span class="' + esc(r.status) + '">' + esc(r.status) + "</span> " + when(r.scheduledFor) +
          (ms === null ? "" : " · " + ms + " ms") + (r.errorMessage ? " · " + esc(r.errorMessage) : "");
      });
      rows.push('<tr class="history"><td></td><td colspan="7">' + lines.join("<br>") + "</td></tr>");
    }
  }
  document.getElementById("tasks").innerHTML = rows.join("") || '<tr><td colspan="8">no tasks</td></tr>';
}
document.getElementById("tasks").addEventListener("click", (event) => {
  const button = event.target.closest("button[data-action]");
  if (button) act(button.dataset.action, button.dataset.id);
});
refresh();
setInterval(refresh, 5000);
</script>
</body>
</html>
`;
