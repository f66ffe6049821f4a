//! Static assets: the built-in stylesheet and script, plus the site's own `static/` files.

use super::SiteError;
use super::output::Output;
use std::path::Path;

const BUILTIN: &[(&str, &[u8])] = &[
    ("style.css", include_bytes!("../../static/style.css")),
    ("directory.js", include_bytes!("../../static/directory.js")),
];

/// Copies the assets to `static/` in the stage; the site's files win over the built-in ones.
pub fn copy(root: &Path, stage: &dyn Output) -> Result<usize, SiteError> {
    let dir = root.join("static");
    let mut files = Vec::new();
    walk(&dir, &mut files).map_err(|e| SiteError::io(&dir, e))?;
    for rel in &files {
        let from = dir.join(rel);
        let bytes = std::fs::read(&from).map_err(|e| SiteError::io(&from, e))?;
        stage.write(&format!("static/{rel}"), &bytes)?;
    }
    let mut count = files.len();
    for (name, bytes) in BUILTIN {
        if !files.iter().any(|f| f == name) {
            stage.write(&format!("static/{name}"), bytes)?;
            count += 1;
        }
    }
    Ok(count)
}

/// Lists the files below `dir` as `/`-separated relative paths, sorted, skipping hidden ones.
/// A missing folder has no files.
pub fn walk(dir: &Path, out: &mut Vec<String>) -> std::io::Result<()> {
    fn go(base: &Path, dir: &Path, out: &mut Vec<String>) -> std::io::Result<()> {
        let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || name.ends_with('~') {
                continue;
            }
            let path = e.path();
            if e.file_type()?.is_dir() {
                go(base, &path, out)?;
            } else if let Ok(rel) = path.strip_prefix(base) {
                let parts: Vec<_> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect();
                out.push(parts.join("/"));
            }
        }
        Ok(())
    }
    if dir.is_dir() {
        go(dir, dir, out)
    } else {
        Ok(())
    }
}
