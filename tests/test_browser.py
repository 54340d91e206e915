"""The app in a real browser: `streamlit run app.py` on a free localhost port, driven by Debian's chromium.

Screenshots go to test-artifacts/ (gitignored) for a person to look at: the welcome
page, an answer with its sources, and an opened source with the quote highlighted.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.settings import PROJECT_ROOT, Settings

CHROMIUM = Path("/usr/bin/chromium")
DRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
QUESTION = "Vem ansvarar för lokal support?"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not (CHROMIUM.exists() and DRIVER.exists()),
        reason="needs Debian's chromium and chromedriver: apt-get install chromium chromium-driver",
    ),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def app_url(real_index: Settings, tmp_path: Path) -> Iterator[str]:
    """The app served on localhost with the session's prebuilt index; the server is always stopped."""
    port = _free_port()
    env = {
        **os.environ,
        "ASSISTANT_INDEX_DIR": str(real_index.index_dir),
        "ASSISTANT_CORPUS_DIR": str(real_index.corpus_dir),
    }
    command = [sys.executable, "-m", "streamlit", "run", str(PROJECT_ROOT / "app.py")]
    command += ["--server.address", "127.0.0.1", "--server.port", str(port), "--server.headless", "true"]
    log_path = tmp_path / "streamlit.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 60
            while True:
                if server.poll() is not None:
                    pytest.fail(f"streamlit exited with {server.returncode}:\n{log_path.read_text()}")
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1):
                        break
                except OSError:
                    if time.monotonic() > deadline:
                        pytest.fail(f"streamlit did not start within 60 s:\n{log_path.read_text()}")
                    time.sleep(0.3)
            yield f"http://127.0.0.1:{port}/"
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


@pytest.fixture
def browser(tmp_path: Path):
    from selenium import webdriver  # a dev dependency: a missing install fails, never skips
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
        "--window-size=1400,1700",
        "--lang=sv-SE",
    ):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(str(DRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def test_question_in_a_real_browser_shows_answer_and_sources(app_url: str, browser) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    ARTIFACTS.mkdir(exist_ok=True)
    wait = WebDriverWait(browser, 90)
    browser.get(app_url)
    box = wait.until(ec.element_to_be_clickable((By.CSS_SELECTOR, "[data-testid='stChatInputTextArea']")))
    wait.until(ec.text_to_be_present_in_element((By.TAG_NAME, "body"), "Prova till exempel"))
    browser.save_screenshot(str(ARTIFACTS / "app-welcome.png"))

    box.send_keys(QUESTION)
    box.send_keys(Keys.ENTER)
    wait.until(ec.text_to_be_present_in_element((By.TAG_NAME, "body"), "Källor"))
    sources = wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-testid='stExpander'] summary"))
    assert "[1] " in sources[0].text  # the label follows a Material icon name
    messages = browser.find_elements(By.CSS_SELECTOR, "[data-testid='stChatMessage']")
    assert QUESTION in messages[0].text and "lokal support" in messages[1].text
    browser.execute_script("arguments[0].scrollIntoView()", messages[0])
    time.sleep(0.5)  # let the scroll settle before the picture
    browser.save_screenshot(str(ARTIFACTS / "app-answer.png"))

    sources[0].click()
    picture = wait.until(
        lambda d: d.find_element(By.CSS_SELECTOR, "[data-testid='stExpander'] img[src*='media']")
    )
    wait.until(
        lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth", picture)
    )
    browser.execute_script("arguments[0].scrollIntoView()", sources[0])
    time.sleep(0.5)
    browser.save_screenshot(str(ARTIFACTS / "app-source.png"))
    assert "citatet är markerat" in browser.find_element(By.CSS_SELECTOR, "[data-testid='stExpander']").text
    assert (ARTIFACTS / "app-source.png").stat().st_size > 10_000
