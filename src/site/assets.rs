//! Static assets: the built-in stylesheet and script, plus the site's own `static/` files.

use super::SiteError;
use super::output::Output;
use std::path::Path;

const BUILTIN: &[(&str, &[u8])] = &[
    ("style.css", include_bytes!("../../static/style.css")),
    ("directory.js", include_bytes!("../../static/directory.js")),
    ("favicon.svg", include_bytes!("../../static/favicon.svg")),
];

/// No static file of a directory site comes near this; a larger one is a mistake.
const MAX_ASSET_BYTES: u64 = 256 * 1024 * 1024;

/// Copies the assets to `static/` in the stage; the site's files win over the built-in ones.
pub fn copy(root: &Path, stage: &dyn Output) -> Result<usize, SiteError> {
    let dir = root.join("static");
    let mut files = Vec::new();
    walk(&dir, &mut files).map_err(|e| SiteError::io(&dir, e))?;
    for rel in &files {
        let from = dir.join(rel);
        let bytes = crate::sources::read(root, &from, MAX_ASSET_BYTES)
            .map_err(|e| SiteError::io(&from, e))?;
        if bytes.len() as u64 > MAX_ASSET_BYTES {
            let too_large = std::io::Error::other("it is larger than 256 MiB");
            return Err(SiteError::io(&from, too_large));
        }
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
/// A missing folder has no files; an unreadable one is an error.
pub fn walk(dir: &Path, out: &mut Vec<String>) -> std::io::Result<()> {
    fn go(base: &Path, dir: &Path, out: &mut Vec<String>) -> std::io::Result<()> {
        for (name, kind) in crate::sources::list(dir)? {
            let path = dir.join(&name);
            if kind == crate::sources::Kind::Dir {
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
    go(dir, dir, out)
}
