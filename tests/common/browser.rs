//! A headless Chromium driven over WebDriver (Debian's `chromium` and `chromium-driver`).

use fantoccini::{Client, ClientBuilder};
use std::io::BufRead;
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running chromedriver and a browser session; both end when this is dropped.
pub struct Browser {
    pub client: Client,
    driver: Child,
}

impl Browser {
    /// Starts chromedriver on a free loopback port and opens a headless Chromium session.
    /// Panics with what to install when the browser is missing: the test must not pass silently.
    pub async fn start() -> Browser {
        Browser::start_with(true).await
    }

    /// A browser with JavaScript on or off (a visitor whose browser runs no scripts).
    pub async fn start_with(javascript: bool) -> Browser {
        Browser::launch(javascript, (1280, 900)).await
    }

    /// A browser the size of a common laptop's screen (1366 × 900).
    pub async fn laptop() -> Browser {
        Browser::launch(true, (1366, 900)).await
    }

    /// A browser the size of a phone's screen (390 × 844 CSS pixels, an iPhone 14's).
    pub async fn phone() -> Browser {
        Browser::launch(true, (390, 844)).await
    }

    async fn launch(javascript: bool, (width, height): (u32, u32)) -> Browser {
        // Chromium's windows are at least 500 pixels wide: a phone's width is emulated.
        let mobile = (width < 500).then(|| {
            serde_json::json!({ "deviceMetrics": { "width": width, "height": height, "pixelRatio": 3.0, "touch": true } })
        });
        let chromedriver =
            std::env::var("LPDIR_CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        let chromium =
            std::env::var("LPDIR_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        // Its own process group: the browsers it starts are in it too, and go with it.
        let mut driver = Command::new(&chromedriver)
            .process_group(0)
            .arg(format!("--port={port}"))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot start `{chromedriver}` ({e}): install Debian's chromium and chromium-driver (see .ci/run)")
            });
        let ready = started_line(driver.stdout.take().expect("piped"));
        let prefs = if javascript {
            serde_json::json!({})
        } else {
            serde_json::json!({ "profile.managed_default_content_settings.javascript": 2 })
        };
        let mut caps: serde_json::Map<String, serde_json::Value> = serde_json::from_value(serde_json::json!({
            "goog:chromeOptions": {
                "binary": chromium,
                "prefs": prefs,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    // As lpdir's renderer does (validate/net/render/browser.rs): no renderers
                    // for the address bar's popups or for a spare, which show nothing.
                    "--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup,SpareRendererForSitePerProcess",
                    format!("--window-size={width},{height}")
                ]
            }
        }))
        .unwrap();
        if let Some(mobile) = &mobile {
            caps["goog:chromeOptions"]["mobileEmulation"] = mobile.clone();
        }
        // chromedriver says when it listens; then one attempt to open the session.
        match tokio::time::timeout(Duration::from_secs(30), ready).await {
            Ok(Ok(())) => {}
            Ok(Err(_)) => panic!("`{chromedriver}` ended before it listened"),
            Err(_) => panic!("`{chromedriver}` did not say it listened within 30 s"),
        }
        let url = format!("http://127.0.0.1:{port}");
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(caps.clone())
            .connect(&url)
            .await
            .unwrap_or_else(|e| panic!("no WebDriver session: {e}"));
        let b = Browser { client, driver };
        if mobile.is_none() {
            // The window's size includes the browser's own bars: grow it until the page
            // itself, what a visitor sees, is `width` × `height`.
            let inner = b
                .eval("return [window.innerWidth, window.innerHeight]")
                .await;
            let (w, h) = (inner[0].as_u64().unwrap(), inner[1].as_u64().unwrap());
            let (w, h) = (2 * u64::from(width) - w, 2 * u64::from(height) - h);
            b.client.set_window_size(w as u32, h as u32).await.unwrap();
        }
        b
    }

    /// The partner names of the rows a visitor can see.
    pub async fn visible_rows(&self) -> Vec<String> {
        let js = "return Array.from(document.querySelectorAll('#partners tbody tr'))
                    .filter(r => r.offsetParent !== null)
                    .map(r => r.cells[0].querySelector('a').textContent);";
        let value = self.client.execute(js, vec![]).await.unwrap();
        serde_json::from_value(value).unwrap()
    }

    /// How many partner rows end within the first screen.
    pub async fn rows_on_first_screen(&self) -> u64 {
        self.eval(
            "return [...document.querySelectorAll('#partners tbody tr')].filter(r => { \
               const b = r.getBoundingClientRect(); \
               return b.height > 0 && b.bottom <= window.innerHeight; }).length",
        )
        .await
        .as_u64()
        .unwrap()
    }

    pub async fn eval(&self, js: &str) -> serde_json::Value {
        self.client.execute(js, vec![]).await.unwrap()
    }

    /// The serious and critical accessibility violations axe-core finds on the page now,
    /// as "rule: selector" lines (the vendored axe-core, tests/vendor/axe-core).
    pub async fn axe(&self) -> Vec<String> {
        const AXE: &str = include_str!("../vendor/axe-core/axe.min.js");
        self.client.execute(AXE, vec![]).await.unwrap();
        let js = "const done = arguments[arguments.length - 1];
            axe.run(document, { resultTypes: ['violations'] })
              .then(r => done(r.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .flatMap(v => v.nodes.map(n => v.id + ': ' + n.target.join(' ') + ' — ' + v.help))))
              .catch(e => done(['axe failed: ' + e]));";
        let value = self.client.execute_async(js, vec![]).await.unwrap();
        serde_json::from_value(value).unwrap()
    }
}

impl Drop for Browser {
    /// Ends chromedriver and every browser it started: killing chromedriver alone would leave
    /// Chromium running, and a few hundred leftover browsers exhaust the inotify instances
    /// the preview's watcher needs.
    fn drop(&mut self) {
        let group = format!("-{}", self.driver.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Resolves once chromedriver's output says it is listening ("ChromeDriver was started
/// successfully"), or fails when its output ends first. The rest of its output is read (and
/// dropped) until it exits, so that a full pipe never blocks it.
fn started_line(stdout: std::process::ChildStdout) -> tokio::sync::oneshot::Receiver<()> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    std::thread::spawn(move || {
        let mut tx = Some(tx);
        for line in std::io::BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if line.contains("started successfully")
                && let Some(tx) = tx.take()
            {
                let _ = tx.send(());
            }
        }
    });
    rx
}
