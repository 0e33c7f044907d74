"""End to end: a facilitator, a projector and four participants run a two-round café on the real server."""
import json
import os
import re
import signal
import time
import unittest
import urllib.error
import urllib.parse
from pathlib import Path

from selenium.common.exceptions import NoAlertPresentException, StaleElementReferenceException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from harness import SHOTS, Server, browser, body_text, screenshot, wait_for, wait_text

XSS = "<img src=x onerror=alert(1)>"
OFFLINE_TEXT = "Bättre kollektivtrafik till kvällsmötena"


def xq(s):
    """An XPath string literal (the texts here hold no double quotes)."""
    assert '"' not in s
    return f'"{s}"'


def css(d, selector):
    return d.find_element(By.CSS_SELECTOR, selector)


def fill(d, selector, text):
    el = css(d, selector)
    el.clear()
    el.send_keys(text)
    return el


def choose(d, selector, starts_with):
    """Selects the option of a <select> whose label starts with `starts_with`."""
    sel = Select(css(d, selector))
    wait_for(d, lambda _: any(o.text.startswith(starts_with) for o in Select(css(d, selector)).options), f"option {starts_with!r} in {selector}")
    for o in sel.options:
        if o.text.startswith(starts_with):
            sel.select_by_value(o.get_attribute("value"))
            return
    raise AssertionError(f"no option {starts_with!r}")


def click(d, selector):
    """Clicks the element; panels re-render on live events, so a replaced element is looked up again."""
    for attempt in range(5):
        try:
            el = css(d, selector)
            d.execute_script("arguments[0].scrollIntoView({block: 'center'})", el)
            el.click()
            return el
        except StaleElementReferenceException:
            if attempt == 4:
                raise
            time.sleep(0.1)


def join(d, base, code, name, sector, org):
    d.get(f"{base}/#join={code}")
    wait_for(d, lambda _: css(d, "form.join input[name=code]").get_attribute("value") == code, "code pre-filled from the link")
    fill(d, "form.join input[name=name]", name)
    click(d, f"form.join input[name=sector][value={sector}]")
    fill(d, "form.join input[name=organisation]", org)
    click(d, "form.join button[type=submit]")
    wait_text(d, "Du är med som")


def join_by_keyboard(d, base, code, name, org):
    """Joins with the keyboard only, checking the focus order on the way."""
    d.get(f"{base}/#join={code}")
    wait_for(d, lambda _: css(d, "form.join input[name=code]").get_attribute("value") == code, "join form")
    active = lambda: d.execute_script("const a = document.activeElement; return a.name || a.id || a.tagName")  # noqa: E731
    keys = ActionChains(d)
    keys.send_keys(Keys.TAB).perform()
    assert active() == "skip", active()
    for expected in ("lang", "code", "name"):
        ActionChains(d).send_keys(Keys.TAB).perform()
        assert active() == expected, (expected, active())
    ActionChains(d).send_keys(name, Keys.TAB).perform()
    assert active() == "show_name", active()
    ActionChains(d).send_keys(Keys.TAB).perform()
    assert active() == "sector", active()
    ActionChains(d).send_keys(Keys.SPACE, Keys.TAB).perform()   # the first sector: public
    assert active() == "organisation", active()
    ActionChains(d).send_keys(org, Keys.ENTER).perform()
    wait_text(d, f"Du är med som {name}")


def mine_state(d, label):
    for li in d.find_elements(By.CSS_SELECTOR, "#p-mine .mine-item"):
        if label in li.find_element(By.CSS_SELECTOR, ".mine-label").text:
            return li.find_element(By.CSS_SELECTOR, ".state").text
    return None


def wait_mine(d, label, state):
    wait_for(d, lambda _: (mine_state(d, label) or "").startswith(state), f"{label!r} shows {state!r}")


def question_item(d, text):
    """The participant's card for the pushed question `text`, once it has arrived."""
    wait_text(d, text, "#p-questions")
    return d.find_element(By.XPATH, f"//section[@id='p-questions']//li[contains(@class,'question')][p[@class='q-text' and .={xq(text)}]]")


def answer_in_words(d, question, words):
    """Answers an open or word-cloud question."""
    q = question_item(d, question)
    q.find_element(By.CSS_SELECTOR, "input[type=text]").send_keys(words)
    q.find_element(By.CSS_SELECTOR, "button[type=submit]").click()


def one_table_and_a_running_round(fac, question):
    """Adds one table, plans a round with `question` and starts it."""
    fill(fac, "#f-tables input[type=number]", "1")
    click(fac, "#f-tables form button[type=submit]")
    wait_text(fac, "Bord 1", "#f-tables")
    fill(fac, "#f-rounds textarea", question)
    click(fac, "#f-rounds form button[type=submit]")
    wait_for(fac, lambda d: d.find_elements(By.CSS_SELECTOR, "[data-fk=start-r1]"), "round planned")
    click(fac, "[data-fk=start-r1]")


def add_input(d, text, kind="idea"):
    click(d, f"#p-add input[name=kind][value={kind}]")
    fill(d, "#p-add textarea", text)
    click(d, "#p-add button[type=submit]")


def input_item(d, section, text):
    return d.find_element(By.XPATH, f"//section[@id='{section}']//li[contains(@class,'input')][p[@class='text' and normalize-space(.)={xq(text)}]]")


def network(d, offline):
    d.execute_cdp_cmd("Network.enable", {})
    d.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": offline, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})


def page_errors(d):
    """Severe console entries (script errors, CSP violations), leaving out expected network noise."""
    noise = ("favicon", "ERR_INTERNET_DISCONNECTED", "WebSocket connection", "/api/meetings/ABCDEF/", "Failed to fetch")
    return [e["message"] for e in d.get_log("browser") if e["level"] == "SEVERE" and not any(n in e["message"] for n in noise)]


UNLABELLED = """
const named = (el) => (el.labels && el.labels.length) || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
const bad = [];
for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea')) if (!named(el)) bad.push(el.outerHTML.slice(0, 80));
for (const el of document.querySelectorAll('button, a[href], summary')) if (!(el.textContent.trim() || el.getAttribute('aria-label'))) bad.push(el.outerHTML.slice(0, 80));
for (const el of document.querySelectorAll('[style], [onclick], [onerror], [onload]')) bad.push('inline: ' + el.outerHTML.slice(0, 80));
const ids = [...document.querySelectorAll('[id]')].map((e) => e.id);
for (const id of ids.filter((x, i) => ids.indexOf(x) !== i)) bad.push('duplicate id: ' + id);
return bad;
"""


def no_alert(d):
    try:
        d.switch_to.alert
    except NoAlertPresentException:
        return True
    return False


class CafeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server()
        cls.base = cls.server.url
        cls.drivers = []
        try:
            cls.fac = cls._browser(1280, 1000)
            cls.fac_main = cls.fac.current_window_handle
            cls.people = [cls._browser() for _ in range(4)]
        except Exception:
            cls.tearDownClass()
            raise

    @classmethod
    def _browser(cls, *size):
        d = browser(*size)
        cls.drivers.append(d)
        return d

    @classmethod
    def tearDownClass(cls):
        for d in getattr(cls, "drivers", []):
            try:
                d.quit()
            except Exception:  # noqa: BLE001
                pass
        cls.server.stop()

    def create_meeting(self, title, language=None):
        fac = self.fac
        fac.switch_to.window(self.fac_main)
        fac.get(f"{self.base}/#facilitate")
        wait_for(fac, lambda d: d.find_elements(By.ID, "other-meeting") or d.find_elements(By.ID, "f-create"), "facilitator page")
        if fac.find_elements(By.ID, "other-meeting"):
            click(fac, "#other-meeting")
        wait_text(fac, "Skapa ett möte")
        form = "#f-create form"
        fill(fac, f"{form} input[type=text]", title)
        fill(fac, f"{form} textarea", "Samla idéer inför utformningen av planen.")
        language_select = Select(css(fac, f"{form} select"))  # the first select is the meeting's language
        if language:
            language_select.select_by_value(language)
        click(fac, f"{form} button[type=submit]")
        code = wait_for(fac, lambda d: d.find_elements(By.ID, "join-code") and css(d, "#join-code").text, "join code shown")
        return code

    def meeting_with_one(self, title, name, sector, org):
        """A new meeting and one participant's browser, joined; returns (code, browser)."""
        code = self.create_meeting(title)
        p = self._browser()
        join(p, self.base, code, name, sector, org)
        return code, p

    # ------------------------------------------------------------------

    def test_1_two_round_cafe(self):
        fac, (amina, bo, cilla, dan) = self.fac, self.people
        code = self.create_meeting("Dialog om regional kulturplan")
        self.__class__.code = code
        self.assertRegex(code, r"^[A-Z0-9]{4,12}$")
        self.assertIn("Spara samtalsledarnyckeln", body_text(fac))
        key = css(fac, "#fac-key").text
        self.assertTrue(len(key) >= 16)
        self.assertEqual(json.loads(fac.execute_script(f"return localStorage.getItem('dk.f.{code}')")), key)
        self.assertIn(f"/#join={code}", css(fac, "#join-link").text)
        main = fac.current_window_handle

        # the projector in a second window, with the stored key
        fac.switch_to.new_window("window")
        fac.set_window_size(1280, 800)
        fac.get(f"{self.base}/#projector={code}")
        wait_text(fac, code, "#pj-code")
        projector = fac.current_window_handle
        fac.switch_to.window(main)

        join(amina, self.base, code, "Amina", "civil", "Ideell kulturallians")
        join(bo, self.base, code, "Bo", "public", "Region Kalmar län")
        join(cilla, self.base, code, "Cilla", "civil", "RF-SISU Kalmar")
        join_by_keyboard(dan, self.base, code, "Dan", "Kalmar kommun")
        wait_text(fac, "4 har gått med", "#f-people")
        csv_path = Path(self.server.dir) / "anmalda.csv"
        csv_path.write_text("namn;sektor;organisation\nAmina;civilsamhälle;Ideell kulturallians\nBo;offentlig;Region Kalmar län\n"
                            "\"Lind, Eva\";civilsamhälle;Hembygdsförbundet\n", encoding="utf-8")
        css(fac, "#f-expected input[type=file]").send_keys(str(csv_path))
        wait_text(fac, "2 av 3 anmälda har gått med", "#f-expected")
        self.assertIn("Lind, Eva", css(fac, "#f-expected table").text)

        # language toggle: English one click away, remembered, lang attribute follows
        click(bo, "#lang")
        wait_text(bo, "You take part as Bo")
        self.assertEqual(bo.execute_script("return document.documentElement.lang"), "en")
        bo.refresh()
        wait_text(bo, "You take part as Bo")
        click(bo, "#lang")
        wait_text(bo, "Du är med som Bo")
        self.assertEqual(bo.execute_script("return document.documentElement.lang"), "sv")

        # tables and a host
        fill(fac, "#f-tables input[type=number]", "2")
        click(fac, "#f-tables form button[type=submit]")
        wait_text(fac, "Bord 2", "#f-tables")
        choose(fac, "#host-table", "Bord 1")
        choose(fac, "#host-person", "Amina")
        fac.find_element(By.XPATH, "//select[@id='host-person']/ancestor::form//button[@type='submit']").click()
        wait_text(fac, "bordsvärd: Amina", "#f-tables ul.tables")

        # round 1
        fill(fac, "#f-rounds textarea", "Vad behöver föreningarna av regionen?")
        fill(fac, "#f-rounds input[type=number]", "20")
        click(fac, "#f-rounds form button[type=submit]")
        wait_for(fac, lambda d: d.find_elements(By.CSS_SELECTOR, "[data-fk=start-r1]"), "round 1 planned")
        click(fac, "[data-fk=start-r1]")
        wait_text(fac, "kvar", "#f-rounds")
        for p in self.people:
            wait_text(p, "Vad behöver föreningarna av regionen?", "#p-round")
            wait_text(p, "Bord", "#p-table")
            # seated and started by one command: a screen reader hears both, the table too
            wait_text(p, "Runda 1 har börjat", "#announce")
            self.assertRegex(css(p, "#announce").text, r"Du sitter vid Bord \d")
        self.assertIn("kvar", css(amina, "#p-round").text)
        self.assertIn("Du är bordsvärd", css(amina, "#p-table").text)

        # inputs, a reply and an agree at Amina's table
        add_input(amina, "Fler lokaler på landsbygden", "idea")
        wait_mine(amina, "Fler lokaler på landsbygden", "Skickat ✓")
        mates = [el.text for el in amina.find_elements(By.CSS_SELECTOR, "#p-table .person-name")]
        self.assertIn("Amina", mates)
        mate = next(d for d, n in zip(self.people, ["Amina", "Bo", "Cilla", "Dan"]) if n in mates and n != "Amina")
        wait_for(mate, lambda d: input_item(d, "p-talk", "Fler lokaler på landsbygden"), "the mate sees Amina's input")
        item = input_item(mate, "p-talk", "Fler lokaler på landsbygden")
        item.find_element(By.CSS_SELECTOR, "button.agree").click()
        wait_for(mate, lambda d: input_item(d, "p-talk", "Fler lokaler på landsbygden").find_element(By.CSS_SELECTOR, "button.agree").get_attribute("aria-pressed") == "true", "agreed")
        self.assertEqual(input_item(mate, "p-talk", "Fler lokaler på landsbygden").find_element(By.CSS_SELECTOR, "button.agree").get_attribute("aria-disabled"), "true")
        item.find_element(By.CSS_SELECTOR, ".reply-box summary").click()
        item.find_element(By.CSS_SELECTOR, ".reply-box textarea").send_keys("Ja, och öppna skolor på kvällstid")
        item.find_element(By.CSS_SELECTOR, ".reply-box button[type=submit]").click()
        wait_mine(mate, "Ja, och öppna skolor", "Skickat ✓")
        wait_for(amina, lambda d: "1 håller med" in input_item(d, "p-talk", "Fler lokaler på landsbygden").text, "agree count at the author")
        wait_text(amina, "Ja, och öppna skolor på kvällstid", "#p-talk")
        add_input(bo, "Hur når vi föreningar utan kansli?", "question")
        add_input(cilla, "Risk att bidragen minskar", "concern")
        wait_text(fac, "Fler lokaler på landsbygden", "#f-inputs")
        wait_text(fac, "Ja, och öppna skolor på kvällstid", "#f-inputs")
        wait_text(fac, "Risk att bidragen minskar", "#f-inputs")
        wait_text(fac, "1 håller med", "#f-inputs")

        # the matrix's evidence, opened while people write, stays open as new results come in
        wait_for(fac, lambda d: d.find_elements(By.CSS_SELECTOR, "#f-matrix details[data-keep='mx:evidence']"), "matrix evidence")
        fac.execute_script("document.querySelector(\"#f-matrix details[data-keep='mx:evidence']\").open = true")
        evidence = fac.execute_script("return document.querySelector(\"#f-matrix details[data-keep='mx:evidence']\").textContent")
        add_input(dan, "Samordna bidragsansökningarna", "idea")
        wait_for(fac, lambda d: d.execute_script("return document.querySelector(\"#f-matrix details[data-keep='mx:evidence']\").textContent") != evidence,
                 "a new matrix result")
        self.assertTrue(fac.execute_script("return document.querySelector(\"#f-matrix details[data-keep='mx:evidence']\").open"))

        # the facilitator hides an input with a reason; its author sees why
        add_input(cilla, "Ring mig på 070-123 45 67", "idea")
        wait_text(fac, "Ring mig på 070-123 45 67", "#f-inputs")
        item = input_item(fac, "f-inputs", "Ring mig på 070-123 45 67")
        item.find_element(By.CSS_SELECTOR, ".hide-box summary").click()
        item.find_element(By.CSS_SELECTOR, ".hide-box input[type=text]").send_keys("Personuppgifter")
        item.find_element(By.CSS_SELECTOR, ".hide-box button[type=submit]").click()
        wait_text(fac, "Dolt av samtalsledaren: Personuppgifter", "#f-inputs")
        self.assertEqual(fac.execute_script("return document.activeElement.textContent"), "Dolt av samtalsledaren: Personuppgifter",
                         "the keyboard is left on the note saying why, not on the form that went out of view")
        wait_text(cilla, "Dolt av samtalsledaren: Personuppgifter", "#p-talk")
        self.assertNotIn("070-123 45 67", css(cilla, "#p-talk").text, "a hidden input's text is not shown at the table")
        # a reply is moderated the same way
        item = input_item(mate, "p-talk", "Fler lokaler på landsbygden")
        mate.execute_script("arguments[0].open = true", item.find_element(By.CSS_SELECTOR, ".reply-box"))  # still open from the first reply, or not
        item.find_element(By.CSS_SELECTOR, ".reply-box textarea").send_keys("Ring mig, 070-999 88 77")
        item.find_element(By.CSS_SELECTOR, ".reply-box button[type=submit]").click()
        wait_text(fac, "Ring mig, 070-999 88 77", "#f-inputs")
        reply = fac.find_element(By.XPATH, "//section[@id='f-inputs']//ul[@class='replies']/li[span[@class='text' and contains(., '070-999 88 77')]]")
        reply.find_element(By.CSS_SELECTOR, ".hide-box summary").click()
        reply.find_element(By.CSS_SELECTOR, ".hide-box input[type=text]").send_keys("Personuppgifter")
        reply.find_element(By.CSS_SELECTOR, ".hide-box button[type=submit]").click()
        wait_for(amina, lambda d: "070-999 88 77" not in css(d, "#p-talk").text, "the hidden reply's text leaves the table")
        self.assertIn("Dolt av samtalsledaren: Personuppgifter", css(amina, "#p-talk").text)

        # a topic proposed by a participant
        fill(cilla, "#p-topic textarea", "Hur följer vi upp det vi säger i dag?")
        click(cilla, "#p-topic button[type=submit]")
        wait_text(fac, "Hur följer vi upp det vi säger i dag?", "#f-topics")

        # a poll pushed to all tables and answered
        fill(fac, "#push-text", "Hur ofta borde vi ses?")
        Select(css(fac, "#push-kind")).select_by_value("single")
        fill(fac, "#push-options", "Varje månad\nVarje kvartal\nEn gång om året")
        click(fac, "#push-form button[type=submit]")
        for p, choice in ((amina, 1), (bo, 1), (cilla, 0)):
            q = question_item(p, "Hur ofta borde vi ses?")
            q.find_elements(By.CSS_SELECTOR, "input[type=radio]")[choice].click()
            q.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
            wait_mine(p, "Hur ofta borde vi ses?", "Skickat ✓")
        wait_text(fac, "3 svar", "#f-questions")
        self.assertIn("Varje kvartal", css(fac, "#f-questions table.results").text)

        # a word cloud for the projector
        fill(fac, "#push-text", "Ett ord om samverkan")
        Select(css(fac, "#push-kind")).select_by_value("word_cloud")
        click(fac, "#push-form button[type=submit]")
        for p, word in ((amina, "tillit"), (bo, "Tillit"), (cilla, "öppenhet"), (dan, "kunskap")):
            answer_in_words(p, "Ett ord om samverkan", word)
            wait_mine(p, f"Ett ord om samverkan → {word}", "Skickat ✓")
        fac.switch_to.window(projector)
        wait_text(fac, "4 svar", ".pj-results")
        big = fac.find_elements(By.CSS_SELECTOR, ".cloud .w5")
        self.assertEqual([w.text.split("\n")[0].split(" (")[0] for w in big], ["tillit"])
        self.assertIn("Vad behöver föreningarna av regionen?", css(fac, ".pj-round").text)
        self.assertIn("kvar", css(fac, ".pj-clock").text)
        self.assertIn("Deltagare", css(fac, ".pj-sectors").text)
        self.assertTrue(fac.execute_script("const i = document.querySelector('.pj-qr'); return i.complete && i.naturalWidth > 0"), "QR image loads")
        screenshot(fac, "projector", full=False)
        fac.switch_to.window(main)

        # Dan loses the connection with an unsent input, reloads, comes back: it is sent once
        # The page's socket is cut (test hook, kept across the reload) and the browser's network is
        # switched off too (DevTools), so the reload is served by the service worker's cache.
        wait_for(dan, lambda d: d.execute_script("return !!navigator.serviceWorker.controller"), "service worker in control")
        dan.execute_script("__dkTest.offline(true)")
        network(dan, offline=True)
        wait_text(dan, "Ingen anslutning", "#conn")
        add_input(dan, OFFLINE_TEXT, "proposal")
        wait_mine(dan, OFFLINE_TEXT, "Väntar")
        dan.refresh()
        wait_text(dan, "Du är med som Dan")
        wait_text(dan, "Ingen anslutning", "#conn")
        wait_mine(dan, OFFLINE_TEXT, "Väntar")
        self.assertEqual(dan.execute_async_script(
            "fetch('/healthz', {cache: 'no-store'}).then(() => arguments[0]('online'), () => arguments[0]('offline'))"), "offline",
            "the reload happened without a network")
        outbox = dan.execute_script(f"return JSON.parse(localStorage.getItem('dk.outbox.{code}') || '[]')")
        self.assertEqual(len(outbox), 1)
        self.assertEqual(outbox[0]["text"], OFFLINE_TEXT)
        screenshot(dan, "participant-offline")
        time.sleep(0.5)
        self.assertNotIn(OFFLINE_TEXT, css(fac, "#f-inputs").text)
        network(dan, offline=False)
        dan.execute_script("__dkTest.offline(false)")
        wait_text(dan, "Ansluten", "#conn")
        wait_mine(dan, OFFLINE_TEXT, "Skickat ✓")
        wait_text(fac, OFFLINE_TEXT, "#f-inputs")
        time.sleep(1.0)
        same = fac.find_elements(By.XPATH, f"//section[@id='f-inputs']//p[@class='text' and normalize-space(.)={xq(OFFLINE_TEXT)}]")
        self.assertEqual(len(same), 1, "the facilitator sees the input exactly once")
        self.assertEqual(dan.execute_script(f"return localStorage.getItem('dk.outbox.{code}')"), None)
        self.assertIn(OFFLINE_TEXT, css(dan, "#p-talk").text)

        # round 2 with new seating; the host summarises
        click(fac, "[data-fk=extend-r1]")
        css(cilla, "#p-add textarea").click()  # writing when the round ends
        click(fac, "[data-fk=close-r1]")
        wait_text(fac, "Avslutad", "#f-rounds")
        wait_for(cilla, lambda d: not css(d, "#p-add form").is_displayed(), "the input form goes with the round")
        wait_for(cilla, lambda d: d.execute_script("return document.activeElement.id") == "p-add-h", "the focus stays in its section")
        fill(fac, "#f-rounds textarea", "Vilka tre saker gör vi först?")
        fill(fac, "#f-rounds input[type=number]", "15")
        click(fac, "#f-rounds form button[type=submit]")
        wait_for(fac, lambda d: d.find_elements(By.CSS_SELECTOR, "[data-fk=start-r2]"), "round 2 planned")
        click(fac, "[data-fk=start-r2]")
        for p in self.people:
            wait_text(p, "Runda 2", "#p-round")
            wait_text(p, "Vilka tre saker gör vi först?", "#p-round")
        wait_text(fac, "Placering för runda 2", "#f-seating")
        target = "Bord 2" if "Bord 1" in css(dan, "#p-table .table-name").text else "Bord 1"
        choose(fac, "#move-person", "Dan")
        choose(fac, "#move-table", target)
        fac.find_element(By.XPATH, "//select[@id='move-table']/ancestor::form//button[@type='submit']").click()
        wait_text(dan, target, "#p-table .table-name")
        add_input(bo, "Gemensam kalender för regionens dialoger", "proposal")
        wait_mine(bo, "Gemensam kalender", "Skickat ✓")
        wait_for(amina, lambda d: d.find_elements(By.CSS_SELECTOR, "#p-summary textarea"), "summary form for the host")
        fill(amina, "#p-summary textarea", "Vi vill ha lokaler, en kalender och uppföljning.")
        click(amina, "#p-summary button[type=submit]")
        wait_mine(amina, "Vi vill ha lokaler", "Skickat ✓")
        wait_text(fac, "Vi vill ha lokaler, en kalender och uppföljning.", "#f-summaries")

        # a commitment owned by both sectors
        fill(fac, "#f-commit textarea", "Ta fram en gemensam dialogkalender")
        orgs = fac.find_elements(By.CSS_SELECTOR, "#f-commit .owner-org")
        sectors = fac.find_elements(By.CSS_SELECTOR, "#f-commit .owner-sector")
        orgs[0].send_keys("Region Kalmar län")
        Select(sectors[0]).select_by_value("public")
        orgs[1].send_keys("Ideell kulturallians")
        Select(sectors[1]).select_by_value("civil")
        click(fac, "#f-commit form button[type=submit]")
        wait_text(fac, "Ta fram en gemensam dialogkalender", "#f-commit ul")

        # exit poll, close, screenshots
        for p, level in ((amina, "dialogue"), (bo, "dialogue"), (cilla, "consultation"), (dan, "dialogue")):
            click(p, f"#p-exit input[value={level}]")
            click(p, "#p-exit button[type=submit]")
            wait_mine(p, "Vad var det här för möte?", "Skickat ✓")
        wait_text(fac, "(4 svar)", "#f-exit")
        screenshot(amina, "participant")
        click(amina, "#lang")
        wait_text(amina, "What you have sent")
        self.assertIn("Sent ✓", css(amina, "#p-mine").text)
        self.assertIn("What kind of meeting was this?: Dialogue", css(amina, "#p-mine").text, "sent items follow the language")
        screenshot(amina, "participant-en")
        click(amina, "#lang")
        wait_text(amina, "Det du har skickat")
        click(fac, "[data-fk=close-r2]")
        wait_for(fac, lambda d: not d.find_elements(By.CSS_SELECTOR, "[data-fk=close-r2]"), "round 2 closed")
        click(fac, "#confirm-close")
        click(fac, "#f-close button[type=submit]")
        wait_text(fac, "Mötet är avslutat", "#f-close")
        wait_text(cilla, "Mötet är avslutat")

        # feedback after the meeting, with a promised date participants see
        fac.execute_script("document.getElementById('feedback-due').value = '2027-03-15'")
        fac.find_element(By.XPATH, "//input[@id='feedback-due']/ancestor::form//button[@type='submit']").click()
        wait_text(fac, "2027-03-15", "#f-feedback")
        wait_text(amina, "Återkoppling utlovad senast 2027-03-15", "#p-feedback")
        wait_text(fac, "saknar återkoppling", "#f-feedback")
        before = css(fac, "#without-feedback").text
        label = fac.find_element(By.XPATH, "//form[@id='feedback-form']//label[contains(., 'Fler lokaler på landsbygden')]")
        fac.execute_script("arguments[0].scrollIntoView({block: 'center'})", label)
        label.click()
        Select(css(fac, "#feedback-form select")).select_by_value("taken_forward")
        fill(fac, "#feedback-form textarea", "Kulturnämnden tar upp lokalfrågan i mars.")
        click(fac, "#feedback-form button[type=submit]")
        wait_text(fac, "Kulturnämnden tar upp lokalfrågan i mars.", "#f-feedback ul.feedback")
        wait_for(fac, lambda d: css(d, "#without-feedback").text != before, "one input fewer without feedback")
        self.assertIn("Tas vidare", css(fac, "#f-feedback ul.feedback").text)
        wait_text(amina, "Kulturnämnden tar upp lokalfrågan i mars.", "#p-feedback")
        self.assertIn("Tas vidare", css(amina, "#p-feedback").text)
        # the read-only feedback page, opened later with the participant's own link
        link = css(amina, "#feedback-link").get_attribute("href")
        self.assertIn("#feedback=", link)
        # the link a participant keeps or forwards gives no seat: it never holds the resume token
        resume_tokens = amina.execute_script(
            "return Object.keys(localStorage).filter(k => k.startsWith('dk.p.'))"
            ".map(k => JSON.parse(localStorage.getItem(k)).token)")
        self.assertTrue(resume_tokens)
        for token in resume_tokens:
            self.assertNotIn(token, urllib.parse.unquote(link))
        reader = browser()
        try:
            reader.get(link)
            wait_text(reader, "Kulturnämnden tar upp lokalfrågan i mars.", "#fb")
            self.assertIn("Tas vidare", css(reader, "#fb").text)
            screenshot(reader, "participant-feedback-page")
            # everyone who took part can read the minutes, with their own link
            reader.get(css(reader, "#minutes-link").get_attribute("href"))
            wait_text(reader, "Kulturnämnden tar upp lokalfrågan i mars.")
            self.assertIn("Dialog om regional kulturplan", reader.title + body_text(reader))
            reader.get(link)
            wait_text(reader, "Kulturnämnden tar upp lokalfrågan i mars.", "#fb")
            reader.get(link.replace("%2E", ".")[:-4] + "0000")
            wait_text(reader, "Länken gäller inte", "#fb")
        finally:
            reader.quit()
        # live matrix frames name rules by id; their texts came once, in matrix_rules
        wait_text(fac, "Närvarande deltagare (observatörer räknas inte)", "#f-matrix")
        self.assertNotIn("civil_present", css(fac, "#f-matrix").text)
        matrix_text = fac.execute_script("return document.querySelector('#f-matrix').textContent")
        self.assertEqual(re.findall(r"\b[a-z]+_[a-z_]+\b", matrix_text), [], "every part of the matrix in words")
        for words in ("Civilsamhällets andel av bidragen", "Placeras i steg", "Ömsesidighet", "Svarande"):
            self.assertIn(words, matrix_text)
        # no address on the page carries the facilitator key; downloads send it in a header, and
        # the one link with a key is the projector's, with its read-only key
        with_key = fac.execute_script("return [...document.querySelectorAll('[href]')].filter(e => e.href.includes('key=')).map(e => e.id)")
        self.assertEqual(with_key, ["projector-link"])
        stored = fac.execute_script("return Object.keys(localStorage).filter(k => k.startsWith('dk.f.')).map(k => JSON.parse(localStorage.getItem(k)))")
        self.assertTrue(stored)
        hrefs = fac.execute_script("return [...document.querySelectorAll('[href]')].map(e => e.href).join(' ')")
        for facilitator_key in stored:
            self.assertNotIn(facilitator_key, hrefs)
        downloads = Path(self.server.dir) / "downloads"
        downloads.mkdir(exist_ok=True)
        fac.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
        for fmt in ("html", "md", "csv", "json"):
            click(fac, f".exports button[data-format={fmt}]")
            path = downloads / f"protokoll-{code}.{fmt}"
            wait_for(fac, lambda _: path.exists() and path.stat().st_size > 0, f"{path.name} downloaded")
            self.assertIn("Kulturnämnden tar upp lokalfrågan i mars.", path.read_text(encoding="utf-8-sig"), fmt)
        # the minutes link a facilitator shares opens the minutes, and only them
        read = urllib.parse.urlsplit(css(fac, "#minutes-read-link").get_attribute("href"))
        self.assertIn("read=", read.query)
        status, _, body = self.server.get(f"{read.path}?{read.query}")
        self.assertEqual(status, 200)
        self.assertIn("Kulturnämnden tar upp lokalfrågan i mars.", body.decode("utf-8"))
        with self.assertRaises(urllib.error.HTTPError):
            self.server.get(f"{read.path.replace('.html', '.csv')}?{read.query}")
        for d in (fac, amina, cilla):
            self.assertEqual(d.execute_script(UNLABELLED), [], "every control has a label, no inline style or handlers, ids unique")
        screenshot(fac, "facilitator")
        fac.execute_script("window.scrollTo(0, 0)")
        screenshot(fac, "facilitator-top", full=False)
        for part in ("f-matrix", "f-inputs"):
            fac.execute_script("arguments[0].scrollIntoView()", css(fac, f"#{part}"))
            css(fac, f"#{part}").screenshot(str(SHOTS / f"facilitator-{part[2:]}.png"))
        for d in self.drivers:
            self.assertTrue(no_alert(d))
            self.assertEqual(page_errors(d), [], "no script errors or CSP violations")

    def test_2_user_text_is_rendered_as_text(self):
        fac, p = self.fac, self.people[0]
        code = self.create_meeting(f"Test {XSS}")
        join(p, self.base, code, XSS, "other", f"Org {XSS}")
        self.assertIn(XSS, css(p, ".who").text)
        one_table_and_a_running_round(fac, f"Fråga {XSS}")
        wait_text(p, f"Fråga {XSS}", "#p-round")
        add_input(p, f"Inlägg {XSS} <b>fet</b>")
        wait_mine(p, "Inlägg", "Skickat ✓")
        wait_text(fac, f"Inlägg {XSS} <b>fet</b>", "#f-inputs")
        click(fac, "#f-people summary")
        wait_text(fac, XSS, "#people-list")
        self.assertIn(XSS, css(p, "#p-table").text)
        self.assertIn(f"Inlägg {XSS} <b>fet</b>", css(p, "#p-talk").text)
        for d in (p, fac):
            self.assertTrue(no_alert(d))
            self.assertEqual(d.execute_script("return document.querySelectorAll('img[src=\"x\"], main b').length"), 0)
            self.assertIn(XSS, d.title + d.find_element(By.TAG_NAME, "main").text)

    def test_3_participant_page_is_light(self):
        d = self._browser()  # a fresh profile: no cache, no service worker yet
        d.get(f"{self.base}/#join=ABCDEF")
        wait_text(d, "Gå med i dialogkaféet")
        time.sleep(0.5)
        entries = d.execute_script(
            "return [performance.getEntriesByType('navigation')[0], ...performance.getEntriesByType('resource')]"
            ".map(e => ({name: e.name, transfer: e.transferSize, body: e.encodedBodySize}))")
        static = [e for e in entries if e["name"].startswith(self.base) and "/api/" not in e["name"] and "/ws" not in e["name"]]
        files = sorted({urllib.parse.urlsplit(e["name"]).path or "/" for e in static} | {"/sw.js"})  # the worker script is fetched too
        sizes = {f: len(self.server.get(f)[2]) for f in files}
        total_bytes = sum(sizes.values())
        transferred = sum(e["transfer"] for e in static)
        print(f"\nparticipant page: {len(files)} files, {total_bytes} bytes of files, {transferred} bytes transferred")
        for f, n in sizes.items():
            print(f"  {n:>7}  {f}")
        self.assertIn("/js/app.js", files)
        self.assertIn("/css/app.css", files)
        self.assertLess(total_bytes, 150 * 1024)
        # The files come gzip-compressed: about a third of their size travels.
        self.assertLess(transferred, total_bytes / 2)

    def test_3b_a_page_read_from_the_store_leaves_the_store_as_it_was_while_open(self):
        server = Server()  # an origin of its own, so its store holds only this test's copies
        try:
            d = self._browser()
            d.get(f"{server.url}/#join=ABCDEF")
            wait_text(d, "Gå med i dialogkaféet")
            wait_for(d, lambda d: d.execute_script("return !!navigator.serviceWorker.controller"), "service worker in control")
            # Mark the stored copies, as if they were the previous version of the app.
            d.execute_async_script("""
                const done = arguments[0];
                (async () => {
                  const cache = await caches.open('dialogcafe-v1');
                  for (const path of ['/', '/js/app.js']) {
                    const res = await cache.match(path);
                    const headers = new Headers(res.headers);
                    headers.set('x-stored', 'earlier');
                    await cache.put(path, new Response(await res.blob(), { status: res.status, headers }));
                  }
                })().then(done, done);""")
            # The server stalls: after 4 s the page is read from the store, its files too. The
            # server's late answer must not replace the copies the open page reads (a view's
            # module is imported when first shown).
            os.kill(server.proc.pid, signal.SIGSTOP)
            try:
                d.refresh()
                wait_text(d, "Gå med i dialogkaféet", timeout=30)
            finally:
                os.kill(server.proc.pid, signal.SIGCONT)
            self.assertEqual(d.execute_async_script(
                "fetch('/js/app.js').then((r) => arguments[0](r.headers.get('x-stored')))"), "earlier", "the page reads from the store")
            time.sleep(3)  # the late answers arrive
            marks = d.execute_async_script("""
                const done = arguments[0];
                caches.open('dialogcafe-v1')
                  .then((cache) => Promise.all(['/', '/js/app.js'].map((p) => cache.match(p))))
                  .then((hits) => done(hits.map((r) => r && r.headers.get('x-stored'))), (e) => done(String(e)));""")
            self.assertEqual(marks, ["earlier", "earlier"])
        finally:
            server.stop()

    def test_4_projector_on_another_computer_asks_for_the_key(self):
        code = self.create_meeting("Projektorn i salen")
        key = css(self.fac, "#fac-key").text
        d = self._browser(1280, 800)  # no stored key on this computer
        d.get(f"{self.base}/#projector={code}")
        wait_text(d, "Ange mötets kod och projektornyckeln", "#pj-ask")
        self.assertEqual(css(d, "#pj-ask form input:not([autocomplete])").get_attribute("value"), code)
        click(d, "#pj-ask form button[type=submit]")  # no key yet: the key field is marked and says why
        wait_for(d, lambda _: css(d, "#pj-ask form input[autocomplete=off]").get_attribute("aria-invalid") == "true", "key field marked")
        self.assertEqual(d.execute_script("return document.activeElement.getAttribute('autocomplete')"), "off")
        fill(d, "#pj-ask form input[autocomplete=off]", "0" * 32)
        click(d, "#pj-ask form button[type=submit]")
        wait_text(d, "Koden och nyckeln hör inte ihop", "#pj-ask")
        fill(d, "#pj-ask form input[autocomplete=off]", key)
        click(d, "#pj-ask form button[type=submit]")
        wait_text(d, code, "#pj-code")
        self.assertTrue(d.current_url.endswith(f"#projector={code}"))
        self.assertEqual(page_errors(d), [], "no script errors or CSP violations")
        # the facilitator's projector link carries the read-only projector key instead: the venue's
        # computer opens it without typing, and the key leaves the address on the big screen
        link = css(self.fac, "#projector-link").get_attribute("href")
        self.assertIn("&key=", link)
        self.assertNotIn(key, link)
        venue = self._browser(1280, 800)
        venue.get(link)
        wait_text(venue, code, "#pj-code")
        self.assertTrue(venue.current_url.endswith(f"#projector={code}"))
        self.assertIsNone(venue.execute_script(f"return localStorage.getItem('dk.f.{code}')"), "the facilitator key is not kept there")
        self.assertEqual(page_errors(venue), [], "no script errors or CSP violations")

    def test_5_a_join_sent_again_after_a_reload_keeps_one_seat(self):
        code = self.create_meeting("Omladdning mitt i anslutningen")
        d = self._browser()
        d.get(f"{self.base}/#join={code}")
        wait_text(d, "Gå med i dialogkaféet")
        pending = {"id": "join-reload-1", "fields": {"code": code, "name": "Eva Omladdad", "sector": "civil",
                                                     "organisation": "Studieförbundet", "show_name": True}}
        # a join that was sent when the page went away: it is sent again, with its id
        d.execute_script("localStorage.setItem('dk.joining', arguments[0])", json.dumps(pending))
        d.refresh()
        wait_text(d, "Du är med som Eva Omladdad")
        first = json.loads(d.execute_script(f"return localStorage.getItem('dk.p.{code}')"))
        self.assertIsNone(d.execute_script("return localStorage.getItem('dk.joining')"))
        # the ack never arrived: the seat was not stored, and the page reloads
        d.execute_script(f"localStorage.removeItem('dk.p.{code}'); localStorage.removeItem('dk.current');"
                         "localStorage.setItem('dk.joining', arguments[0])", json.dumps(pending))
        d.refresh()
        wait_text(d, "Du är med som Eva Omladdad")
        second = json.loads(d.execute_script(f"return localStorage.getItem('dk.p.{code}')"))
        self.assertEqual(second["participant"], first["participant"], "the server answered with the same seat")
        click(self.fac, "#f-people summary")
        wait_text(self.fac, "Eva Omladdad", "#people-list")
        self.assertEqual(css(self.fac, "#people-list").text.count("Eva Omladdad"), 1)
        self.assertEqual(page_errors(d), [], "no script errors or CSP violations")

    def test_6_a_reconnect_keeps_what_the_facilitator_was_typing(self):
        fac = self.fac
        code = self.create_meeting("Avbrott mitt i en fråga")
        p = self._browser()
        fill(fac, "#f-rounds textarea", "Hur kan vi ses oftare")
        fac.execute_script("document.querySelector('#f-rounds textarea').focus(); __dkTest.drop()")
        wait_for(fac, lambda d: "conn-online" not in css(d, "#conn").get_attribute("class"), "the socket dropped")
        join(p, self.base, code, "Frida", "public", "Region Jönköpings län")
        wait_for(fac, lambda d: "conn-online" in css(d, "#conn").get_attribute("class"), "connected again", timeout=20)
        wait_for(fac, lambda d: "Frida" in d.execute_script("return document.querySelector('#people-list').textContent"),
                 "the join replayed into the panel")
        self.assertEqual(css(fac, "#f-rounds textarea").get_attribute("value"), "Hur kan vi ses oftare")
        self.assertTrue(fac.execute_script("return document.activeElement === document.querySelector('#f-rounds textarea')"))

    def test_6b_what_happened_while_a_phone_was_away_is_still_said(self):
        """The catch-up after a reconnect is news to the person: a screen reader hears the question pushed meanwhile."""
        fac = self.fac
        code, p = self.meeting_with_one("Frågan medan telefonen sov", "Greta", "civil", "Hyresgästföreningen")
        p.execute_script("__dkTest.offline(true)")
        wait_for(p, lambda d: "conn-online" not in css(d, "#conn").get_attribute("class"), "the phone is away")
        fill(fac, "#push-text", "Vad tar vi med oss?")
        click(fac, "#push-form button[type=submit]")
        wait_text(fac, "Vad tar vi med oss?", "#f-questions")
        p.execute_script("__dkTest.offline(false)")
        wait_text(p, "Vad tar vi med oss?", "#p-questions")
        wait_for(p, lambda d: "Vad tar vi med oss?" in d.execute_script("return document.querySelector('#announce').textContent"),
                 "the question pushed meanwhile is announced")

    def test_7_a_browser_that_cannot_run_the_app_is_told_so(self):
        d = self._browser()
        d.get(f"{self.base}/#join=ABCDEF")
        wait_text(d, "Gå med i dialogkaféet")
        self.assertEqual(d.find_elements(By.CSS_SELECTOR, ".boot"), [], "the app replaces the loading text")
        d.execute_cdp_cmd("Network.enable", {})
        d.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
        d.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*/js/app.js*"]})  # as if the modules could not run
        d.execute_script("navigator.serviceWorker && navigator.serviceWorker.getRegistrations()"
                         ".then(rs => rs.forEach(r => r.unregister()))")
        d.get(f"{self.base}/?old")
        wait_text(d, "Laddar…", "main")
        hint = css(d, ".boot-late")
        self.assertFalse(hint.is_displayed(), "no hint while it may still be loading")
        wait_for(d, lambda _: hint.is_displayed(), "the hint after a few seconds", timeout=10)
        self.assertIn("webbläsaren vara för gammal", hint.text)
        self.assertIn("the browser may be too old", hint.text)

    def test_8_switching_language_keeps_what_was_typed(self):
        d = self._browser()
        d.get(f"{self.base}/#join=ABCDEF")
        wait_text(d, "Gå med i dialogkaféet")
        fill(d, "form.join input[name=name]", "Greta")
        fill(d, "form.join input[name=organisation]", "Naturskyddsföreningen")
        click(d, "#show-name")  # a pseudonym only
        click(d, "form.join input[name=sector][value=other]")
        Select(css(d, "form.join select[name=other_kind]")).select_by_value("expert")
        click(d, "#lang")
        wait_text(d, "Join the dialogue café")
        self.assertEqual(css(d, "form.join input[name=name]").get_attribute("value"), "Greta")
        self.assertEqual(css(d, "form.join input[name=organisation]").get_attribute("value"), "Naturskyddsföreningen")
        self.assertEqual(css(d, "form.join input[name=code]").get_attribute("value"), "ABCDEF")
        self.assertFalse(css(d, "#show-name").is_selected(), "still a pseudonym")
        self.assertTrue(css(d, "form.join input[name=sector][value=other]").is_selected())
        self.assertEqual(css(d, "form.join select[name=other_kind]").get_attribute("value"), "expert")
        self.assertTrue(css(d, "form.join select[name=other_kind]").is_displayed())
        click(d, "#lang")
        wait_text(d, "Gå med i dialogkaféet")
        self.assertEqual(css(d, "form.join input[name=name]").get_attribute("value"), "Greta")

    def test_9_a_new_input_leaves_the_focus_on_a_feedback_checkbox(self):
        fac = self.fac
        code, p = self.meeting_with_one("Återkoppling under tiden", "Hugo", "civil", "Hyresgästföreningen")
        one_table_and_a_running_round(fac, "Vad behövs?")
        wait_text(p, "Vad behövs?", "#p-round")
        add_input(p, "Fler mötesplatser")
        wait_for(fac, lambda d: d.find_elements(By.CSS_SELECTOR, "#fb-i1"), "a checkbox for the input")
        fac.execute_script("document.querySelector('#fb-i1').focus()")
        add_input(p, "Kvällstider")
        wait_for(fac, lambda d: d.find_elements(By.CSS_SELECTOR, "#fb-i2"), "a checkbox for the second input")
        self.assertEqual(fac.execute_script("return document.activeElement.id"), "fb-i1")

    def test_10_a_facilitator_hides_an_answer_and_it_leaves_the_results(self):
        fac = self.fac
        code, p = self.meeting_with_one("Moderering av svar", "Ivar", "civil", "Pensionärsföreningen")
        p2 = self._browser()
        join(p2, self.base, code, "Jenny", "public", "Region Värmland")
        fill(fac, "#push-text", "Ett ord om kvällen")
        Select(css(fac, "#push-kind")).select_by_value("word_cloud")
        click(fac, "#push-form button[type=submit]")
        answer_in_words(p, "Ett ord om kvällen", "Olämpligt-7302")
        wait_text(fac, "olämpligt-7302", "#f-questions")  # the cloud shows words in lower case
        click(fac, "#f-questions .answers-one-by-one summary")
        click(fac, "#f-questions .answers-one-by-one .hide-box summary")
        fill(fac, "#f-questions .answers-one-by-one .hide-box input[type=text]", "Otrevligt")
        # another answer arrives while the reason is being typed: the form stays open, the text stays
        answer_in_words(p2, "Ett ord om kvällen", "Samtal")
        wait_text(fac, "samtal", "#f-questions")
        self.assertEqual(css(fac, "#f-questions .answers-one-by-one .hide-box input[type=text]").get_attribute("value"), "Otrevligt")
        self.assertTrue(fac.execute_script("return document.activeElement === document.querySelector('#f-questions .answers-one-by-one .hide-box input[type=text]')"))
        click(fac, "#f-questions .answers-one-by-one .hide-box button[type=submit]")
        wait_for(fac, lambda d: "olämpligt-7302" not in d.execute_script("return document.querySelector('#f-questions').textContent").lower(),
                 "the answer left the facilitator's results")
        self.assertIn("1 svar", css(fac, "#f-questions").text)
        self.assertEqual(fac.execute_script("return document.activeElement.id"), "f-questions-h", "the focus stays in the panel")
        wait_text(fac, "Klart ✓", "#announce")
        summary = fac.execute_script("return document.querySelector('#f-questions .answers-one-by-one .hide-box summary').textContent")
        self.assertIn("Samtal", summary, "each Hide… names its answer for screen readers")
        self.assertEqual(page_errors(fac), [], "no script errors or CSP violations")

    def test_11_tables_out_of_use_get_nobody(self):
        """Four tables set out, three people came: two tables are taken out of use and the round seats all at the others."""
        fac = self.fac
        self.create_meeting("Färre än väntat")
        code = css(fac, "#join-code").text
        fill(fac, "#f-tables form input[type=number]", "4")
        # a double click sends the form once: four tables, not eight
        fac.execute_script("const f = document.querySelector('#f-tables form'); f.requestSubmit(); f.requestSubmit();")
        wait_text(fac, "Bord 4", "#f-tables")
        time.sleep(0.5)
        self.assertNotIn("Bord 5", css(fac, "#f-tables").text)
        for name in ("Bord 3", "Bord 4"):
            click(fac, f'#f-tables button[aria-label="Ta ur bruk: {name}"]')
            wait_for(fac, lambda d, name=name: d.find_elements(By.CSS_SELECTOR, f'#f-tables button[aria-label="Använd igen: {name}"]'), f"{name} out of use")
        self.assertEqual(len(fac.find_elements(By.CSS_SELECTOR, "#f-tables li.out-of-use")), 2)
        self.assertIn("används inte i nya placeringar", css(fac, "#f-tables").text)
        self.assertTrue(fac.execute_script("return document.activeElement.closest('[data-keep]')?.dataset.keep === 'table:t4'"),
                        "the focus stays on the table's button")
        for name, sector, org in (("Kim", "civil", "Hembygdsföreningen"), ("Lo", "public", "Region Dalarna")):
            p = self._browser()
            join(p, self.base, code, name, sector, org)
        wait_for(fac, lambda d: "Lo" in d.execute_script("return document.querySelector('#f-people').textContent"), "Lo joined")
        # a table with a host cannot go out of use: the reason shows at the table, and the host can be undone
        choose(fac, "#host-table", "Bord 1")
        choose(fac, "#host-person", "Kim")
        fac.find_element(By.XPATH, "//select[@id='host-person']/ancestor::form//button[@type='submit']").click()
        wait_text(fac, "bordsvärd: Kim", "#f-tables ul.tables")
        click(fac, '#f-tables button[aria-label="Ta ur bruk: Bord 1"]')
        wait_text(fac, "Bordet har en bordsvärd", "#f-tables li[data-keep='table:t1'] .form-status")
        # someone arriving redraws the tables: the focus stays on the button it was on, not on the
        # first button of that table ("Not host", which Enter would then press)
        fac.execute_script("""document.querySelector('#f-tables button[aria-label="Ta ur bruk: Bord 1"]').focus()""")
        join(self._browser(), self.base, code, "Mo", "civil", "Föreningen Mo")
        wait_for(fac, lambda d: "Mo" in d.execute_script("return document.querySelector('#f-people').textContent"), "Mo joined")
        self.assertEqual(fac.execute_script("return document.activeElement.getAttribute('aria-label')"), "Ta ur bruk: Bord 1")
        click(fac, '#f-tables button[aria-label="Inte bordsvärd: gör Kim till deltagare vid Bord 1"]')  # the visible label first, for speech input
        wait_for(fac, lambda d: "ingen bordsvärd" in css(d, "#f-tables li[data-keep='table:t1']").text, "Kim is no longer host")
        click(fac, "#f-rounds form button[type=submit]")
        wait_for(fac, lambda d: d.find_elements(By.CSS_SELECTOR, "[data-fk=seat-r1]"), "round planned")
        click(fac, "[data-fk=seat-r1]")
        wait_for(fac, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#f-seating .seat-table li")) == 3, "all three seated")
        tables = [el.text for el in fac.find_elements(By.CSS_SELECTOR, "#f-seating .seat-table h3")]
        self.assertEqual(tables, ["Bord 1", "Bord 2"], "only the tables in use are seated and shown")
        self.assertEqual(page_errors(fac), [], "no script errors or CSP violations")

    def test_12_after_the_close_the_page_offers_only_what_is_taken(self):
        """Before a round nobody can post an input; after the close, no answer, reply or input form is left, the exit poll is."""
        fac = self.fac
        code, p = self.meeting_with_one("Efter avslutet", "Moa", "civil", "Studieförbundet")
        self.assertFalse(css(p, "#p-add .hint").get_attribute("hidden"), "a hint says inputs come with a round")
        self.assertFalse(css(p, "form.add-input").is_displayed(), "no input form before a round runs")
        fill(fac, "#push-text", "Vad tar du med dig?")
        click(fac, "#push-form button[type=submit]")
        q = question_item(p, "Vad tar du med dig?")
        self.assertTrue(q.find_element(By.CSS_SELECTOR, "form").is_displayed())
        click(fac, "#confirm-close")
        click(fac, "#f-close button[type=submit]")
        wait_text(p, "Mötet är avslutat")
        wait_for(p, lambda d: not question_item(d, "Vad tar du med dig?").find_element(By.CSS_SELECTOR, "form").is_displayed(),
                 "the answer form is gone after the close")
        self.assertFalse(css(p, "#p-add").is_displayed())
        self.assertFalse(css(p, "#p-topic").is_displayed())
        self.assertTrue(css(p, "#p-exit").is_displayed(), "the exit poll is still taken")
        self.assertEqual(page_errors(p), [], "no script errors or CSP violations")
        # the facilitator's page keeps only what a closed meeting takes: feedback
        wait_text(fac, "Mötet är avslutat", "#f-close")
        for form in ("#push-form", "#f-rounds form", "#f-tables form", "#f-commit form", "#f-close form"):
            self.assertFalse(css(fac, form).is_displayed(), f"{form} is gone after the close")
        self.assertTrue(css(fac, "#feedback-form").is_displayed(), "feedback is still taken")
        # the exit poll thanks once the answer is stored, and shows it as given after a reload
        p.execute_script("document.querySelector('#p-exit input[value=dialogue]').click()")
        click(p, "#p-exit button[type=submit]")
        wait_text(p, "Tack för ditt svar!", "#p-exit")
        p.refresh()
        wait_text(p, "Ditt svar: Dialog", "#p-exit")
        self.assertTrue(css(p, "#p-exit input[value=dialogue]").is_selected())
        # to another meeting and back with the code: the same seat, though the meeting is closed
        click(p, "#p-other")
        wait_text(p, "Gå med i dialogkaféet")
        fill(p, "form.join input[name=code]", code)
        click(p, "form.join button[type=submit]")
        wait_text(p, "Ditt svar: Dialog", "#p-exit")
        self.assertEqual(page_errors(p), [], "no script errors or CSP violations")

    def test_13_a_draft_survives_a_reload(self):
        """An old phone drops the tab and reloads it: what was typed but not sent is still there, and gone once sent."""
        _, p = self.meeting_with_one("Utkast", "Ola", "public", "Region Gävleborg")
        fill(p, "#p-topic textarea", "Lokaler på landsbygden")
        p.refresh()
        wait_for(p, lambda d: d.find_elements(By.CSS_SELECTOR, "#p-topic textarea"), "the page is back")
        self.assertEqual(css(p, "#p-topic textarea").get_attribute("value"), "Lokaler på landsbygden")
        click(p, "#p-topic button[type=submit]")
        wait_for(p, lambda d: css(d, "#p-topic textarea").get_attribute("value") == "", "sent")
        p.refresh()
        wait_for(p, lambda d: d.find_elements(By.CSS_SELECTOR, "#p-topic textarea"), "the page is back")
        self.assertEqual(css(p, "#p-topic textarea").get_attribute("value"), "", "a sent draft is forgotten")

    def test_13b_a_join_without_a_sector_is_told_so_at_the_choices(self):
        code = self.create_meeting("Sektorn saknas")
        p = self._browser()
        p.get(f"{self.base}/#join={code}")
        wait_for(p, lambda _: css(p, "form.join input[name=code]").get_attribute("value") == code, "join form")
        fill(p, "form.join input[name=name]", "Greta")
        click(p, "form.join button[type=submit]")
        wait_text(p, "Välj", "form.join .form-status")
        group = css(p, "form.join fieldset")
        self.assertEqual(group.get_attribute("aria-invalid"), "true", "the choices as a whole are marked")
        self.assertIn(css(p, "form.join .form-status").get_attribute("id"), group.get_attribute("aria-describedby").split())
        self.assertEqual(p.execute_script("return document.activeElement.name"), "sector", "the first choice has the focus")
        click(p, "form.join input[name=sector][value=civil]")
        self.assertIsNone(group.get_attribute("aria-invalid"), "any choice clears the mark, not only the first")
        click(p, "form.join button[type=submit]")
        wait_text(p, "Du är med som")

    def test_14_an_english_meeting_speaks_english_until_the_person_chooses(self):
        """The interface follows the meeting's language; what people wrote is marked with it where the two differ."""
        code = self.create_meeting("Regional culture plan", language="en")
        p = self._browser()
        p.get(f"{self.base}/#join={code}")
        wait_for(p, lambda _: css(p, "form.join input[name=code]").get_attribute("value") == code, "join form")
        fill(p, "form.join input[name=name]", "Ann")
        click(p, "form.join input[name=sector][value=civil]")
        click(p, "form.join button[type=submit]")
        wait_text(p, "You take part as Ann")
        self.assertEqual(p.execute_script("return document.documentElement.lang"), "en")
        self.assertIsNone(p.execute_script("return localStorage.getItem('dk.lang')"), "followed, not chosen")
        # back after a reload: the whole page in English again, headings and forms too
        p.refresh()
        wait_text(p, "You take part as Ann")
        wait_text(p, "What you have sent")
        self.assertNotIn("Det du har skickat", body_text(p))
        # chosen with the button: Swedish stays, and the English title is marked as English
        click(p, "#lang")
        wait_text(p, "Du är med som Ann")
        wait_for(p, lambda d: d.execute_script("return document.querySelector('.meeting-head h1 span')?.lang") == "en", "title marked English")
        p.refresh()
        wait_text(p, "Du är med som Ann")
        self.assertEqual(page_errors(p), [], "no script errors or CSP violations")
        # the venue's computer shows the room an English meeting in English
        venue = self._browser(1280, 800)
        venue.get(css(self.fac, "#projector-link").get_attribute("href"))
        wait_text(venue, code, "#pj-code")
        wait_text(venue, "Who takes part")
        wait_text(venue, "Join at")
        self.assertNotIn("Vilka är med", body_text(venue))
        self.assertEqual(venue.execute_script("return document.documentElement.lang"), "en")
        self.assertEqual(page_errors(venue), [], "no script errors or CSP violations")


if __name__ == "__main__":
    unittest.main()
