//! The README stays true: the two set-up commands, CI calling the same test
//! command, the key table (generated from src/tui/keys.rs), and a lesson example
//! that is a valid lesson. `UPDATE_README=1 cargo test --test readme` regenerates
//! the key table.

use acttutor::tui::keys::BINDINGS;

const README: &str = include_str!("../README.md");

#[test]
fn names_the_run_and_test_commands_and_ci_runs_the_same() {
    assert!(README.contains("cargo run --release"));
    assert!(README.contains("\ncargo test "));
    let ci = include_str!("../.ci/run");
    assert!(
        ci.lines().any(|l| l.trim() == "cargo test"),
        ".ci/run calls the README's test command"
    );
}

fn keys_table() -> String {
    let mut table = String::from("| keys | what they do | where |\n|---|---|---|\n");
    for b in BINDINGS {
        let shown: Vec<String> = b
            .keys
            .iter()
            .map(|k| format!("`{}`", k.label().replace('|', "\\|")))
            .collect();
        let scope = b.scope.describe();
        table.push_str(&format!("| {} | {} | {scope} |\n", shown.join(" "), b.help));
    }
    table
}

#[test]
fn the_key_table_matches_the_app() {
    let start = README.find("<!-- keys:").expect("keys marker");
    let open_end = start + README[start..].find("-->\n").expect("end of marker") + 4;
    let close = README.find("<!-- /keys -->").expect("closing keys marker");
    let want = keys_table();
    if std::env::var_os("UPDATE_README").is_some() {
        let updated = format!("{}{}{}", &README[..open_end], want, &README[close..]);
        std::fs::write(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"), updated).unwrap();
        return;
    }
    assert_eq!(
        &README[open_end..close],
        want,
        "run UPDATE_README=1 cargo test --test readme"
    );
}

#[test]
fn the_lesson_format_example_is_a_valid_lesson() {
    let start = README.find("```markdown\n+++").expect("a lesson example") + "```markdown\n".len();
    let end = start + README[start..].find("\n```\n").expect("end of the example");
    let example = &README[start..end + 1];
    let (lesson, problems) = acttutor::course::parse_lesson("example.md", example).expect("parses");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(lesson.quiz.len(), 4);
    let kinds: Vec<&str> = lesson.quiz.iter().map(|q| q.kind.name()).collect();
    assert_eq!(kinds, ["numeric", "choice", "text", "formula"]);
}
