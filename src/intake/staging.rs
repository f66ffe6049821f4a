//! Writing plans so that they land all together or not at all, even when the process is
//! killed halfway: every file is first written whole into a staging folder at the site's
//! root, with a journal of where each goes; then each is linked into place (a link never
//! replaces a file); then the staging folder goes. A run that finds a staging folder left
//! by a killed one undoes it first: it removes the placed files that are still the staged
//! ones (so lpdir made them), then the folder. A request that replaces the month's earlier
//! one (`add --replace`) keeps the earlier file in the staging folder too, and an undo puts
//! it back.

use super::{IntakeError, Plan};
use std::io;
use std::path::{Path, PathBuf};

/// The staging folder, at the site's root.
pub const STAGING: &str = ".lpdir-intake";
const JOURNAL: &str = "journal";

/// Undoes what an interrupted run left, if anything: the number of placed files removed.
pub fn recover(root: &Path) -> io::Result<Option<usize>> {
    let staging = root.join(STAGING);
    match std::fs::symlink_metadata(&staging) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
        Ok(m) if !m.is_dir() => {
            return Err(io::Error::other(format!(
                "{} is not a folder lpdir made; move it away",
                staging.display()
            )));
        }
        Ok(_) => {}
    }
    let mut removed = 0;
    // No journal: the run stopped before placing anything.
    let journal = std::fs::read_to_string(staging.join(JOURNAL)).unwrap_or_default();
    for line in journal.lines() {
        let mut fields = line.split('\t');
        let (Some(staged), Some(target)) = (fields.next(), fields.next()) else {
            continue;
        };
        // Names lpdir wrote: a journal naming anything else is not followed out of its folder.
        let earlier = fields
            .next()
            .filter(|e| !e.contains(['/', '\\']) && *e != "..");
        let target = root.join(target);
        let Ok(ours) = std::fs::read(staging.join(staged)) else {
            continue;
        };
        let placed = std::fs::symlink_metadata(&target).is_ok_and(|m| m.is_file());
        if placed && std::fs::read(&target).is_ok_and(|there| there == ours) {
            match earlier {
                Some(earlier) => put_back(&staging, earlier, &target)?,
                None => std::fs::remove_file(&target)?,
            }
            removed += 1;
        }
    }
    std::fs::remove_dir_all(&staging)?;
    Ok(Some(removed))
}

/// Writes every plan's file below `root`, all or nothing.
pub fn write_all(root: &Path, plans: &[Plan]) -> Result<(), IntakeError> {
    let staging = root.join(STAGING);
    let io_at = |path: &Path| {
        let path = path.to_path_buf();
        move |source| IntakeError::Io { path, source }
    };
    std::fs::create_dir(&staging).map_err(io_at(&staging))?;
    // The staged files need no temporary names of their own: nothing is placed before the
    // journal exists, and the journal is written (whole) after every staged file.
    let mut journal = String::new();
    for (i, plan) in plans.iter().enumerate() {
        let name = format!("{i}.yaml");
        let staged = staging.join(&name);
        if let Err(e) = create_new(&staged, plan.text.as_bytes()) {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(io_at(&staged)(e));
        }
        journal.push_str(&format!("{name}\t{}", plan.file.display()));
        if let Some(old) = &plan.replaces {
            let earlier = format!("{i}.old");
            if let Err(e) = create_new(&staging.join(&earlier), old) {
                let _ = std::fs::remove_dir_all(&staging);
                return Err(io_at(&staging.join(&earlier))(e));
            }
            journal.push_str(&format!("\t{earlier}"));
        }
        journal.push('\n');
    }
    let journal_path = staging.join(JOURNAL);
    if let Err(e) = crate::sources::write_new(&journal_path, journal.as_bytes()) {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(io_at(&journal_path)(e));
    }
    // Everything placed so far, undone in reverse on a failure: files, then the month
    // folders this run made (only while empty).
    let mut made: Vec<PathBuf> = Vec::new();
    // Each placed file, with the earlier file it replaced.
    let mut placed: Vec<(PathBuf, Option<String>)> = Vec::new();
    let undo = |placed: &[(PathBuf, Option<String>)], made: &[PathBuf]| {
        for (file, earlier) in placed {
            let _ = match earlier {
                Some(earlier) => put_back(&staging, earlier, file),
                None => std::fs::remove_file(file),
            };
        }
        for dir in made.iter().rev() {
            let _ = std::fs::remove_dir(dir);
        }
        let _ = std::fs::remove_dir_all(&staging);
    };
    // Each month's folder is checked (no link out of the root) and made once.
    let folders: std::collections::BTreeSet<&Path> =
        plans.iter().filter_map(|p| p.file.parent()).collect();
    for folder in folders {
        let dir = root.join(folder);
        let new = !dir.exists();
        let ready = crate::sources::check_inside(root, &dir.join("entry"))
            .and_then(|()| std::fs::create_dir_all(&dir));
        if let Err(e) = ready {
            undo(&placed, &made);
            return Err(IntakeError::Io {
                path: dir,
                source: e,
            });
        }
        if new {
            made.push(dir);
        }
    }
    for (i, plan) in plans.iter().enumerate() {
        let target = root.join(&plan.file);
        let staged = staging.join(format!("{i}.yaml"));
        let result = match &plan.replaces {
            // A link never replaces a file: a name taken since planning fails here.
            None => std::fs::hard_link(&staged, &target),
            Some(old) => replace(&staging, i, old, &target),
        };
        if let Err(e) = result {
            undo(&placed, &made);
            return Err(IntakeError::Io {
                path: target,
                source: e,
            });
        }
        placed.push((target, plan.replaces.as_ref().map(|_| format!("{i}.old"))));
    }
    std::fs::remove_dir_all(&staging).map_err(io_at(&staging))
}

/// Puts the staged file `i` in place of `target`, whose bytes must still be `old` (what the
/// plan read): an edit made since is never lost. The staged file stays, for an undo to
/// recognise.
fn replace(staging: &Path, i: usize, old: &[u8], target: &Path) -> io::Result<()> {
    let there = std::fs::symlink_metadata(target)?;
    if !there.is_file() || std::fs::read(target)? != old {
        return Err(io::Error::other(
            "the earlier request changed since it was read; run the command again",
        ));
    }
    let copy = staging.join(format!("{i}.new"));
    std::fs::hard_link(staging.join(format!("{i}.yaml")), &copy)?;
    std::fs::rename(&copy, target)
}

/// Puts the earlier file kept in the staging folder back at `target`, whole.
fn put_back(staging: &Path, earlier: &str, target: &Path) -> io::Result<()> {
    let copy = staging.join(format!("{earlier}.back"));
    let _ = std::fs::remove_file(&copy);
    std::fs::hard_link(staging.join(earlier), &copy)?;
    std::fs::rename(&copy, target)
}

fn create_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    io::Write::write_all(&mut file, bytes)
}
