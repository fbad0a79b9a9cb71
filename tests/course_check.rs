//! `acttutor check` on broken course folders (issue 12), through the binary: the
//! list-item trap, a file name whose day disagrees with `day`, control
//! characters, entries that are not lesson files, "1 problem", and `--lessons`
//! pointing at a file. Every folder is made under target/.

mod common;

use std::path::{Path, PathBuf};

use common::{acttutor, one_line_error};

/// A fresh, empty course folder under target/.
fn folder(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("check-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a course folder under target/");
    dir
}

/// A valid lesson of `day` whose body is `body`.
fn lesson(day: u32, body: &str) -> String {
    format!(
        "+++\nday = {day}\nslug = \"d{day}\"\ntitle = \"Day {day}\"\nplot = [\"relu\"]\n\n\
         [[quiz]]\nid = \"q{day}\"\nkind = \"text\"\nprompt = \"ReLU stands for rectified ___ unit.\"\n\
         accept = [\"linear\"]\nexplanation = \"Rectified linear unit.\"\n+++\n\n{body}"
    )
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).expect("written");
}

/// `check DIR`: (exit success, stdout).
fn check(dir: &Path) -> (bool, String) {
    let out = acttutor().arg("check").arg(dir).output().expect("runs");
    (
        out.status.success(),
        String::from_utf8(out.stdout).expect("utf-8"),
    )
}

#[test]
fn a_clean_course_passes_and_counts_in_the_singular() {
    let dir = folder("clean");
    write(&dir, "day01-d1.md", &lesson(1, "# Day 1\n\nText.\n"));
    let (ok, out) = check(&dir);
    assert!(ok, "{out}");
    assert_eq!(out, "1 lesson, 1 question, 0 problems\n");
}

#[test]
fn a_line_starting_1_dot_inside_a_paragraph_is_flagged_at_its_line() {
    let dir = folder("trap");
    let body = "# Day 1\n\nThe slope drops from 1.5 to\n1. Hard swish is continuous.\n\n\
                A list is fine:\n\n1. one\n2. two\n\n```\ntext\n1. in code\n```\n";
    write(&dir, "day01-d1.md", &lesson(1, body));
    let (ok, out) = check(&dir);
    assert!(!ok);
    // The front matter takes 13 lines and a blank line follows: the body text starts on 15.
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(
        lines[0].ends_with("day01-d1.md:18: this line starts with `1. ` inside a paragraph, so Markdown makes it a list item: reflow the paragraph"),
        "{out}"
    );
    assert_eq!(lines[1], "1 lesson, 1 question, 1 problem");
}

#[test]
fn a_file_name_whose_day_disagrees_with_day_is_flagged() {
    let dir = folder("name");
    write(&dir, "day01-d1.md", &lesson(1, "# One\n"));
    write(&dir, "day03-d2.md", &lesson(2, "# Two\n"));
    let (ok, out) = check(&dir);
    assert!(!ok);
    assert!(
        out.contains("day03-d2.md:2: the file name says day 3 but `day = 2`"),
        "{out}"
    );
}

#[test]
fn control_characters_are_reported_by_line_and_never_printed() {
    let dir = folder("control");
    let mut text = lesson(1, "# One\n\nSafe line.\nBad \u{1b}]52;c;aGk=\u{7} line.\n");
    text = text.replace("ReLU stands for", "ReLU\\u001b[2J stands for");
    write(&dir, "day01-d1.md", &text);
    let (ok, out) = check(&dir);
    assert!(!ok);
    assert!(
        out.contains("day01-d1.md:18: control character U+001B in the text"),
        "{out}"
    );
    assert!(
        out.contains("day01-d1.md:8: question 'q1': control character in its text"),
        "{out}"
    );
    let shown = acttutor()
        .arg("--lessons")
        .arg(&dir)
        .args(["show", "1"])
        .output()
        .expect("runs");
    let shown = String::from_utf8(shown.stdout).expect("utf-8");
    assert!(
        !shown.contains('\u{1b}') && !shown.contains('\u{7}'),
        "{shown:?}"
    );
    assert!(shown.contains("Bad \\x1b]52;c;aGk=\\x07 line."), "{shown}");
}

#[cfg(unix)]
#[test]
fn folders_fifos_and_link_loops_are_reported_not_skipped() {
    let dir = folder("entries");
    write(&dir, "day01-d1.md", &lesson(1, "# One\n"));
    std::fs::create_dir(dir.join("day02-folder.md")).expect("a folder");
    let fifo = std::process::Command::new("mkfifo")
        .arg(dir.join("day03-pipe.md"))
        .status()
        .expect("mkfifo runs");
    assert!(fifo.success());
    std::os::unix::fs::symlink(dir.join("loop-b.md"), dir.join("loop-a.md")).expect("link");
    std::os::unix::fs::symlink(dir.join("loop-a.md"), dir.join("loop-b.md")).expect("link");
    // Must not hang on the FIFO.
    let (ok, out) = check(&dir);
    assert!(!ok);
    assert!(
        out.contains("day02-folder.md:1: a folder inside the course folder"),
        "{out}"
    );
    assert!(
        out.contains("day03-pipe.md:1: not a regular file (a FIFO"),
        "{out}"
    );
    assert!(
        out.contains("loop-a.md:1: a symbolic link that leads nowhere"),
        "{out}"
    );
    assert!(out.ends_with("1 lesson, 1 question, 4 problems\n"), "{out}");
}

#[test]
fn lessons_pointing_at_a_file_fails_with_one_clear_line() {
    let dir = folder("file");
    let file = dir.join("passwd");
    write(&dir, "passwd", "root:x:0:0:root:/root:/bin/bash\n");
    let file = file.to_str().expect("utf-8");
    for command in [&["list"][..], &["show", "1"], &["quiz", "1", "--plain"]] {
        let mut args = vec!["--lessons", file];
        args.extend_from_slice(command);
        let line = one_line_error(&args);
        assert!(
            line.contains("not a folder; give a folder of lesson files"),
            "{line}"
        );
    }
    // A folder with no lesson in it fails too, naming the problem.
    let empty = folder("empty");
    let line = one_line_error(&["--lessons", empty.to_str().expect("utf-8"), "list"]);
    assert!(
        line.contains("no lesson files (*.md) in this folder"),
        "{line}"
    );
}

#[test]
fn the_built_in_course_has_no_problem() {
    let out = acttutor().arg("check").assert().success();
    let out = String::from_utf8(out.get_output().stdout.clone()).expect("utf-8");
    assert!(out.ends_with(" questions, 0 problems\n"), "{out}");
}
