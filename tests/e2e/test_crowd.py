"""A full room: 200 participants join over raw WebSockets while the facilitator and projector pages keep up."""
import json
import time
import unittest
import uuid

import websocket
from selenium.webdriver.common.by import By

from harness import Server, browser, screenshot, wait_text

PEOPLE = 200
SECTORS = ["public", "civil", "civil", "other"]


class Socket:
    """A protocol client on a plain WebSocket, for the crowd."""

    def __init__(self, base):
        self.ws = websocket.create_connection(base.replace("http", "ws") + "/ws", subprotocols=["dialogcafe.v1"],
                                              origin=base, timeout=20)

    def send(self, type_, **fields):
        cid = uuid.uuid4().hex
        self.ws.send(json.dumps({"type": type_, "id": cid, **fields}))
        return cid

    def wait(self, cid):
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == cid:
                if msg["type"] == "error":
                    raise AssertionError(msg)
                return msg.get("result", {})

    def call(self, type_, **fields):
        return self.wait(self.send(type_, **fields))


class ServerWithSockets(unittest.TestCase):
    """A fresh server per test, started with `server_args`; sockets and a browser closed after."""
    server_args = ()

    def setUp(self):
        self.server = Server(*self.server_args)
        self.driver = None
        self.sockets = []

    def tearDown(self):
        for s in self.sockets:
            try:
                s.ws.close()
            except Exception:  # noqa: BLE001
                pass
        if self.driver:
            self.driver.quit()
        self.server.stop()


class CrowdTest(ServerWithSockets):
    server_args = ("--join-rate", "1000", "--contribution-rate", "1000")

    def test_two_hundred_people(self):
        base = self.server.url
        fac = Socket(base)
        self.sockets.append(fac)
        created = fac.call("create_meeting", title="Stort dialogkafé", date="2026-12-03", declared_level="dialogue", decision_step="drafting")
        code, key = created["code"], created["facilitator_key"]

        d = self.driver = browser(1280, 900)
        d.get(base + "/")
        d.execute_script(f"localStorage.setItem('dk.f.{code}', JSON.stringify('{key}')); localStorage.setItem('dk.fcurrent', JSON.stringify('{code}'))")
        d.get(f"{base}/#facilitate")
        wait_text(d, code, "#join-code")

        started = time.time()
        people = []
        for n in range(PEOPLE):
            s = Socket(base)
            self.sockets.append(s)
            s.call("join", code=code, name=f"Besökare {n + 1}", sector=SECTORS[n % 4], organisation=f"Organisation {n % 37}")
            people.append(s)
        fac.call("add_tables", count=25)
        fac.call("plan_round", question="Vad är viktigast?", minutes=20)
        fac.call("start_round", round="r1")
        q = fac.call("push_question", text="Hur viktigt är detta?", kind="scale")["question"]
        ids = [s.send("answer", question=q, value=1 + n % 5) for n, s in enumerate(people)]
        for s, cid in zip(people, ids):
            s.wait(cid)
        ids = [s.send("add_input", kind="idea", text=f"Idé nummer {n + 1}") for n, s in enumerate(people[:100])]
        for s, cid in zip(people, ids):
            s.wait(cid)
        sent = time.time() - started

        wait_text(d, f"{PEOPLE} har gått med", "#f-people", timeout=30)
        wait_text(d, f"{PEOPLE} svar", "#f-questions", timeout=30)
        wait_text(d, "Idé nummer 100", "#f-inputs", timeout=30)
        shown = time.time() - started
        print(f"\n{PEOPLE} joins, {PEOPLE} answers and 100 inputs sent in {sent:.1f}s; facilitator page up to date after {shown:.1f}s")
        self.assertEqual(len(d.find_elements(By.CSS_SELECTOR, "#f-inputs li.input")), 100)
        screenshot(d, "facilitator-crowd", full=False)

        d.get(f"{base}/#projector={code}")
        wait_text(d, f"{PEOPLE} svar", ".pj-results", timeout=30)
        counts = d.find_element(By.CSS_SELECTOR, ".pj-sectors").text
        self.assertIn("50", counts)   # public: every fourth
        self.assertIn("100", counts)  # civil: every second
        screenshot(d, "projector-crowd", full=False)


if __name__ == "__main__":
    unittest.main()
