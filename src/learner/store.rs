//! Where progress lives on disk and how it is written.
//!
//! - Path: `$ACTTUTOR_HOME/progress.json`, else `<data dir>/acttutor/progress.json`.
//! - Writes are atomic: a temp file with a random name is created exclusively in
//!   the same folder (never following a planted link), written and fsynced; the
//!   old file is kept as `progress.json.bak`; the temp file is renamed over the
//!   original and the folder is fsynced. A crash leaves the old or the new file.
//! - Every read-modify-write holds an exclusive lock on `progress.lock` and starts
//!   from the file as it is now, so two processes never lose each other's answers,
//!   notes or saved formulas (see `Progress::apply_over`).
//! - Reading works without write access (no lock then); writing says why it cannot.
//! - Only regular files are read, and at most `MAX_FILE` bytes of them: a FIFO or
//!   a link to a device is refused instead of blocking or filling memory.
//! - A file whose content is no valid progress is renamed to
//!   `progress.json.corrupt-<time>` (its bytes kept); if `progress.json.bak` is
//!   valid, it is restored; the learner is told either way. A file from a newer
//!   acttutor, or one that cannot be read, is left untouched and nothing is
//!   written until it is dealt with.

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context};
use serde::Deserialize;

use super::progress::{Change, Progress, FORMAT_VERSION};

const FILE: &str = "progress.json";
const TMP_PREFIX: &str = "progress.json.tmp-";
/// The largest progress file read (or imported): far above a lifetime of study.
pub const MAX_FILE: u64 = 64 << 20;

/// The folder holding `progress.json`, its backup and its lock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Store {
    dir: PathBuf,
}

/// Progress as loaded, plus anything the learner must be told.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub progress: Progress,
    pub notice: Option<String>,
}

/// How `import` combined the files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportMode {
    Merge,
    Replace,
}

/// What `import` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Imported {
    /// The file added nothing: nothing was written and no backup made.
    Unchanged,
    /// Written; the progress before is kept in `backup` (if there was one).
    Changed { backup: Option<PathBuf> },
}

/// What the file on disk turned out to be.
enum OnDisk {
    Missing,
    Valid(Progress),
    /// Damaged, and the backup is used instead; the message says so.
    Restored(Progress, String),
    /// Damaged with no usable backup: start fresh; the message says why.
    Fresh(String),
    /// Must not be written over (newer format, unreadable, could not be moved aside).
    Blocked(String),
}

/// Why bytes are not a progress this acttutor can use.
enum Bad {
    Newer(u64),
    Damaged(anyhow::Error),
}

impl Store {
    pub fn new(dir: impl Into<PathBuf>) -> Store {
        Store { dir: dir.into() }
    }

    /// `$ACTTUTOR_HOME`, else the platform's data directory.
    pub fn locate() -> anyhow::Result<Store> {
        if let Some(home) = std::env::var_os("ACTTUTOR_HOME").filter(|h| !h.is_empty()) {
            return Ok(Store::new(home));
        }
        let data = dirs::data_dir()
            .ok_or_else(|| anyhow!("no data directory on this system; set ACTTUTOR_HOME"))?;
        Ok(Store::new(data.join("acttutor")))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn path(&self) -> PathBuf {
        self.dir.join(FILE)
    }

    pub fn backup_path(&self) -> PathBuf {
        self.dir.join("progress.json.bak")
    }

    fn lock_path(&self) -> PathBuf {
        self.dir.join("progress.lock")
    }

    /// Hold the exclusive lock until the returned file is dropped. Fails, saying
    /// why, when the folder cannot be written.
    fn lock(&self) -> anyhow::Result<File> {
        let cannot = |err: &dyn std::fmt::Display| {
            anyhow!(
                "cannot save progress in {}: {err}",
                crate::sanitize::clean_line(&self.dir.display().to_string())
            )
        };
        fs::create_dir_all(&self.dir).map_err(|e| cannot(&e))?;
        let path = self.lock_path();
        // Opening a planted FIFO would block; a device or folder is no lock.
        if let Ok(meta) = fs::symlink_metadata(&path) {
            if !meta.is_file() {
                return Err(cannot(&"progress.lock is not a regular file"));
            }
        }
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| cannot(&format!("the folder is not writable ({e})")))?;
        file.lock()
            .map_err(|e| cannot(&format!("cannot lock ({e})")))?;
        Ok(file)
    }

    /// Load the progress; never fails: problems become a notice and a fresh start
    /// (and a file that must not be overwritten blocks every save).
    pub fn load(&self) -> Loaded {
        self.read().unwrap_or_else(|err| Loaded {
            progress: Progress::default(),
            notice: Some(format!("{err:#}; nothing will be saved until it is fixed")),
        })
    }

    /// The progress for reading. A file that must not be written over (from a
    /// newer acttutor, or unreadable) is an error; a damaged one is repaired from
    /// the backup or moved aside, and the notice says so.
    pub fn read(&self) -> anyhow::Result<Loaded> {
        let (on_disk, cannot_save) = self.current();
        let (progress, notice) = match on_disk {
            OnDisk::Missing => (Progress::default(), None),
            OnDisk::Valid(progress) => (progress, None),
            OnDisk::Restored(progress, message) => (progress, Some(message)),
            OnDisk::Fresh(message) => (
                Progress::default(),
                Some(format!("{message}; starting fresh")),
            ),
            OnDisk::Blocked(message) => bail!("{message}"),
        };
        let notice = match (notice, cannot_save) {
            (Some(n), Some(err)) => Some(format!("{n}; {err:#}")),
            (n, err) => n.or(err.map(|e| format!("{e:#}"))),
        };
        Ok(Loaded { progress, notice })
    }

    /// The file as it is now: under the lock (repairing what is damaged) when
    /// the folder can be written, else as it is, with the reason saving fails.
    fn current(&self) -> (OnDisk, Option<anyhow::Error>) {
        if !self.dir.exists() {
            return (OnDisk::Missing, None);
        }
        match self.lock() {
            Ok(_lock) => (self.read_locked(true), None),
            Err(err) => (self.read_locked(false), Some(err)),
        }
    }

    /// Apply `changes` to the progress on disk, under the lock, and write it back.
    /// `base` is the caller's copy, the one its changes were made to (see
    /// `Progress::apply_over`); it is also kept if the file on disk turned out to
    /// be damaged. Returns the merged progress and anything to tell the learner.
    pub fn apply(&self, base: &Progress, changes: Vec<Change>) -> anyhow::Result<Loaded> {
        let _lock = self.lock()?;
        let (mut progress, notice) = match self.read_locked(true) {
            OnDisk::Missing => (Progress::default(), None),
            OnDisk::Valid(progress) => (progress, None),
            OnDisk::Restored(progress, message) => (progress, Some(message)),
            OnDisk::Fresh(message) => (base.clone(), Some(message)),
            OnDisk::Blocked(message) => bail!("{message}"),
        };
        progress.apply_over(base, changes);
        self.write_locked(&progress)?;
        Ok(Loaded { progress, notice })
    }

    /// Move the progress aside (the backup) so the next start is fresh.
    /// Returns where the old file went, if there was one.
    pub fn reset(&self) -> anyhow::Result<Option<PathBuf>> {
        let _lock = self.lock()?;
        if !self.path().exists() {
            return Ok(None);
        }
        let kept = self.aside("reset")?;
        sync_dir(&self.dir);
        Ok(Some(kept))
    }

    /// The progress (as loaded now) as the bytes of a progress file.
    pub fn export_bytes(&self) -> anyhow::Result<Vec<u8>> {
        let progress = match self.current().0 {
            OnDisk::Valid(p) | OnDisk::Restored(p, _) => p,
            OnDisk::Missing => Progress::default(),
            OnDisk::Fresh(message) | OnDisk::Blocked(message) => {
                bail!("{message}; nothing exported")
            }
        };
        to_bytes(&progress)
    }

    /// Write the progress (as loaded now) to the file `to`. Refused, before
    /// anything is read or written, when `to` is not a regular file (a device, a
    /// FIFO, a folder, a symbolic link), is one of the store's own files, or
    /// exists and `force` is not given.
    pub fn export(&self, to: &Path, force: bool) -> anyhow::Result<()> {
        self.check_export_target(to, force)?;
        let bytes = self.export_bytes()?;
        let dir = to.parent().filter(|p| !p.as_os_str().is_empty());
        write_atomic(dir.unwrap_or(Path::new(".")), to, &bytes)
            .with_context(|| format!("cannot write {}", shown(to)))
    }

    fn check_export_target(&self, to: &Path, force: bool) -> anyhow::Result<()> {
        let name = shown(to);
        if self.is_own_file(to) {
            bail!("{name} is one of acttutor's own files; export to another file");
        }
        match fs::symlink_metadata(to) {
            Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(err) => bail!("cannot export to {name}: {err}"),
            Ok(meta) if meta.file_type().is_symlink() => {
                bail!("{name} is a symbolic link; export to a regular file (or - for stdout)")
            }
            Ok(meta) if meta.is_dir() => bail!("{name} is a folder; export to a file"),
            Ok(meta) if !meta.is_file() => bail!(
                "{name} is not a regular file (a device, FIFO or socket); export to a regular file (or - for stdout)"
            ),
            Ok(_) if !force => bail!("{name} exists; pass --force to overwrite it"),
            Ok(_) => Ok(()),
        }
    }

    /// Whether `path` names `progress.json`, its lock, backup or kept copies.
    fn is_own_file(&self, path: &Path) -> bool {
        let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
        let same_dir = match (
            fs::canonicalize(parent.unwrap_or(Path::new("."))),
            fs::canonicalize(&self.dir),
        ) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        };
        let name = path.file_name().map(|n| n.to_string_lossy());
        same_dir && name.is_some_and(|n| n.starts_with("progress."))
    }

    /// Merge or replace the progress with the file `from`, which is validated
    /// first (a regular file, within `MAX_FILE`, a valid progress within the
    /// limits). The current file is copied aside before anything changes. A file
    /// that adds nothing changes nothing: importing twice is importing once.
    pub fn import(&self, from: &Path, mode: ImportMode) -> anyhow::Result<Imported> {
        let name = shown(from);
        let bytes =
            read_regular_file(from, MAX_FILE).with_context(|| format!("cannot read {name}"))?;
        let incoming = parse_for_import(&bytes).with_context(|| format!("{name} is not valid"))?;
        let _lock = self.lock()?;
        let current = match self.read_locked(true) {
            OnDisk::Valid(p) | OnDisk::Restored(p, _) => Some(p),
            OnDisk::Missing | OnDisk::Fresh(_) => None,
            OnDisk::Blocked(message) => bail!("{message}"),
        };
        let mut progress = current.clone().unwrap_or_default();
        match mode {
            ImportMode::Merge => progress.merge(&incoming),
            ImportMode::Replace => progress = incoming,
        }
        if current.as_ref() == Some(&progress) {
            return Ok(Imported::Unchanged);
        }
        let backup = match current {
            Some(_) => {
                let copy = self.unique_path("import");
                fs::copy(self.path(), &copy)?;
                Some(copy)
            }
            None => None,
        };
        self.write_locked(&progress)?;
        Ok(Imported::Changed { backup })
    }

    /// Read `progress.json`. With `repair` (the lock is held): stale temp files
    /// of killed writers are removed, and a damaged file is moved aside and the
    /// backup restored. Without, nothing on disk changes.
    fn read_locked(&self, repair: bool) -> OnDisk {
        if repair {
            self.remove_stale_temps();
        }
        let path = self.path();
        let problem = match read_regular_file(&path, MAX_FILE) {
            Err(err) if err.kind() == io::ErrorKind::NotFound => return OnDisk::Missing,
            Err(err) => {
                return OnDisk::Blocked(format!(
                    "cannot read {}: {err}; it was left untouched",
                    shown(&path)
                ))
            }
            Ok(bytes) => match parse_checked(&bytes) {
                Ok(progress) => return OnDisk::Valid(progress),
                Err(Bad::Newer(version)) => return OnDisk::Blocked(newer_message(&path, version)),
                Err(Bad::Damaged(err)) => format!("{} is damaged ({err:#})", shown(&path)),
            },
        };
        self.recover(problem, repair)
    }

    /// A damaged `progress.json`: use the backup if it is valid; with `repair`,
    /// keep the damaged file aside and put the backup in its place.
    fn recover(&self, problem: String, repair: bool) -> OnDisk {
        let backup_path = self.backup_path();
        let backup = read_regular_file(&backup_path, MAX_FILE)
            .ok()
            .and_then(|bytes| parse_checked(&bytes).ok().map(|p| (p, bytes)));
        if !repair {
            return match backup {
                Some((progress, _)) => OnDisk::Restored(
                    progress,
                    format!("{problem}; showing the backup {}", shown(&backup_path)),
                ),
                None => OnDisk::Fresh(problem),
            };
        }
        let kept = match self.aside("corrupt") {
            Ok(kept) => shown(&kept),
            Err(err) => {
                return OnDisk::Blocked(format!("{problem}; could not move it aside: {err:#}"))
            }
        };
        match backup {
            Some((progress, bytes)) => {
                let restored = write_atomic(&self.dir, &self.path(), &bytes);
                let how = if restored.is_ok() {
                    "restored"
                } else {
                    "loaded"
                };
                OnDisk::Restored(
                    progress,
                    format!(
                        "{problem}; {how} your progress from the backup {} and kept the damaged file as {kept}",
                        shown(&backup_path)
                    ),
                )
            }
            None => OnDisk::Fresh(format!("{problem}; kept it as {kept}")),
        }
    }

    /// Rename `progress.json` to `progress.json.<what>-<time>`.
    fn aside(&self, what: &str) -> anyhow::Result<PathBuf> {
        let kept = self.unique_path(what);
        fs::rename(self.path(), &kept)
            .with_context(|| format!("cannot rename {}", shown(&self.path())))?;
        Ok(kept)
    }

    fn unique_path(&self, what: &str) -> PathBuf {
        let stamp = timestamp();
        let mut path = self.dir.join(format!("{FILE}.{what}-{stamp}"));
        let mut n = 1;
        while path.symlink_metadata().is_ok() {
            n += 1;
            path = self.dir.join(format!("{FILE}.{what}-{stamp}-{n}"));
        }
        path
    }

    /// Keep the current file as the backup, then put the new one in its place.
    fn write_locked(&self, progress: &Progress) -> anyhow::Result<()> {
        if self.path().exists() {
            self.keep_backup()
                .with_context(|| format!("cannot write {}", shown(&self.backup_path())))?;
        }
        write_atomic(&self.dir, &self.path(), &to_bytes(progress)?)
            .with_context(|| format!("cannot write {}", shown(&self.path())))
    }

    /// `progress.json.bak` becomes the current file: a hard link under a fresh
    /// random name (no bytes copied) renamed into place, else a copy.
    fn keep_backup(&self) -> io::Result<()> {
        let linked = temp_builder().make_in(&self.dir, |tmp| fs::hard_link(self.path(), tmp));
        match linked {
            Ok(tmp) => tmp
                .persist(self.backup_path())
                .map(drop)
                .map_err(|e| e.error),
            Err(_) => {
                let bytes = read_regular_file(&self.path(), MAX_FILE)?;
                write_atomic(&self.dir, &self.backup_path(), &bytes)
            }
        }
    }

    /// Writers hold the lock while their temp file exists, so under the lock any
    /// temp file left is from a killed process.
    fn remove_stale_temps(&self) {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return;
        };
        for entry in entries.flatten() {
            if entry.file_name().to_string_lossy().starts_with(TMP_PREFIX) {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}

/// Read a whole file that must be a regular file (a symbolic link to one is
/// fine) of at most `max` bytes. A FIFO, device or folder is refused before it
/// is opened for reading; so is anything larger than `max`.
pub fn read_regular_file(path: &Path, max: u64) -> io::Result<Vec<u8>> {
    let not_regular = || io::Error::new(io::ErrorKind::InvalidInput, "not a regular file");
    if !fs::metadata(path)?.is_file() {
        return Err(not_regular());
    }
    let file = File::open(path)?;
    // Swapped for something else between the check and the open?
    if !file.metadata()?.is_file() {
        return Err(not_regular());
    }
    let mut bytes = Vec::new();
    file.take(max.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("larger than {max} bytes"),
        ));
    }
    Ok(bytes)
}

/// Parse and check a progress file (trimmed to the limits, see `Progress::tidy`).
pub fn parse(bytes: &[u8]) -> anyhow::Result<Progress> {
    parse_checked(bytes).map_err(|bad| match bad {
        Bad::Newer(version) => anyhow!(
            "format version {version} is not one this acttutor reads (it reads {FORMAT_VERSION})"
        ),
        Bad::Damaged(err) => err,
    })
}

/// A file to import: valid, and within every limit (not trimmed: refused).
fn parse_for_import(bytes: &[u8]) -> anyhow::Result<Progress> {
    let mut progress = parse_raw(bytes).map_err(|bad| match bad {
        Bad::Newer(version) => anyhow!(
            "it is from a newer acttutor (format version {version}; this one reads {FORMAT_VERSION})"
        ),
        Bad::Damaged(err) => err,
    })?;
    let problems = progress.problems();
    if let Some(first) = problems.first() {
        let more = match problems.len() {
            1 => String::new(),
            n => format!(
                " (and {} more problem{})",
                n - 1,
                if n == 2 { "" } else { "s" }
            ),
        };
        bail!("{first}{more}");
    }
    progress.rebuild();
    Ok(progress)
}

fn parse_checked(bytes: &[u8]) -> Result<Progress, Bad> {
    let mut progress = parse_raw(bytes)?;
    progress.tidy();
    progress.rebuild();
    Ok(progress)
}

/// The file as written, its version checked first: a newer format is told
/// apart from damage even when this version cannot parse the rest.
fn parse_raw(bytes: &[u8]) -> Result<Progress, Bad> {
    #[derive(Deserialize)]
    struct VersionOnly {
        version: u64,
    }
    if let Ok(VersionOnly { version }) = serde_json::from_slice(bytes) {
        if version > u64::from(FORMAT_VERSION) {
            return Err(Bad::Newer(version));
        }
    }
    let progress: Progress =
        serde_json::from_slice(bytes).map_err(|err| Bad::Damaged(err.into()))?;
    if progress.version == 0 {
        return Err(Bad::Damaged(anyhow!("format version 0 does not exist")));
    }
    Ok(progress)
}

fn newer_message(path: &Path, version: u64) -> String {
    format!(
        "{} was written by a newer acttutor (format version {version}; this one reads version {FORMAT_VERSION}): \
         update acttutor to use it; the file was left untouched",
        shown(path)
    )
}

fn to_bytes(progress: &Progress) -> anyhow::Result<Vec<u8>> {
    let mut bytes = serde_json::to_vec_pretty(progress)?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// A path for a message: control characters shown as escapes.
fn shown(path: &Path) -> String {
    crate::sanitize::clean_line(&path.display().to_string()).into_owned()
}

/// Temp files: `progress.json.tmp-` and random letters, created exclusively.
fn temp_builder() -> tempfile::Builder<'static, 'static> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(TMP_PREFIX);
    builder
}

/// A fresh temp file in the same folder, write, fsync, rename over `path`, fsync
/// the folder. The temp file is removed if anything fails.
fn write_atomic(dir: &Path, path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut tmp = temp_builder().tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    sync_dir(dir);
    Ok(())
}

/// Make a rename durable. Only possible (and needed) on Unix.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// UTC time for file names: 20251127T101500.123Z.
fn timestamp() -> String {
    jiff::Timestamp::now()
        .strftime("%Y%m%dT%H%M%S%.3fZ")
        .to_string()
}
