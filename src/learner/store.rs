//! Where progress lives on disk and how it is written.
//!
//! - Path: `$ACTTUTOR_HOME/progress.json`, else `<data dir>/acttutor/progress.json`.
//! - Writes are atomic: a temp file in the same folder is written and fsynced, the
//!   old file is kept as `progress.json.bak`, the temp file is renamed over the
//!   original and the folder is fsynced. A crash leaves the old or the new file.
//! - Every read-modify-write holds an exclusive lock on `progress.lock` and starts
//!   from the file as it is now, so two processes never lose each other's answers.
//! - A file that cannot be read or parsed is renamed to
//!   `progress.json.corrupt-<time>` (its bytes kept) and the learner is told.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{anyhow, bail, Context};

use super::progress::{Change, Progress, FORMAT_VERSION};

const FILE: &str = "progress.json";
const TMP_PREFIX: &str = "progress.json.tmp-";

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

/// What the file on disk turned out to be.
enum OnDisk {
    Missing,
    Valid(Progress),
    /// Moved aside: the message says what was wrong and where the bytes are.
    MovedAside(String),
    /// Bad, and could not be moved aside: it must not be written over.
    Stuck(String),
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

    /// Hold the exclusive lock until the returned file is dropped.
    fn lock(&self) -> anyhow::Result<File> {
        fs::create_dir_all(&self.dir)
            .with_context(|| format!("cannot create {}", self.dir.display()))?;
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(self.lock_path())
            .with_context(|| format!("cannot open {}", self.lock_path().display()))?;
        file.lock().context("cannot lock the progress file")?;
        Ok(file)
    }

    /// Load the progress; never fails: problems become a notice and a fresh start.
    pub fn load(&self) -> Loaded {
        let read = self.lock().map(|_lock| self.read_locked());
        match read {
            Ok(OnDisk::Valid(progress)) => Loaded {
                progress,
                notice: None,
            },
            Ok(OnDisk::Missing) => Loaded {
                progress: Progress::default(),
                notice: None,
            },
            Ok(OnDisk::MovedAside(message)) => Loaded {
                progress: Progress::default(),
                notice: Some(format!("{message}; starting fresh")),
            },
            Ok(OnDisk::Stuck(message)) => Loaded {
                progress: Progress::default(),
                notice: Some(format!(
                    "{message}; nothing will be saved until it is fixed"
                )),
            },
            Err(err) => Loaded {
                progress: Progress::default(),
                notice: Some(format!("progress cannot be saved: {err:#}")),
            },
        }
    }

    /// Apply `changes` to the progress on disk, under the lock, and write it back.
    /// `base` (the caller's copy) is used only if the file on disk turned out to be
    /// corrupt. Returns the merged progress and anything to tell the learner.
    pub fn apply(&self, base: &Progress, changes: Vec<Change>) -> anyhow::Result<Loaded> {
        let _lock = self.lock()?;
        let (mut progress, notice) = match self.read_locked() {
            OnDisk::Missing => (Progress::default(), None),
            OnDisk::Valid(progress) => (progress, None),
            OnDisk::MovedAside(message) => (base.clone(), Some(message)),
            OnDisk::Stuck(message) => bail!("{message}"),
        };
        progress.apply_all(changes);
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

    /// Write the progress (as loaded now) to `to`.
    pub fn export(&self, to: &Path) -> anyhow::Result<Progress> {
        let progress = {
            let _lock = self.lock()?;
            match self.read_locked() {
                OnDisk::Valid(p) => p,
                OnDisk::Missing => Progress::default(),
                OnDisk::MovedAside(message) | OnDisk::Stuck(message) => {
                    bail!("{message}; nothing exported")
                }
            }
        };
        let dir = to.parent().filter(|p| !p.as_os_str().is_empty());
        write_atomic(dir.unwrap_or(Path::new(".")), to, &to_bytes(&progress)?)
            .with_context(|| format!("cannot write {}", to.display()))?;
        Ok(progress)
    }

    /// Merge or replace the progress with the file `from`, which is validated first.
    /// The current file is copied aside before anything changes; returns that copy.
    pub fn import(&self, from: &Path, mode: ImportMode) -> anyhow::Result<Option<PathBuf>> {
        let bytes = fs::read(from).with_context(|| format!("cannot read {}", from.display()))?;
        let incoming = parse(&bytes).with_context(|| format!("{} is not valid", from.display()))?;
        let _lock = self.lock()?;
        let (mut progress, backup) = match self.read_locked() {
            OnDisk::Valid(p) => {
                let copy = self.unique_path("import");
                fs::copy(self.path(), &copy)?;
                (p, Some(copy))
            }
            OnDisk::Missing | OnDisk::MovedAside(_) => (Progress::default(), None),
            OnDisk::Stuck(message) => bail!("{message}"),
        };
        match mode {
            ImportMode::Merge => progress.merge(&incoming),
            ImportMode::Replace => {
                progress = incoming;
                progress.rebuild();
            }
        }
        self.write_locked(&progress)?;
        Ok(backup)
    }

    /// Read `progress.json` (the lock is held). An unreadable or invalid file is
    /// moved aside; stale temp files of killed writers are removed.
    fn read_locked(&self) -> OnDisk {
        self.remove_stale_temps();
        let problem = match fs::read(self.path()) {
            Err(err) if err.kind() == io::ErrorKind::NotFound => return OnDisk::Missing,
            Err(err) => format!("cannot read {}: {err}", self.path().display()),
            Ok(bytes) => match parse(&bytes) {
                Ok(progress) => return OnDisk::Valid(progress),
                Err(err) => format!("{} is damaged ({err:#})", self.path().display()),
            },
        };
        match self.aside("corrupt") {
            Ok(kept) => OnDisk::MovedAside(format!("{problem}; kept it as {}", kept.display())),
            Err(err) => OnDisk::Stuck(format!("{problem}; could not move it aside: {err:#}")),
        }
    }

    /// Rename `progress.json` to `progress.json.<what>-<time>`.
    fn aside(&self, what: &str) -> anyhow::Result<PathBuf> {
        let kept = self.unique_path(what);
        fs::rename(self.path(), &kept)
            .with_context(|| format!("cannot rename {}", self.path().display()))?;
        Ok(kept)
    }

    fn unique_path(&self, what: &str) -> PathBuf {
        let stamp = timestamp();
        let mut path = self.dir.join(format!("{FILE}.{what}-{stamp}"));
        let mut n = 1;
        while path.exists() {
            n += 1;
            path = self.dir.join(format!("{FILE}.{what}-{stamp}-{n}"));
        }
        path
    }

    /// Keep the current file as the backup, then put the new one in its place.
    fn write_locked(&self, progress: &Progress) -> anyhow::Result<()> {
        if self.path().exists() {
            let tmp = temp_path(&self.dir);
            // A hard link keeps the old bytes without copying them.
            if fs::hard_link(self.path(), &tmp).is_err() {
                fs::copy(self.path(), &tmp)?;
            }
            fs::rename(&tmp, self.backup_path())?;
        }
        write_atomic(&self.dir, &self.path(), &to_bytes(progress)?)
            .with_context(|| format!("cannot write {}", self.path().display()))
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

/// Parse and check a progress file.
pub fn parse(bytes: &[u8]) -> anyhow::Result<Progress> {
    let mut progress: Progress = serde_json::from_slice(bytes)?;
    if progress.version > FORMAT_VERSION || progress.version == 0 {
        bail!(
            "format version {} is not one this acttutor reads (it reads {FORMAT_VERSION})",
            progress.version
        );
    }
    progress.rebuild();
    Ok(progress)
}

fn to_bytes(progress: &Progress) -> anyhow::Result<Vec<u8>> {
    let mut bytes = serde_json::to_vec_pretty(progress)?;
    bytes.push(b'\n');
    Ok(bytes)
}

fn temp_path(dir: &Path) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    dir.join(format!("{TMP_PREFIX}{}-{n}", std::process::id()))
}

/// Temp file in the same folder, write, fsync, rename over `path`, fsync the folder.
fn write_atomic(dir: &Path, path: &Path, bytes: &[u8]) -> io::Result<()> {
    let tmp = temp_path(dir);
    let result = (|| {
        let mut file = File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result?;
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

/// UTC time for file names: 20251127T101500Z plus milliseconds.
fn timestamp() -> String {
    let ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0);
    let secs = ms / 1000;
    let date = super::date::Date::from_days(secs.div_euclid(86_400));
    let (y, m, d) = date.ymd();
    let s = secs.rem_euclid(86_400);
    format!(
        "{y:04}{m:02}{d:02}T{:02}{:02}{:02}.{:03}Z",
        s / 3600,
        s / 60 % 60,
        s % 60,
        ms % 1000
    )
}
