//! Splitting a formula into tokens, each with the column it starts at.

use super::error::ExprError;

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tok {
    Num(f64),
    /// An identifier, lower-cased (names are case-insensitive).
    Ident(String),
    /// One of `+ - * / ^`.
    Op(char),
    LParen,
    RParen,
    Comma,
    End,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    pub tok: Tok,
    /// 1-based column of the first character.
    pub column: usize,
    /// The text as typed, for messages such as "use 2*x".
    pub text: String,
}

/// The tokens of `input`, ending with `Tok::End` at column `len + 1`.
pub(crate) fn tokenize(input: &str) -> Result<Vec<Token>, ExprError> {
    let chars: Vec<char> = input.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        let tok = if c.is_ascii_digit() || c == '.' {
            i = scan_number(&chars, i);
            number(&chars[start..i], start + 1)?
        } else if c.is_ascii_alphabetic() || c == '_' {
            i = scan_while(&chars, i, |c| c.is_ascii_alphanumeric() || c == '_');
            Tok::Ident(
                chars[start..i]
                    .iter()
                    .collect::<String>()
                    .to_ascii_lowercase(),
            )
        } else {
            i += 1;
            symbol(c, start + 1)?
        };
        tokens.push(Token {
            tok,
            column: start + 1,
            text: chars[start..i].iter().collect(),
        });
    }
    tokens.push(Token {
        tok: Tok::End,
        column: chars.len() + 1,
        text: String::new(),
    });
    Ok(tokens)
}

fn scan_while(chars: &[char], mut i: usize, keep: impl Fn(char) -> bool) -> usize {
    while i < chars.len() && keep(chars[i]) {
        i += 1;
    }
    i
}

/// Digits, an optional fraction, and an exponent only when digits follow the `e`
/// (so `2e` stays "2 then e", reported as a missing `*`).
fn scan_number(chars: &[char], i: usize) -> usize {
    let mut i = scan_while(chars, i, |c| c.is_ascii_digit());
    if chars.get(i) == Some(&'.') {
        i = scan_while(chars, i + 1, |c| c.is_ascii_digit());
    }
    if matches!(chars.get(i), Some('e' | 'E')) {
        let sign = usize::from(matches!(chars.get(i + 1), Some('+' | '-')));
        if chars.get(i + 1 + sign).is_some_and(char::is_ascii_digit) {
            i = scan_while(chars, i + 1 + sign, |c| c.is_ascii_digit());
        }
    }
    i
}

fn number(text: &[char], column: usize) -> Result<Tok, ExprError> {
    let text: String = text.iter().collect();
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(Tok::Num(v)),
        Ok(_) => Err(ExprError::new(
            format!("the number {text} is too large"),
            column,
        )),
        // Only "." alone gets here: every other scanned form parses.
        Err(_) => Err(ExprError::new(format!("'{text}' is not a number"), column)),
    }
}

fn symbol(c: char, column: usize) -> Result<Tok, ExprError> {
    Ok(match c {
        '+' | '-' | '*' | '/' | '^' => Tok::Op(c),
        '(' => Tok::LParen,
        ')' => Tok::RParen,
        ',' => Tok::Comma,
        _ => {
            let err = ExprError::new(format!("unexpected character {c:?}"), column);
            return Err(match c {
                '×' | '·' => err.with_hint("write products with *"),
                'π' => err.with_hint("write pi"),
                '[' | '{' => err.with_hint("group with ( and )"),
                _ => err,
            });
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(input: &str) -> Vec<Tok> {
        tokenize(input)
            .unwrap()
            .into_iter()
            .map(|t| t.tok)
            .collect()
    }

    #[test]
    fn numbers_in_every_form() {
        assert_eq!(kinds("1 0.5 1e-3 .5 2E+2 3."), {
            let mut v: Vec<Tok> = [1.0, 0.5, 1e-3, 0.5, 200.0, 3.0].map(Tok::Num).to_vec();
            v.push(Tok::End);
            v
        });
    }

    #[test]
    fn an_e_without_digits_is_a_name() {
        assert_eq!(
            kinds("2e"),
            vec![Tok::Num(2.0), Tok::Ident("e".into()), Tok::End]
        );
        assert_eq!(
            kinds("2e+x"),
            vec![
                Tok::Num(2.0),
                Tok::Ident("e".into()),
                Tok::Op('+'),
                Tok::Ident("x".into()),
                Tok::End
            ]
        );
    }

    #[test]
    fn columns_count_characters() {
        let tokens = tokenize("π x").unwrap_err();
        assert_eq!(tokens.column, 1);
        let tokens = tokenize(" Leaky_ReLU(x)").unwrap();
        assert_eq!(tokens[0].tok, Tok::Ident("leaky_relu".into()));
        assert_eq!(tokens[0].column, 2);
        assert_eq!(tokens.last().unwrap().column, 15);
    }

    #[test]
    fn bad_numbers_and_characters() {
        assert_eq!(tokenize(".").unwrap_err().message, "'.' is not a number");
        assert_eq!(
            tokenize("1e999").unwrap_err().message,
            "the number 1e999 is too large"
        );
        let err = tokenize("x # 1").unwrap_err();
        assert_eq!(err.to_string(), "unexpected character '#' at column 3");
    }
}
