//! Watching the site's sources: a burst of saves, or an editor's temporary files, gives one
//! rebuild, not many.
//!
//! The debounce waits until the whole source tree has been quiet for `DEBOUNCE`. It is not
//! `notify-debouncer-full` on purpose: that crate debounces each path on its own and hands
//! over every event once it is older than its timeout, so a burst longer than the timeout
//! (a `git checkout`, an editor's "save all") arrives in several batches and would rebuild and
//! reload the browser several times. Its extra, matching renames through file ids, buys
//! nothing here: any change rebuilds.

use notify::{Event, EventKind, RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

/// How long the sources must be quiet before a rebuild starts.
pub const DEBOUNCE: Duration = Duration::from_millis(120);

/// The folders of a site's sources, besides `lpdir.toml`.
const SOURCES: [&str; 4] = ["content", "templates", "static", "i18n"];

/// Keeps the watch alive; dropping it stops watching.
pub struct WatchGuard(#[allow(dead_code)] Arc<Mutex<notify::RecommendedWatcher>>);

/// Watches `root`'s sources and calls `on_change` with the changed files after each burst.
pub fn watch(
    root: &Path,
    on_change: impl Fn(Vec<PathBuf>) + Send + 'static,
) -> notify::Result<WatchGuard> {
    // Events name files under the real path of what is watched: a relative or linked root
    // would match none of them.
    let root = &root.canonicalize()?;
    let (tx, rx) = mpsc::channel::<notify::Result<Event>>();
    let mut watcher = notify::recommended_watcher(tx)?;
    // The root itself only for lpdir.toml and new source folders: it may hold a large build
    // or target folder.
    watcher.watch(root, RecursiveMode::NonRecursive)?;
    for dir in SOURCES {
        let path = root.join(dir);
        if path.is_dir() {
            watcher.watch(&path, RecursiveMode::Recursive)?;
        }
    }
    let watcher = Arc::new(Mutex::new(watcher));
    let (root, shared) = (root.to_owned(), Arc::clone(&watcher));
    std::thread::spawn(move || {
        while let Ok(first) = rx.recv() {
            let mut changed = Vec::new();
            collect(&root, first, &mut changed);
            loop {
                match rx.recv_timeout(DEBOUNCE) {
                    Ok(event) => collect(&root, event, &mut changed),
                    Err(mpsc::RecvTimeoutError::Timeout) => break,
                    Err(mpsc::RecvTimeoutError::Disconnected) => return,
                }
            }
            changed.sort();
            changed.dedup();
            // A source folder made after the start (a first template, say) is watched from now on.
            for dir in changed
                .iter()
                .filter(|p| p.parent() == Some(root.as_path()) && p.is_dir())
            {
                if let Ok(mut w) = shared.lock() {
                    let _ = w.watch(dir, RecursiveMode::Recursive);
                }
            }
            if !changed.is_empty() {
                on_change(changed);
            }
        }
    });
    Ok(WatchGuard(watcher))
}

fn collect(root: &Path, event: notify::Result<Event>, out: &mut Vec<PathBuf>) {
    let Ok(event) = event else { return };
    if matches!(event.kind, EventKind::Access(_) | EventKind::Other) {
        return;
    }
    out.extend(event.paths.into_iter().filter(|p| relevant(root, p)));
}

/// A source file, not an editor's swap, backup or probe file, nor a build folder.
pub fn relevant(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
    let Some(top) = parts.next() else {
        return false;
    };
    if rel.components().count() == 1 {
        return top == crate::config::FILE_NAME || SOURCES.contains(&top.as_ref());
    }
    if !SOURCES.contains(&top.as_ref()) {
        return false;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || [".swp", ".swx", ".tmp", ".bak", ".part"]
            .iter()
            .any(|s| name.ends_with(s))
        || name == "4913"
        || rel
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
    !temporary
}

#[cfg(test)]
mod tests {
    use super::relevant;
    use std::path::Path;

    #[test]
    fn editor_files_and_other_folders_are_ignored() {
        let root = Path::new("/site");
        for yes in [
            "/site/lpdir.toml",
            "/site/content/partners/2026-11/a.yaml",
            "/site/templates/base.html",
            "/site/static/x.css",
        ] {
            assert!(relevant(root, Path::new(yes)), "{yes}");
        }
        for no in [
            "/site/content/partners/2026-11/.a.yaml.swp",
            "/site/content/partners/2026-11/a.yaml~",
            "/site/content/4913",
            "/site/content/#a.md#",
            "/site/public/index.html",
            "/site/target/x",
            "/site/README.md",
            "/site/content/.git/x",
        ] {
            assert!(!relevant(root, Path::new(no)), "{no}");
        }
    }
}
