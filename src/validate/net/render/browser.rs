//! Starting and ending the browser: a Chromium-family program found on the machine, run
//! headless with a fresh profile, its DevTools on a pipe, and every network path pointed at
//! lpdir's sink (`sink.rs`), so that only what lpdir fulfils reaches a page.

use super::cdp::Cdp;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};

/// The programs looked for on `PATH`, in order.
pub const CANDIDATES: [&str; 4] = [
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
];

/// Why the browser could not be started.
#[derive(Debug, thiserror::Error)]
pub enum LaunchError {
    #[error("cannot make the browser's profile folder: {0}")]
    Profile(std::io::Error),
    #[error("cannot start {path}: {source}")]
    Spawn {
        path: String,
        source: std::io::Error,
    },
}

/// The first Chromium-family program on `PATH`.
pub fn find_on_path() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in CANDIDATES {
            let candidate = dir.join(name);
            if is_executable(&candidate) {
                return Some(candidate);
            }
        }
    }
    None
}

pub fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// Whether lpdir runs as root, where Chromium's sandbox cannot start.
fn running_as_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    // /proc/self belongs to the process's effective user.
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

/// A running browser. Dropping it ends the browser and removes its profile.
pub struct Browser {
    pub cdp: Cdp,
    child: Child,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts `program` headless, its traffic sent to the sink listening on `sink_port`.
    pub fn launch(program: &Path, sink_port: u16) -> Result<Browser, LaunchError> {
        let profile = tempfile::Builder::new()
            .prefix("lpdir-browser-")
            .tempdir()
            .map_err(LaunchError::Profile)?;
        let mut command = Command::new(program);
        command.args(flags(profile.path(), sink_port, running_as_root()));
        let (child, cdp) = Cdp::spawn(command).map_err(|source| LaunchError::Spawn {
            path: program.display().to_string(),
            source,
        })?;
        Ok(Browser {
            cdp,
            child,
            _profile: profile,
        })
    }

    /// The browser's process id (for tests that look for leftovers).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Asked to close, the browser ends its helper processes itself; the kill is for a
        // browser that hangs. (If lpdir itself is killed, the pipe's end closes the browser.)
        self.cdp
            .send_and_forget("Browser.close", serde_json::json!({}));
        let asked = std::time::Instant::now();
        while asked.elapsed() < std::time::Duration::from_secs(3) {
            if !matches!(self.child.try_wait(), Ok(None)) {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The command line: headless, a fresh profile, nothing in the background, no site
/// isolation (every frame's requests are then the page's, and intercepted with it), and all
/// traffic to the sink proxy with names unresolvable but for the proxy's own address.
fn flags(profile: &Path, sink_port: u16, as_root: bool) -> Vec<String> {
    let mut flags: Vec<String> = [
        "--headless",
        "--remote-debugging-pipe",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--disable-default-apps",
        "--disable-domain-reliability",
        "--disable-breakpad",
        "--disable-client-side-phishing-detection",
        "--disable-gpu",
        // Pages render side by side, each in its own tab: none may be slowed as a background
        // tab would be (timers, rendering, loading).
        "--disable-background-timer-throttling",
        "--disable-backgrounding-occluded-windows",
        "--disable-renderer-backgrounding",
        "--disable-ipc-flooding-protection",
        "--disable-dev-shm-usage",
        "--deny-permission-prompts",
        "--disable-notifications",
        "--no-pings",
        "--mute-audio",
        "--hide-scrollbars",
        "--force-color-profile=srgb",
        "--font-render-hinting=none",
        "--disk-cache-size=1",
        "--media-cache-size=1",
        // The address bar's two popups (WebUI pages, made for every window) and the spare
        // renderer (started for a next page, which never shares this page's context) each
        // cost a renderer per page and show nothing: without them a page costs one renderer,
        // and rendering a month takes half the CPU (docs/performance.md).
        "--disable-features=IsolateOrigins,site-per-process,Translate,OptimizationHints,\
         MediaRouter,DialMediaRouteProvider,AutofillServerCommunication,CertificateTransparencyComponentUpdater,\
         InterestFeedContentSuggestions,PrivacySandboxSettings4,NetworkTimeServiceQuerying,\
         WebUIOmniboxPopup,WebUIOmniboxAimPopup,SpareRendererForSitePerProcess",
        "--proxy-bypass-list=<-loopback>",
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
        "about:blank",
    ]
    .map(str::to_owned)
    .to_vec();
    flags.push(format!("--user-data-dir={}", profile.display()));
    flags.push(format!(
        "--disk-cache-dir={}",
        profile.join("cache").display()
    ));
    flags.push(format!("--proxy-server=http://127.0.0.1:{sink_port}"));
    if as_root {
        flags.push("--no-sandbox".into());
    }
    flags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_path_leads_to_the_sink() {
        let f = flags(Path::new("/tmp/p"), 4242, false);
        assert!(f.contains(&"--proxy-server=http://127.0.0.1:4242".to_owned()));
        assert!(f.contains(&"--proxy-bypass-list=<-loopback>".to_owned()));
        assert!(
            f.iter()
                .any(|x| x.starts_with("--host-resolver-rules=MAP * ~NOTFOUND"))
        );
        assert!(f.contains(&"--remote-debugging-pipe".to_owned()));
        assert!(!f.iter().any(|x| x.starts_with("--remote-debugging-port")));
        assert!(!f.contains(&"--no-sandbox".to_owned()));
        assert!(flags(Path::new("/tmp/p"), 1, true).contains(&"--no-sandbox".to_owned()));
    }
}
