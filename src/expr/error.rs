//! Parse errors that point at a column of the formula.

use std::fmt;

/// What went wrong and where: `column` is 1-based and counts characters, so the
/// end of the input is `chars().count() + 1`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExprError {
    pub message: String,
    pub column: usize,
    /// Advice shown after the position, e.g. "did you mean 'sigmoid'?".
    pub hint: Option<String>,
}

impl ExprError {
    pub(crate) fn new(message: impl Into<String>, column: usize) -> Self {
        ExprError {
            message: message.into(),
            column,
            hint: None,
        }
    }

    pub(crate) fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The input on one line and a caret under the column, for an inline display:
    ///
    /// ```text
    /// x*
    ///   ^
    /// ```
    pub fn render(&self, input: &str) -> String {
        // Control characters would break the line; tabs are kept in both lines so
        // the caret stays aligned.
        let shown: String = input
            .chars()
            .map(|c| if c.is_control() && c != '\t' { ' ' } else { c })
            .collect();
        let pad: String = shown
            .chars()
            .take(self.column.saturating_sub(1))
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        let missing = self.column.saturating_sub(1 + pad.chars().count());
        format!("{shown}\n{pad}{}^", " ".repeat(missing))
    }
}

impl fmt::Display for ExprError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at column {}", self.message, self.column)?;
        if let Some(hint) = &self.hint {
            write!(f, "; {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ExprError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caret_sits_under_the_column() {
        let err = ExprError::new("expected a number, x or '(' ", 3);
        assert_eq!(err.render("x*"), "x*\n  ^");
        assert_eq!(ExprError::new("m", 1).render(""), "\n^");
        assert_eq!(ExprError::new("m", 3).render("\tx+"), "\tx+\n\t ^");
    }

    #[test]
    fn display_is_one_line_with_the_hint_last() {
        let err =
            ExprError::new("unknown function 'sigmod'", 1).with_hint("did you mean 'sigmoid'?");
        assert_eq!(
            err.to_string(),
            "unknown function 'sigmod' at column 1; did you mean 'sigmoid'?"
        );
    }
}
