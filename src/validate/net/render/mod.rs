//! Rendering pages as a visitor's browser shows them, with every request behind the guard.
//!
//! One Chromium-family browser per run (`browser.rs`), driven over a DevTools pipe
//! (`cdp.rs`); one tab per page (`page.rs`), whose requests lpdir answers itself through the
//! guarded `Fetcher`; and a sink proxy (`sink.rs`) that refuses whatever the browser would
//! otherwise fetch on its own. A browser that crashes is started again for the next page;
//! the page it failed on is not judged (it fails closed).

mod browser;
mod cdp;
mod page;
mod sink;

pub use browser::CANDIDATES;
pub use cdp::{Cdp, CdpError, Event as CdpEvent};
pub use page::{MAX_DOM_CHARS, RenderError, Snapshot, Tab};

use super::fetch::{Fetched, Fetcher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::sync::{Mutex, OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

/// How often one run starts a browser again after it stopped.
const MAX_LAUNCHES: usize = 4;
/// How long a starting browser may take to answer.
const LAUNCH_TIME: Duration = Duration::from_secs(30);

/// `--render`: whether pages are judged as a browser renders them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RenderMode {
    /// Render when a browser is found; otherwise judge the server's HTML and say so.
    #[default]
    Auto,
    /// Render, or refuse to start without a browser.
    Always,
    /// Judge the server's HTML.
    Never,
}

impl RenderMode {
    pub fn as_str(self) -> &'static str {
        match self {
            RenderMode::Auto => "auto",
            RenderMode::Always => "always",
            RenderMode::Never => "never",
        }
    }
}

impl std::str::FromStr for RenderMode {
    type Err = String;

    fn from_str(s: &str) -> Result<RenderMode, String> {
        match s {
            "auto" => Ok(RenderMode::Auto),
            "always" => Ok(RenderMode::Always),
            "never" => Ok(RenderMode::Never),
            other => Err(format!("`{other}` is not auto, always or never")),
        }
    }
}

/// Why rendering cannot be set up as asked: a usage error.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SetupError {
    #[error("{source_name} names `{path}`, which is not an executable file")]
    NotExecutable { source_name: String, path: String },
    #[error(
        "--render always needs a browser, and none was found (--browser, LPDIR_BROWSER, or {} on PATH)",
        CANDIDATES.join(", ")
    )]
    NoBrowser,
}

impl SetupError {
    pub fn help(&self) -> &'static str {
        match self {
            SetupError::NotExecutable { .. } => {
                "give the path of a Chromium-family browser, such as /usr/bin/chromium"
            }
            SetupError::NoBrowser => {
                "install chromium (Debian and Ubuntu: apt-get install chromium), pass --browser PATH, or use --render auto"
            }
        }
    }
}

/// The browser to use: `--browser`, then `LPDIR_BROWSER`, then the first of `CANDIDATES`
/// on `PATH`. A path given but unusable is an error, never a silent fallback.
pub fn find_browser(flag: Option<&Path>) -> Result<Option<PathBuf>, SetupError> {
    let given = flag
        .map(|p| ("--browser".to_owned(), p.to_path_buf()))
        .or_else(|| {
            std::env::var_os("LPDIR_BROWSER")
                .filter(|v| !v.is_empty())
                .map(|v| ("LPDIR_BROWSER".to_owned(), PathBuf::from(v)))
        });
    match given {
        Some((source_name, path)) => {
            // A bare name is looked up on PATH, as a shell would.
            let found = if path.components().count() == 1 {
                std::env::var_os("PATH").and_then(|paths| {
                    std::env::split_paths(&paths)
                        .map(|d| d.join(&path))
                        .find(|c| browser::is_executable(c))
                })
            } else {
                Some(path.clone()).filter(|p| browser::is_executable(p))
            };
            found.map(Some).ok_or(SetupError::NotExecutable {
                source_name,
                path: path.display().to_string(),
            })
        }
        None => Ok(browser::find_on_path()),
    }
}

/// Whether a run renders, decided once at its start.
#[derive(Clone, Default)]
pub enum Rendering {
    /// `--render never`.
    #[default]
    Never,
    /// `--render auto` without a browser: every page says so.
    NoBrowser,
    On(Arc<Renderer>),
}

impl std::fmt::Debug for Rendering {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Rendering::Never => f.write_str("Rendering::Never"),
            Rendering::NoBrowser => f.write_str("Rendering::NoBrowser"),
            Rendering::On(r) => write!(f, "Rendering::On({})", r.program.display()),
        }
    }
}

impl Rendering {
    /// Applies `mode` with the browser `flag`: `always` without a browser is an error.
    pub fn decide(
        mode: RenderMode,
        flag: Option<&Path>,
        jobs: usize,
    ) -> Result<Rendering, SetupError> {
        if mode == RenderMode::Never {
            return Ok(Rendering::Never);
        }
        match (find_browser(flag)?, mode) {
            (Some(program), _) => Ok(Rendering::On(Arc::new(Renderer::new(program, jobs)))),
            (None, RenderMode::Always) => Err(SetupError::NoBrowser),
            (None, _) => Ok(Rendering::NoBrowser),
        }
    }

    pub fn renderer(&self) -> Option<&Arc<Renderer>> {
        match self {
            Rendering::On(r) => Some(r),
            _ => None,
        }
    }
}

/// Counts a service reports.
#[derive(Debug, Default)]
pub struct RenderStats {
    pub renders: AtomicU64,
    pub failures: AtomicU64,
    pub launches: AtomicU64,
}

/// The run's browser, started on first use, with a bound on pages rendering at once.
pub struct Renderer {
    program: PathBuf,
    running: Mutex<Running>,
    jobs: Arc<Semaphore>,
    stats: RenderStats,
}

#[derive(Default)]
struct Running {
    browser: Option<Arc<browser::Browser>>,
    sink: Option<sink::Sink>,
    launches: usize,
}

/// A rendered page, still open for its screenshot, holding its render slot.
pub struct Rendered {
    pub tab: Tab,
    pub snapshot: Snapshot,
    _slot: OwnedSemaphorePermit,
}

impl Rendered {
    pub async fn close(self) {
        self.tab.close().await;
    }
}

impl Renderer {
    /// A renderer that starts `program` when the first page needs it; at most `jobs` pages
    /// render at once.
    pub fn new(program: PathBuf, jobs: usize) -> Renderer {
        Renderer {
            program,
            running: Mutex::new(Running::default()),
            jobs: Arc::new(Semaphore::new(jobs.max(1))),
            stats: RenderStats::default(),
        }
    }

    pub fn program(&self) -> &Path {
        &self.program
    }

    pub fn stats(&self) -> &RenderStats {
        &self.stats
    }

    /// Renders `fetched` in a new tab. Waiting for a render slot is lpdir's queue: the page
    /// then gets what was left of its time, and at least half of `timeout`.
    pub async fn render(
        &self,
        fetcher: Arc<Fetcher>,
        fetched: &Fetched,
        deadline: Instant,
        timeout: Duration,
    ) -> Result<Rendered, RenderError> {
        let slot = Arc::clone(&self.jobs)
            .acquire_owned()
            .await
            .map_err(|_| RenderError::Browser("the renderer was shut down".into()))?;
        let deadline = deadline.max(Instant::now() + timeout / 2);
        // The last part of the page's time is kept for reading the page once it settled.
        let reserve = (timeout / 4).min(Duration::from_secs(2));
        let result = async {
            let browser = self.browser().await?;
            Tab::open(browser, fetcher, fetched, deadline - reserve, deadline).await
        };
        match result.await {
            Ok((tab, snapshot)) => {
                self.stats.renders.fetch_add(1, Ordering::Relaxed);
                Ok(Rendered {
                    tab,
                    snapshot,
                    _slot: slot,
                })
            }
            Err(e) => {
                self.stats.failures.fetch_add(1, Ordering::Relaxed);
                Err(e)
            }
        }
    }

    /// The running browser, started (again) if needed.
    async fn browser(&self) -> Result<Arc<browser::Browser>, RenderError> {
        let mut running = self.running.lock().await;
        if let Some(b) = running.browser.as_ref().filter(|b| !b.cdp.is_closed()) {
            return Ok(Arc::clone(b));
        }
        running.browser = None;
        if running.launches >= MAX_LAUNCHES {
            return Err(RenderError::Browser(format!(
                "it stopped {MAX_LAUNCHES} times in this run, and is not started again"
            )));
        }
        running.launches += 1;
        self.stats.launches.fetch_add(1, Ordering::Relaxed);
        let port = match &running.sink {
            Some(s) => s.port,
            None => {
                let sink = sink::Sink::start()
                    .await
                    .map_err(|e| RenderError::Browser(format!("no local proxy: {e}")))?;
                let port = sink.port;
                running.sink = Some(sink);
                port
            }
        };
        let started = browser::Browser::launch(&self.program, port)
            .map_err(|e| RenderError::Browser(e.to_string()))?;
        let started = Arc::new(started);
        let version = started
            .cdp
            .call(None, "Browser.getVersion", serde_json::json!({}));
        match tokio::time::timeout(LAUNCH_TIME, version).await {
            Ok(Ok(_)) => {}
            Ok(Err(e)) => {
                return Err(RenderError::Browser(format!(
                    "{} did not start: {e}",
                    self.program.display()
                )));
            }
            Err(_) => return Err(RenderError::Hung("starting")),
        }
        running.browser = Some(Arc::clone(&started));
        Ok(started)
    }

    /// The browser's process id, while one runs.
    pub async fn browser_pid(&self) -> Option<u32> {
        self.running.lock().await.browser.as_ref().map(|b| b.pid())
    }

    /// Requests the browser tried to make on its own (all refused by the sink).
    pub async fn refused_by_sink(&self) -> usize {
        self.running
            .lock()
            .await
            .sink
            .as_ref()
            .map_or(0, sink::Sink::refused)
    }

    /// Ends the browser now (it also ends when the renderer is dropped).
    pub async fn shutdown(&self) {
        let mut running = self.running.lock().await;
        running.browser = None;
    }
}
