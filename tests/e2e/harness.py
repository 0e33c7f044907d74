"""Starts the real server and headless Chromium drivers for the end-to-end tests."""
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

REPO = Path(__file__).resolve().parents[2]
SHOTS = REPO / "artifacts" / "screenshots"
WAIT = float(os.environ.get("E2E_WAIT", "15"))


class Server:
    """`dialogcafe serve --port 0` on a temporary database; `url` is its base address."""

    def __init__(self, *extra_args):
        binary = os.environ.get("DIALOGCAFE_BIN") or str(REPO / ".build" / "debug" / "dialogcafe")
        if not Path(binary).exists():
            raise RuntimeError(f"server binary not found: {binary} (set DIALOGCAFE_BIN)")
        self.dir = tempfile.mkdtemp(prefix="dialogcafe-e2e-")
        self.proc = subprocess.Popen(
            [binary, "serve", "--host", "127.0.0.1", "--port", "0", "--db", f"{self.dir}/t.sqlite", "--web", str(REPO / "web"), *extra_args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.log = []
        deadline = time.time() + 30
        line = ""
        while time.time() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                break
            m = re.search(r"listening on (http://\S+)", line)
            if m:
                self.url = m.group(1).rstrip("/")
                break
        else:
            self.stop()
            raise RuntimeError("server did not start")
        if not getattr(self, "url", None):
            err = self.proc.stderr.read() if self.proc.poll() is not None else ""
            self.stop()
            raise RuntimeError(f"server did not print its address: {line!r} {err}")
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self):
        for line in self.proc.stderr:
            self.log.append(line)

    def get(self, path):
        with urllib.request.urlopen(self.url + path, timeout=10) as r:
            return r.status, r.headers, r.read()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        for stream in (self.proc.stdout, self.proc.stderr):
            try:
                stream.close()
            except Exception:  # noqa: BLE001 - the drain thread may be reading
                pass
        shutil.rmtree(self.dir, ignore_errors=True)


def browser(width=412, height=915):
    """One headless Chromium with its own profile (its own localStorage), like one person's device."""
    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                f"--window-size={width},{height}", "--lang=sv-SE", "--disable-extensions",
                "--no-first-run", "--disable-background-networking", "--disable-renderer-backgrounding",
                "--disable-background-timer-throttling", "--disable-backgrounding-occluded-windows"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    driver.set_page_load_timeout(30)
    return driver


def wait_for(driver, predicate, message="", timeout=WAIT):
    def check(d):
        try:
            return predicate(d)
        except StaleElementReferenceException:
            return False
    try:
        return WebDriverWait(driver, timeout, poll_frequency=0.1).until(check)
    except TimeoutException:
        raise AssertionError(f"timed out: {message}\n--- page text ---\n{body_text(driver)[:3000]}") from None


def body_text(driver):
    try:
        return driver.find_element(By.TAG_NAME, "body").text
    except Exception:  # noqa: BLE001 - only for failure messages
        return "(no body)"


def wait_text(driver, text, css="body", timeout=WAIT):
    """Waits until `text` is visible inside the first element matching `css`."""
    return wait_for(driver, lambda d: text in d.find_element(By.CSS_SELECTOR, css).text, f"{text!r} in {css}", timeout)


def screenshot(driver, name, full=True):
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    if full:
        size = driver.get_window_size()
        height = driver.execute_script("return Math.max(document.documentElement.scrollHeight, document.body.scrollHeight)")
        driver.set_window_size(size["width"], min(max(height + 20, size["height"]), 8000))
        time.sleep(0.2)
        driver.save_screenshot(str(path))
        driver.set_window_size(size["width"], size["height"])
    else:
        driver.save_screenshot(str(path))
    return path
