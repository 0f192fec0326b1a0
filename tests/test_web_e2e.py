"""End to end in a real headless Chromium (Debian `chromium` + `chromium-driver`, driven by selenium).

uvicorn serves the demo build on a free loopback port in a thread; the browser opens the home page,
searches "107/2020", opens the decree, runs its impact, opens the graph explorer and runs a named
query. Screenshots go to the test's temp folder. Nothing is downloaded: the system browser and driver
are used, and Selenium Manager is kept offline.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_web import demo_build_dir, stop_falkordb

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
PACKAGES = "Debian packages `chromium` and `chromium-driver` (apt-get install chromium chromium-driver)"
WAIT_S = 30


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    from plankg.web.app import create_app

    build = demo_build_dir(tmp_path_factory)
    port = _free_port()
    config = uvicorn.Config(
        create_app(build), host="127.0.0.1", port=port, log_level="warning", lifespan="on"
    )
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, name="plankg-web-e2e", daemon=True)
    thread.start()
    deadline = time.monotonic() + WAIT_S
    while not instance.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=10)
    stop_falkordb(build)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    if not CHROMIUM.exists() or not CHROMEDRIVER.exists():
        missing = ", ".join(str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists())
        pytest.fail(f"{missing} not found: the end-to-end tests need the {PACKAGES}")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.fail("selenium is missing: pip install -e '.[test]' (the test extra installs it)")
    profile = tmp_path_factory.mktemp("chromium-profile")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1366,900",
        "--lang=vi",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SE_OFFLINE", "true")  # Selenium Manager must never fetch a browser or a driver
        driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
        try:
            driver.set_page_load_timeout(60)
            yield driver
        finally:
            driver.quit()
            shutil.rmtree(profile, ignore_errors=True)


def _severe(driver: object) -> list[str]:
    """Console errors of the page (a CSP violation or a script error shows up here)."""
    entries = driver.get_log("browser")  # type: ignore[attr-defined]
    return [e["message"] for e in entries if e.get("level") == "SEVERE" and "favicon" not in e["message"]]


def test_legal_staff_journey(server: str, browser: object, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import Select, WebDriverWait

    driver = browser
    wait = WebDriverWait(driver, WAIT_S)
    shots: list[Path] = []

    def shot(name: str) -> None:
        path = tmp_path / f"{len(shots) + 1:02d}-{name}.png"
        assert driver.save_screenshot(str(path)), path
        shots.append(path)

    # 1. home page
    driver.get(server + "/")
    box = wait.until(ec.presence_of_element_located((By.ID, "home-search")))
    assert "Tìm văn bản" in driver.page_source
    shot("home")

    # 2. search "107/2020"
    box.send_keys("107/2020")
    driver.find_element(By.ID, "home-search-button").click()
    first = wait.until(ec.element_to_be_clickable((By.CSS_SELECTOR, "#results-LegalDocument li a")))
    assert first.text == "Nghị định 107/2020/NĐ-CP"
    shot("search")

    # 3. the decree's page
    first.click()
    title = wait.until(ec.presence_of_element_located((By.ID, "doc-title")))
    assert "107/2020/NĐ-CP" in title.text
    assert driver.find_elements(By.CSS_SELECTOR, "#direct-tasks tbody tr")
    shot("decree")

    # 4. its impact: repealed on 2021-06-01
    Select(driver.find_element(By.ID, "impact-event")).select_by_value("repealed")
    date_input = driver.find_element(By.CSS_SELECTOR, "#impact-form input[name=date]")
    driver.execute_script("arguments[0].value = '2021-06-01'", date_input)
    driver.find_element(By.ID, "impact-button").click()
    count = wait.until(ec.presence_of_element_located((By.ID, "affected-count")))
    assert int(count.text) > 0
    assert driver.find_elements(By.CSS_SELECTOR, "#by-agency details")
    assert "2021-06-01" in driver.find_element(By.ID, "impact-summary").text
    shot("impact")

    # 5. the graph explorer, centred on the decree
    driver.get(server + "/graph?focus=107%2F2020%2FN%C4%90-CP&depth=2")
    frame = wait.until(ec.presence_of_element_located((By.ID, "graph-frame")))
    driver.switch_to.frame(frame)
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "#network canvas")))
    wait.until(lambda d: not d.find_element(By.ID, "progress").is_displayed())
    shown = int(driver.find_element(By.ID, "shown-nodes").text)
    assert shown > 5
    driver.switch_to.default_content()
    time.sleep(0.5)
    shot("graph")
    assert not _severe(driver), _severe(driver)

    # 6. a named query with its form
    driver.get(server + "/queries")
    form = wait.until(ec.presence_of_element_located((By.ID, "query-tasks-depending-on")))
    form.find_element(By.NAME, "document").send_keys("107/2020/NĐ-CP")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    rows = wait.until(ec.presence_of_element_located((By.ID, "row-count")))
    assert int(rows.text) > 0
    assert driver.find_elements(By.CSS_SELECTOR, ".results-table tbody tr")
    shot("named-query")

    # 7. the agency page's chart, the plan page's highlights, and a phone-sized screen
    driver.get(server + "/agency/thanh-hoa/so-noi-vu")
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "#quarter-chart svg rect")))
    shot("agency")
    driver.get(server + "/plan/thanh-hoa-5476-qd-ubnd-2020")
    marks = driver.find_elements(By.CSS_SELECTOR, "#doc-text mark.cite a")
    assert marks
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", marks[0])
    shot("plan-citations")
    driver.set_window_size(390, 844)
    driver.get(server + "/legal/107/2020/N%C4%90-CP")
    wait.until(ec.presence_of_element_located((By.ID, "doc-title")))
    width = driver.execute_script("return document.documentElement.scrollWidth")
    assert width <= 400, f"the phone layout scrolls sideways ({width}px)"
    shot("phone")
    driver.set_window_size(1366, 900)
    assert not _severe(driver), _severe(driver)

    for path in shots:
        assert path.stat().st_size > 5_000, f"{path} looks blank"
