//! A headless Chromium (Debian's `chromium`) driven over the DevTools protocol with lpdir's
//! own connection (`lpdir::validate::Cdp`), as Puppeteer drives it.
//!
//! One browser serves every test of a test binary: it starts with the first test that asks
//! and ends when the binary does (its DevTools pipe closes, and Chromium quits by itself).
//! Each test gets a browser context of its own — cookies, storage and cache apart, as a
//! private window has — and one tab in it, so tests run side by side without seeing each
//! other. A browser (and a chromedriver) started for each test cost about 1.2 s of CPU
//! each (docs/performance.md).

use lpdir::validate::{Cdp, CdpEvent};
use serde_json::{Value, json};
use std::process::{Child, Command};
use std::sync::OnceLock;
use std::time::Duration;
use tokio::sync::mpsc::Receiver;

/// How long a page may take to load, and an awaited element to appear.
const WAIT: Duration = Duration::from_secs(30);

/// The binary's one browser: its connection, and the process (kept so that it is not reaped
/// early; the pipe's end stops it).
struct Shared {
    cdp: Cdp,
    _child: Child,
}

static SHARED: OnceLock<Shared> = OnceLock::new();

fn shared() -> &'static Cdp {
    &SHARED.get_or_init(launch).cdp
}

fn launch() -> Shared {
    let chromium = std::env::var("LPDIR_CHROMIUM").unwrap_or_else(|_| "chromium".into());
    let mut command = Command::new(&chromium);
    command.args([
        "--headless",
        "--remote-debugging-pipe",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        // Tests share the browser: none may be slowed as a background tab would be.
        "--disable-background-timer-throttling",
        "--disable-backgrounding-occluded-windows",
        "--disable-renderer-backgrounding",
        // As lpdir's renderer does (validate/net/render/browser.rs): no renderers for the
        // address bar's popups or for a spare, which show nothing.
        "--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup,SpareRendererForSitePerProcess",
        "about:blank",
    ]);
    let (child, cdp) = Cdp::spawn(command).unwrap_or_else(|e| {
        panic!("cannot start `{chromium}` ({e}): install Debian's chromium (see .ci/run)")
    });
    Shared { cdp, _child: child }
}

/// One test's tab, in a browser context of its own; both close when this is dropped.
pub struct Browser {
    context: String,
    session: String,
    events: tokio::sync::Mutex<Receiver<CdpEvent>>,
}

/// The keys tests press by name, as the DevTools protocol spells them.
#[derive(Clone, Copy)]
pub enum Key {
    Tab,
    ArrowDown,
}

impl Browser {
    /// A tab 1280 × 900 CSS pixels, scripts on. Panics with what to install when the
    /// browser is missing: the test must not pass silently.
    pub async fn start() -> Browser {
        Browser::start_with(true).await
    }

    /// A tab with JavaScript on or off (a visitor whose browser runs no scripts).
    pub async fn start_with(javascript: bool) -> Browser {
        Browser::open(javascript, (1280, 900), false).await
    }

    /// A tab the size of a common laptop's screen (1366 × 900).
    pub async fn laptop() -> Browser {
        Browser::open(true, (1366, 900), false).await
    }

    /// A tab the size of a phone's screen (390 × 844 CSS pixels, an iPhone 14's, at three
    /// device pixels per CSS pixel, with touch).
    pub async fn phone() -> Browser {
        Browser::open(true, (390, 844), true).await
    }

    async fn open(javascript: bool, (width, height): (u32, u32), phone: bool) -> Browser {
        let cdp = shared();
        let context = call(cdp, None, "Target.createBrowserContext", json!({})).await;
        let context = context["browserContextId"].as_str().unwrap().to_owned();
        let target =
            json!({ "url": "about:blank", "browserContextId": context, "newWindow": true });
        let target = call(cdp, None, "Target.createTarget", target).await;
        let attach = json!({ "targetId": target["targetId"], "flatten": true });
        let session = call(cdp, None, "Target.attachToTarget", attach).await;
        let session = session["sessionId"].as_str().unwrap().to_owned();
        let events = cdp.subscribe(&session);
        let b = Browser {
            context,
            session,
            events: tokio::sync::Mutex::new(events),
        };
        b.call("Page.enable", json!({})).await;
        // Every tab acts as the focused one, as a visitor's only window is.
        b.call(
            "Emulation.setFocusEmulationEnabled",
            json!({ "enabled": true }),
        )
        .await;
        b.emulate(width, height, phone).await;
        if !javascript {
            b.call(
                "Emulation.setScriptExecutionDisabled",
                json!({ "value": true }),
            )
            .await;
        }
        b
    }

    /// Makes the page itself, what a visitor sees, `width` × `height` CSS pixels, as a
    /// desktop browser's window of that size shows it.
    pub async fn resize(&self, width: u32, height: u32) {
        self.emulate(width, height, false).await;
    }

    /// The page's size; a phone's also has a phone's pixel density and touch.
    async fn emulate(&self, width: u32, height: u32, mobile: bool) {
        let metrics = json!({
            "width": width,
            "height": height,
            "deviceScaleFactor": if mobile { 3 } else { 1 },
            "mobile": mobile,
        });
        self.call("Emulation.setDeviceMetricsOverride", metrics)
            .await;
        self.call(
            "Emulation.setTouchEmulationEnabled",
            json!({ "enabled": mobile, "maxTouchPoints": 5 }),
        )
        .await;
    }

    async fn call(&self, method: &str, params: Value) -> Value {
        call(shared(), Some(&self.session), method, params).await
    }

    /// Opens `url` and waits for its load event, as WebDriver's navigation does.
    pub async fn goto(&self, url: &str) {
        let mut events = self.events.lock().await;
        while events.try_recv().is_ok() {}
        let navigated = self.call("Page.navigate", json!({ "url": url })).await;
        if let Some(error) = navigated.get("errorText").and_then(Value::as_str) {
            panic!("{url} did not load: {error}");
        }
        let loaded = async {
            while let Some(event) = events.recv().await {
                if event.method == "Page.loadEventFired" {
                    return;
                }
            }
            panic!("the browser closed while {url} loaded");
        };
        tokio::time::timeout(WAIT, loaded)
            .await
            .unwrap_or_else(|_| panic!("{url} did not load within {WAIT:?}"));
    }

    /// Runs `js` as the body of a function (it ends with `return …`), as WebDriver's
    /// execute-script does, and gives back what it returns.
    pub async fn eval(&self, js: &str) -> Value {
        self.evaluate(&format!("(function() {{ {js}\n}}).apply(null, [])"))
            .await
            .unwrap_or_else(|e| panic!("{e}\n--- script ---\n{js}"))
    }

    /// Runs `js` as the body of a function whose last argument is a callback, and gives back
    /// what the callback is called with, as WebDriver's execute-async-script does.
    pub async fn eval_async(&self, js: &str) -> Value {
        self.evaluate(&format!(
            "new Promise(done => {{ (function() {{ {js}\n}}).apply(null, [done]); }})"
        ))
        .await
        .unwrap_or_else(|e| panic!("{e}\n--- script ---\n{js}"))
    }

    /// An expression's value, or the exception it threw (or the navigation that ended it).
    async fn evaluate(&self, expression: &str) -> Result<Value, String> {
        let params =
            json!({ "expression": expression, "awaitPromise": true, "returnByValue": true });
        let answer = shared()
            .call(Some(&self.session), "Runtime.evaluate", params)
            .await
            .map_err(|e| e.to_string())?;
        if let Some(exception) = answer.get("exceptionDetails") {
            return Err(format!("the script threw: {exception}"));
        }
        Ok(answer["result"]
            .get("value")
            .cloned()
            .unwrap_or(Value::Null))
    }

    /// Waits until an element matching `css` is in the page — across a navigation, such as a
    /// submitted form's — and gives its text as a visitor reads it.
    pub async fn text_when_shown(&self, css: &str) -> String {
        let css_js = serde_json::to_string(css).unwrap();
        // A MutationObserver answers when the element comes.
        let expression = format!(
            "new Promise(done => {{
               const find = () => document.querySelector({css_js});
               if (find()) return done(find().innerText.trim());
               const o = new MutationObserver(() => {{
                 if (find()) {{ o.disconnect(); done(find().innerText.trim()); }}
               }});
               o.observe(document, {{ childList: true, subtree: true, characterData: true }});
             }})"
        );
        let shown = async {
            let mut events = self.events.lock().await;
            loop {
                // A navigation may end the page without ending the wait: its events start
                // the wait again in the new page.
                let navigated = async {
                    while let Some(event) = events.recv().await {
                        if event.method == "Page.frameNavigated"
                            || event.method == "Page.loadEventFired"
                        {
                            return;
                        }
                    }
                    panic!("the browser closed while waiting for {css}");
                };
                tokio::pin!(navigated);
                tokio::select! {
                    shown = self.evaluate(&expression) => match shown {
                        Ok(Value::String(text)) => return text,
                        Err(e) if e.starts_with("the script threw") => panic!("{e}"),
                        // The page went while the browser evaluated: wait for the next one.
                        _ => navigated.await,
                    },
                    () = &mut navigated => {}
                }
            }
        };
        tokio::time::timeout(WAIT, shown)
            .await
            .unwrap_or_else(|_| panic!("no element {css} within {WAIT:?}"))
    }

    /// The text of the element matching `css`, as a visitor reads it.
    pub async fn text(&self, css: &str) -> String {
        let value = self
            .eval(&format!("return {}.innerText.trim()", element(css)))
            .await;
        value.as_str().unwrap().to_owned()
    }

    /// Clicks the middle of the element matching `css` with the mouse, after scrolling it
    /// into view, as WebDriver's element click does.
    pub async fn click(&self, css: &str) {
        self.click_on(&element(css)).await;
    }

    /// Clicks the first element matching `css` whose text contains `text`.
    pub async fn click_with_text(&self, css: &str, text: &str) {
        let (all, has) = (json!(css), json!(text));
        let find = format!(
            "[...document.querySelectorAll({all})].find(e => e.textContent.includes({has}))"
        );
        self.click_on(&found(&find, &format!("{css} with {text}")))
            .await;
    }

    async fn click_on(&self, element: &str) {
        let at = self
            .eval(&format!(
                "const e = {element}; e.scrollIntoView({{ block: 'center', inline: 'center' }}); \
                 const r = e.getBoundingClientRect(); \
                 return [r.left + r.width / 2, r.top + r.height / 2]"
            ))
            .await;
        for kind in ["mousePressed", "mouseReleased"] {
            let event =
                json!({ "type": kind, "x": at[0], "y": at[1], "button": "left", "clickCount": 1 });
            self.call("Input.dispatchMouseEvent", event).await;
        }
    }

    /// Gives the element matching `css` the focus, with the caret at the end of its text, as
    /// WebDriver's element send-keys does before it types.
    pub async fn focus(&self, css: &str) {
        self.eval(&format!(
            "const e = {}; e.focus(); \
             if (typeof e.value === 'string' && e.setSelectionRange) \
               try {{ e.setSelectionRange(e.value.length, e.value.length); }} catch (_) {{}} \
             return 1",
            element(css)
        ))
        .await;
    }

    /// Types `text` into the element matching `css`, a key at a time, after focusing it.
    pub async fn type_into(&self, css: &str, text: &str) {
        self.focus(css).await;
        for c in text.chars() {
            let c = c.to_string();
            let down = json!({ "type": "keyDown", "key": c, "text": c, "unmodifiedText": c });
            self.call("Input.dispatchKeyEvent", down).await;
            self.call(
                "Input.dispatchKeyEvent",
                json!({ "type": "keyUp", "key": c }),
            )
            .await;
        }
    }

    /// Presses a key on whatever has the focus.
    pub async fn press(&self, key: Key) {
        let (name, code) = match key {
            Key::Tab => ("Tab", 9),
            Key::ArrowDown => ("ArrowDown", 40),
        };
        for kind in ["rawKeyDown", "keyUp"] {
            let event =
                json!({ "type": kind, "key": name, "code": name, "windowsVirtualKeyCode": code });
            self.call("Input.dispatchKeyEvent", event).await;
        }
    }

    /// Picks the option with `value` in the select matching `css`, with the events a
    /// visitor's choice fires.
    pub async fn select(&self, css: &str, value: &str) {
        let value = serde_json::to_string(value).unwrap();
        self.eval(&format!(
            "const s = {}; s.value = {value}; \
             s.dispatchEvent(new Event('input', {{ bubbles: true }})); \
             s.dispatchEvent(new Event('change', {{ bubbles: true }})); return 1",
            element(css)
        ))
        .await;
    }

    /// Empties the field matching `css`, with the events that follow.
    pub async fn clear(&self, css: &str) {
        self.select(css, "").await;
    }

    /// The page's address now.
    pub async fn url(&self) -> url::Url {
        url::Url::parse(self.eval("return location.href").await.as_str().unwrap()).unwrap()
    }

    /// The partner names of the rows a visitor can see.
    pub async fn visible_rows(&self) -> Vec<String> {
        let js = "return Array.from(document.querySelectorAll('#partners tbody tr'))
                    .filter(r => r.offsetParent !== null)
                    .map(r => r.cells[0].querySelector('a').textContent);";
        serde_json::from_value(self.eval(js).await).unwrap()
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

    /// The serious and critical accessibility violations axe-core finds on the page now,
    /// as "rule: selector" lines (the vendored axe-core, tests/vendor/axe-core).
    pub async fn axe(&self) -> Vec<String> {
        const AXE: &str = include_str!("../vendor/axe-core/axe.min.js");
        self.evaluate(AXE).await.unwrap();
        let js = "const done = arguments[arguments.length - 1];
            axe.run(document, { resultTypes: ['violations'] })
              .then(r => done(r.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .flatMap(v => v.nodes.map(n => v.id + ': ' + n.target.join(' ') + ' — ' + v.help))))
              .catch(e => done(['axe failed: ' + e]));";
        serde_json::from_value(self.eval_async(js).await).unwrap()
    }
}

impl Drop for Browser {
    /// Closes the test's context and its tab; the shared browser goes on.
    fn drop(&mut self) {
        let cdp = shared();
        cdp.unsubscribe(&self.session);
        let context = json!({ "browserContextId": self.context });
        cdp.send_and_forget("Target.disposeBrowserContext", context);
    }
}

/// A script expression for the one element matching `css`, which throws a clear error when
/// there is none (the test then fails saying so).
fn element(css: &str) -> String {
    found(&format!("document.querySelector({})", json!(css)), css)
}

/// The element `find` gives, or an error that names `what` was looked for.
fn found(find: &str, what: &str) -> String {
    let what = json!(format!("no element {what}"));
    format!("({find} || (() => {{ throw new Error({what}); }})())")
}

/// A browser-level command's answer; a refusal fails the test with the browser's words.
async fn call(cdp: &Cdp, session: Option<&str>, method: &str, params: Value) -> Value {
    // A browser that never answers fails the test instead of hanging it.
    tokio::time::timeout(WAIT, cdp.call(session, method, params))
        .await
        .unwrap_or_else(|_| panic!("the browser did not answer {method} within {WAIT:?}"))
        .unwrap_or_else(|e| panic!("{method}: {e}"))
}
