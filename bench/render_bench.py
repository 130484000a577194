"""Conversation rendering in Chromium, before and after the pages became components: time to
render 1,000 loaded messages, then to append 100 more one by one (each followed by layout, as
the view reads its scroll height), median of several fresh pages each. "before" is the
imperative Conversation of BASELINE_COMMIT (it redrew the whole list per message), "after" is
today's component; both get the same messages and the same stylesheet. Also prints the gzip
size of what the customer page loads, beside supabase-js.

    make bench   (or: PYTHONPATH=lib:. .venv/bin/python bench/render_bench.py --runs 5)
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import re
import statistics
import subprocess
import sys
import threading
from pathlib import Path

from aiohttp import web
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "lib"), str(ROOT)]

from chat_core.widget_frame import IMPORT_MAP  # noqa: E402

from bench.harness import record  # noqa: E402
from local import chromium  # noqa: E402
from local.stack import free_port  # noqa: E402
from tools.pages import MODULES, SUPABASE_JS, VENDOR, WEB_DIR  # noqa: E402

BASELINE_COMMIT = "128acd1"  # the last commit with the imperative pages
LOADED, APPENDED = 1000, 100

COMMON = """
const message = (seq) => ({
  id: `m${seq}`, chat_id: 'bench', seq, created_at: new Date(1795600000000 + seq * 1000).toISOString(),
  sender_type: seq % 2 ? 'admin' : 'customer', sender_id: 'x',
  content: `message ${seq}: a line of text of ordinary length`,
})
const api = { listMessages: async () => ({ messages: [], has_more: false }) }
const names = { admin: 'Support', customer: 'Ada' }
const isMine = (message) => message.sender_type === 'admin'
const nameOf = (message) => names[message.sender_type]
const settle = () => new Promise((resolve) => setTimeout(resolve, 0))
const range = (from, count) => Array.from({ length: count }, (_, i) => message(from + i))
// Each new message on its own, then layout (the view reads its scroll height).
async function appendOneByOne(add, list) {
  const start = performance.now()
  for (let seq = __LOADED__ + 1; seq <= __LOADED__ + __APPENDED__; seq++) {
    add([message(seq)])
    await settle()
    void list.scrollHeight
  }
  return performance.now() - start
}
"""

BEFORE = (
    """
import { Conversation } from '/baseline/conversation.js'
"""
    + COMMON
    + """
window.bench = async () => {
  const list = document.getElementById('root')
  const conversation = new Conversation({ api, chatId: 'bench', list, me: 'admin', names })
  const start = performance.now()
  conversation.add(range(1, __LOADED__))
  void list.scrollHeight
  const rendered = performance.now() - start
  const appended = await appendOneByOne((messages) => conversation.add(messages), list)
  return { rendered, appended, nodes: list.querySelectorAll('.message').length }
}
"""
)

AFTER = (
    """
import { render } from 'preact'
import { html } from '/shared/html.js'
import { Conversation } from '/shared/conversation.js'
import { createConversation } from '/shared/conversation-store.js'
import { conversationOutbox } from '/shared/outbox.js'
"""
    + COMMON
    + """
window.bench = async () => {
  const root = document.getElementById('root')
  const conversation = createConversation(api, 'bench')
  // Nothing waits to be sent: the outbox the pages give every conversation, empty.
  const storage = { getItem: () => null, setItem: () => {}, removeItem: () => {} }
  const outbox = conversationOutbox({ api, conversation, storage })
  const start = performance.now()
  conversation.add(range(1, __LOADED__))
  const view = html`<${Conversation} conversation=${conversation} isMine=${isMine} nameOf=${nameOf} outbox=${outbox} />`
  render(view, root)
  void root.scrollHeight
  const rendered = performance.now() - start
  const list = root.querySelector('[role=log]')
  const appended = await appendOneByOne((messages) => conversation.add(messages), list)
  return { rendered, appended, nodes: list.querySelectorAll('.message').length }
}
"""
)


def harness(script: str, root_class: str) -> str:
    return f"""<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="/shared/styles.css">
<script type="importmap">{IMPORT_MAP}</script>
<style>#root {{ height: 600px; display: flex; flex-direction: column; width: 800px; }}</style></head>
<body><div id="root" class="{root_class}"></div>
<script type="module">{script.replace("__LOADED__", str(LOADED)).replace("__APPENDED__", str(APPENDED))}</script>
</body></html>"""


def bench_app(baseline_conversation: str) -> web.Application:
    pages = {"before": harness(BEFORE, "messages"), "after": harness(AFTER, "")}

    async def page(request: web.Request) -> web.Response:
        return web.Response(text=pages[request.match_info["which"]], content_type="text/html")

    async def vendor(request: web.Request) -> web.FileResponse:
        return web.FileResponse(VENDOR[request.match_info["name"]], headers={"Content-Type": "text/javascript"})

    async def shared(request: web.Request) -> web.FileResponse:
        return web.FileResponse(WEB_DIR / "shared" / request.match_info["name"])

    async def baseline(_: web.Request) -> web.Response:
        return web.Response(text=baseline_conversation, content_type="text/javascript")

    app = web.Application()
    app.router.add_get("/{which:before|after}", page)
    app.router.add_get("/vendor/{name}", vendor)
    app.router.add_get("/shared/{name}", shared)
    app.router.add_get("/baseline/conversation.js", baseline)
    return app


def module_closure(entry: Path) -> set[Path]:
    """The page's own modules: entry and every /… module it imports, transitively."""
    seen, todo = set(), [entry]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        todo += [WEB_DIR / name.lstrip("/") for name in re.findall(r"from '(/[^']+)'", path.read_text())]
    return seen


def gzip_kib(paths: list[Path]) -> float:
    return sum(len(gzip.compress(p.read_bytes(), 9)) for p in paths) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    own = sorted(module_closure(WEB_DIR / "chat" / "chat.js"))
    framework = [source for _, source in MODULES.values()]
    print(
        f"customer page, gzip: own code {gzip_kib(own):.1f} KiB ({len(own)} modules) + Preact, htm, signals "
        f"{gzip_kib(framework):.1f} KiB = {gzip_kib(own + framework):.1f} KiB; "
        f"supabase-js {gzip_kib([SUPABASE_JS]):.1f} KiB"
    )

    baseline = subprocess.run(
        ["git", "show", f"{BASELINE_COMMIT}:web/shared/conversation.js"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    loop = asyncio.new_event_loop()
    port = free_port()
    runner = web.AppRunner(bench_app(baseline))
    loop.run_until_complete(runner.setup())
    loop.run_until_complete(web.TCPSite(runner, "127.0.0.1", port).start())
    threading.Thread(target=loop.run_forever, daemon=True).start()

    results: dict[str, list[dict]] = {"before": [], "after": []}
    with sync_playwright() as playwright:
        browser = chromium.launch(playwright)
        for _ in range(args.runs):
            for which in ("before", "after"):  # interleaved, so drift hits both alike
                page = browser.new_page()
                page.goto(f"http://127.0.0.1:{port}/{which}")
                page.wait_for_function("typeof window.bench === 'function'")
                result = page.evaluate("window.bench()")
                assert result["nodes"] == LOADED + APPENDED, result
                results[which].append(result)
                page.close()
        browser.close()
    loop.call_soon_threadsafe(loop.stop)

    figures: dict[str, float | int | str] = {
        "runs": args.runs,
        "customer_page_gzip_kib": round(gzip_kib(own + framework), 1),
    }
    for metric, label in (("rendered", f"render {LOADED} messages"), ("appended", f"append {APPENDED} one by one")):
        before = statistics.median(r[metric] for r in results["before"])
        after = statistics.median(r[metric] for r in results["after"])
        print(f"{label:>28}: before {before:8.1f} ms   after {after:8.1f} ms   after/before {after / before:.2f}x")
        figures |= {f"{metric}_before_ms": round(before, 1), f"{metric}_after_ms": round(after, 1)}
    record("render", figures)


if __name__ == "__main__":
    main()
