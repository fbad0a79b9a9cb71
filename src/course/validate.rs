//! Checks across lessons: unique days, slugs and question ids; contiguous days.

use std::collections::BTreeMap;

use super::{Course, Problem};

pub fn check_course(course: &mut Course) {
    let mut problems = Vec::new();
    let mut report = |file: &str, line: usize, message: String| {
        problems.push(Problem {
            file: file.to_string(),
            line,
            message,
        })
    };

    let mut days: BTreeMap<u32, &str> = BTreeMap::new();
    let mut slugs: BTreeMap<&str, &str> = BTreeMap::new();
    let mut ids: BTreeMap<&str, (&str, usize)> = BTreeMap::new();
    for lesson in &course.lessons {
        if let Some(first) = days.insert(lesson.day, &lesson.file) {
            report(
                &lesson.file,
                lesson.day_line,
                format!("day {} is also used by {first}", lesson.day),
            );
        }
        if let Some(first) = slugs.insert(&lesson.slug, &lesson.file) {
            report(
                &lesson.file,
                lesson.slug_line,
                format!("slug '{}' is also used by {first}", lesson.slug),
            );
        }
        for q in &lesson.quiz {
            if let Some((file, line)) = ids.insert(&q.id, (&lesson.file, q.line)) {
                report(
                    &lesson.file,
                    q.line,
                    format!("question id '{}' is also used at {file}:{line}", q.id),
                );
            }
        }
    }
    // Days run 1, 2, 3, … with no gap; report each gap at the lesson after it.
    let mut expected = 1;
    for (&day, file) in &days {
        if day > expected {
            let line = course
                .lessons
                .iter()
                .find(|l| l.day == day)
                .map_or(1, |l| l.day_line);
            let missing = if day - expected == 1 {
                format!("day {expected} is missing")
            } else {
                format!("days {expected}–{} are missing", day - 1)
            };
            report(
                file,
                line,
                format!("{missing}: days must run 1, 2, 3, … without gaps"),
            );
        }
        expected = day + 1;
    }
    course.problems.extend(problems);
}
