"""A join refused because many arrive at once from one address goes out again by itself."""
import json
import unittest

from harness import browser, wait_text
from test_crowd import ServerWithSockets, Socket


class JoinRetryTest(ServerWithSockets):
    # One join at once per address, then one every 2.5 s: the browser's join comes second.
    server_args = ("--join-burst", "1", "--join-rate", "0.4")

    def test_a_join_refused_for_the_rate_is_sent_again(self):
        base = self.server.url
        fac = Socket(base)
        self.sockets.append(fac)
        created = fac.call("create_meeting", title="Många på en gång", date="2026-12-03", declared_level="dialogue",
                          decision_step="drafting")
        code = created["code"]
        first = Socket(base)
        self.sockets.append(first)
        first.call("join", code=code, name="Först", sector="civil")
        self.driver = browser()
        d = self.driver
        d.get(f"{base}/#join={code}")
        wait_text(d, "Gå med")
        d.execute_script("""
          const f = document.querySelector('form.join');
          f.querySelector('input[name=name]').value = 'Andra';
          f.querySelector('input[name=sector][value=public]').click();
          f.querySelector('button[type=submit]').click();""")
        wait_text(d, "Många ansluter just nu")
        wait_text(d, "Du är med som", timeout=20)
        # The retried join keeps its id: one seat for the browser, not one per attempt.
        staff = Socket(base)
        self.sockets.append(staff)
        cid = staff.send("facilitate", code=code, key=created["facilitator_key"])
        joined = 0
        while True:
            msg = json.loads(staff.ws.recv())
            if msg.get("type") == "event" and msg["event"]["kind"] == "participant_joined":
                joined += 1
            if msg.get("id") == cid:
                self.assertEqual(msg["type"], "ack")
                break
        self.assertEqual(joined, 2)


if __name__ == "__main__":
    unittest.main()
