//! Markdown → wrapped lines of styled text, with no terminal code: `acttutor show`
//! prints them plain, the app maps the styles to colours.
//!
//! Supported: headings, paragraphs, emphasis, strong, inline code, fenced code,
//! bullet and numbered lists (nested), block quotes, rules and GFM tables.

use pulldown_cmark::{Alignment, CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// How a piece of text is meant to look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Look {
    pub bold: bool,
    pub italic: bool,
    pub code: bool,
    /// 1 for `#`, 2 for `##`, …
    pub heading: Option<u8>,
    /// Quote bars, table rules, list markers: drawn dimmer.
    pub chrome: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub text: String,
    pub look: Look,
}

/// One output line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MdLine {
    pub pieces: Vec<Piece>,
}

impl MdLine {
    pub fn plain(&self) -> String {
        self.pieces.iter().map(|p| p.text.as_str()).collect()
    }

    fn push(&mut self, text: impl Into<String>, look: Look) {
        let text = text.into();
        if text.is_empty() {
            return;
        }
        match self.pieces.last_mut() {
            Some(last) if last.look == look => last.text.push_str(&text),
            _ => self.pieces.push(Piece { text, look }),
        }
    }

    fn width(&self) -> usize {
        self.pieces.iter().map(|p| p.text.chars().count()).sum()
    }
}

/// Render Markdown wrapped to `width` columns (at least 20).
pub fn render(markdown: &str, width: usize) -> Vec<MdLine> {
    let mut r = Renderer {
        width: width.max(20),
        ..Renderer::default()
    };
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for event in Parser::new_ext(markdown, options) {
        r.event(event);
    }
    r.flush_paragraph();
    while r.lines.last().is_some_and(|l| l.pieces.is_empty()) {
        r.lines.pop();
    }
    r.lines
}

/// The body without its opening `# Heading` line, for a reader that already shows
/// the lesson's title above it (so the title is not printed twice).
pub fn without_leading_title(markdown: &str) -> &str {
    let rest = markdown.trim_start_matches(['\n', '\r']);
    match rest.split_once('\n') {
        Some((first, after)) if first.starts_with("# ") => after,
        None if rest.starts_with("# ") => "",
        _ => markdown,
    }
}

/// The rendered text without styles, one `\n` per line.
pub fn to_plain(lines: &[MdLine]) -> String {
    let mut out = String::new();
    for line in lines {
        out.push_str(line.plain().trim_end());
        out.push('\n');
    }
    out
}

/// The bar in front of every line of a block quote.
const QUOTE_BAR: &str = "▎ ";
/// Stands for a space inside a code span in a table cell, so that wrapping never
/// breaks the span; shown as a space.
const CODE_SPACE: char = '\u{E000}';

#[derive(Default)]
struct Table {
    alignments: Vec<Alignment>,
    rows: Vec<Vec<String>>,
    in_head: bool,
    head_rows: usize,
}

#[derive(Default)]
struct Renderer {
    width: usize,
    lines: Vec<MdLine>,
    /// Inline text of the block being collected.
    inline: Vec<Piece>,
    look: Look,
    /// Prefixes for nested containers (quote bars, list indents).
    prefixes: Vec<String>,
    /// Marker for the next paragraph's first line ("• ", "1. ").
    pending_marker: Option<String>,
    /// Counters of the open lists (None for bullets).
    lists: Vec<Option<u64>>,
    code_block: Option<Vec<String>>,
    table: Option<Table>,
    cell: String,
}

impl Renderer {
    fn event(&mut self, event: Event) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => self.text(&text),
            Event::Code(code) => {
                if self.table.is_some() {
                    // A code span is one unbreakable unit inside a cell.
                    self.cell
                        .push_str(&code.replace(' ', &CODE_SPACE.to_string()));
                } else {
                    let look = Look {
                        code: true,
                        ..self.look
                    };
                    self.inline.push(Piece {
                        text: code.to_string(),
                        look,
                    });
                }
            }
            Event::SoftBreak => self.text(" "),
            Event::HardBreak => {
                self.flush_paragraph();
            }
            Event::Rule => {
                self.flush_paragraph();
                let mut line = self.prefixed_line(false);
                let rest = self.width.saturating_sub(line.width()).min(60);
                line.push(
                    "─".repeat(rest),
                    Look {
                        chrome: true,
                        ..Look::default()
                    },
                );
                self.lines.push(line);
                self.blank();
            }
            Event::Html(html) | Event::InlineHtml(html) => self.text(&html),
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag) {
        match tag {
            Tag::Heading { level, .. } => {
                self.flush_paragraph();
                self.look.heading = Some(heading_number(level));
                self.look.bold = true;
            }
            Tag::Emphasis => self.look.italic = true,
            Tag::Strong => self.look.bold = true,
            Tag::BlockQuote(_) => {
                self.flush_paragraph();
                self.prefixes.push(QUOTE_BAR.into());
            }
            Tag::List(start) => {
                self.flush_paragraph();
                self.lists.push(start);
            }
            Tag::Item => {
                self.flush_paragraph();
                let marker = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        *n += 1;
                        format!("{}. ", *n - 1)
                    }
                    _ => "• ".to_string(),
                };
                self.pending_marker = Some(marker);
            }
            Tag::CodeBlock(kind) => {
                self.flush_paragraph();
                let _ = matches!(kind, CodeBlockKind::Fenced(_));
                self.code_block = Some(Vec::new());
            }
            Tag::Table(alignments) => {
                self.flush_paragraph();
                self.table = Some(Table {
                    alignments,
                    ..Table::default()
                });
            }
            Tag::TableHead => {
                if let Some(t) = &mut self.table {
                    t.in_head = true;
                    t.rows.push(Vec::new());
                }
            }
            Tag::TableRow => {
                if let Some(t) = &mut self.table {
                    t.rows.push(Vec::new());
                }
            }
            Tag::TableCell => self.cell.clear(),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(level) => {
                let number = heading_number(level);
                let text: String = self.inline.iter().map(|p| p.text.as_str()).collect();
                self.flush_paragraph();
                if number <= 2 {
                    let mut underline = self.prefixed_line(false);
                    let rule = if number == 1 { "═" } else { "─" };
                    let length = text.chars().count().min(self.width);
                    underline.push(
                        rule.repeat(length),
                        Look {
                            chrome: true,
                            heading: Some(number),
                            ..Look::default()
                        },
                    );
                    self.lines.push(underline);
                }
                self.look = Look::default();
                self.blank();
            }
            TagEnd::Emphasis => self.look.italic = false,
            TagEnd::Strong => self.look.bold = false,
            TagEnd::Paragraph => {
                self.flush_paragraph();
                if self.lists.is_empty() {
                    self.blank();
                }
            }
            TagEnd::BlockQuote(_) => {
                self.flush_paragraph();
                // The quote's last paragraph left a bar-only line: the quote ends
                // with its text, not with an empty bar.
                while self
                    .lines
                    .last()
                    .is_some_and(|l| !l.pieces.is_empty() && l.plain().trim() == QUOTE_BAR.trim())
                {
                    self.lines.pop();
                }
                self.prefixes.pop();
                self.blank();
            }
            TagEnd::Item => self.flush_paragraph(),
            TagEnd::List(_) => {
                self.flush_paragraph();
                self.lists.pop();
                if self.lists.is_empty() {
                    self.blank();
                }
            }
            TagEnd::CodeBlock => self.end_code_block(),
            TagEnd::TableCell => {
                let text = std::mem::take(&mut self.cell);
                if let Some(row) = self.table.as_mut().and_then(|t| t.rows.last_mut()) {
                    row.push(text.trim().to_string());
                }
            }
            TagEnd::TableHead => {
                if let Some(t) = &mut self.table {
                    t.in_head = false;
                    t.head_rows = t.rows.len();
                }
            }
            TagEnd::Table => {
                if let Some(table) = self.table.take() {
                    self.render_table(table);
                    self.blank();
                }
            }
            _ => {}
        }
    }

    fn text(&mut self, text: &str) {
        if let Some(code) = &mut self.code_block {
            code.push(text.to_string());
        } else if self.table.is_some() {
            self.cell.push_str(text);
        } else {
            self.inline.push(Piece {
                text: text.to_string(),
                look: self.look,
            });
        }
    }

    fn blank(&mut self) {
        if self.lines.last().is_some_and(|l| !l.pieces.is_empty()) {
            let line = self.prefixed_line(false);
            // A quote's blank line keeps its bar; otherwise an empty line.
            if line.plain().trim().is_empty() {
                self.lines.push(MdLine::default());
            } else {
                self.lines.push(line);
            }
        }
    }

    /// A new line starting with the container prefixes; `first` places the list
    /// marker, later lines get the same width of indent.
    fn prefixed_line(&mut self, first: bool) -> MdLine {
        let mut line = MdLine::default();
        let chrome = Look {
            chrome: true,
            ..Look::default()
        };
        for prefix in &self.prefixes {
            line.push(prefix.clone(), chrome);
        }
        let depth = self.lists.len().saturating_sub(1);
        if !self.lists.is_empty() {
            line.push("  ".repeat(depth), Look::default());
            let marker_width: usize = 3;
            match (first, self.pending_marker.take()) {
                (true, Some(marker)) => {
                    let pad = marker_width.saturating_sub(marker.chars().count());
                    line.push(format!("{}{}", " ".repeat(pad), marker), chrome);
                }
                (_, marker) => {
                    self.pending_marker = marker.filter(|_| !first);
                    line.push(" ".repeat(marker_width), Look::default());
                }
            }
        }
        line
    }

    /// Wrap the collected inline text into lines.
    fn flush_paragraph(&mut self) {
        if self.inline.is_empty() {
            return;
        }
        let pieces = std::mem::take(&mut self.inline);
        let mut line = self.prefixed_line(true);
        let indent = line.width();
        let mut at_start = true;
        for word in words(&pieces) {
            let word_width: usize = word.iter().map(|p| p.text.chars().count()).sum();
            if !at_start && line.width() + 1 + word_width > self.width {
                self.lines.push(line);
                line = self.prefixed_line(false);
                at_start = true;
            }
            if !at_start {
                let look = Look {
                    code: false,
                    ..word[0].look
                };
                line.push(" ", look);
            }
            for part in word {
                line.push(part.text, part.look);
            }
            at_start = false;
        }
        if line.width() > indent || !line.pieces.is_empty() {
            self.lines.push(line);
        }
    }

    fn end_code_block(&mut self) {
        let Some(code) = self.code_block.take() else {
            return;
        };
        let text = code.concat();
        for code_line in text.trim_end_matches('\n').lines() {
            let mut line = self.prefixed_line(false);
            line.push("  ", Look::default());
            line.push(
                code_line,
                Look {
                    code: true,
                    ..Look::default()
                },
            );
            self.lines.push(line);
        }
        self.blank();
    }

    fn render_table(&mut self, table: Table) {
        let columns = table.rows.iter().map(Vec::len).max().unwrap_or(0);
        if columns == 0 {
            return;
        }
        let prefix_width = self.prefixed_line(false).width();
        let available = self.width.saturating_sub(prefix_width + 3 * (columns - 1));
        let Some(widths) = column_widths(&table.rows, columns, available) else {
            return self.render_table_as_blocks(&table, columns);
        };
        let chrome = Look {
            chrome: true,
            ..Look::default()
        };
        for (r, row) in table.rows.iter().enumerate() {
            let header = r < table.head_rows;
            let cells: Vec<Vec<String>> = (0..columns)
                .map(|c| wrap_plain(row.get(c).map_or("", String::as_str), widths[c]))
                .collect();
            let height = cells.iter().map(Vec::len).max().unwrap_or(1);
            for k in 0..height {
                let mut line = self.prefixed_line(false);
                for c in 0..columns {
                    if c > 0 {
                        line.push(" │ ", chrome);
                    }
                    let text = cells[c].get(k).map_or("", String::as_str);
                    let align = table.alignments.get(c).copied().unwrap_or(Alignment::None);
                    let look = Look {
                        bold: header,
                        ..Look::default()
                    };
                    line.push(shown(&pad(text, widths[c], align)), look);
                }
                self.lines.push(line);
            }
            if header && r + 1 == table.head_rows {
                let mut rule = self.prefixed_line(false);
                let parts: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
                rule.push(parts.join("─┼─"), chrome);
                self.lines.push(rule);
            }
        }
    }

    /// A table too wide for the width even with every word on its own line: one
    /// block per row, its first cell as a title, then a "name: value" line per
    /// other column (the name from the header).
    fn render_table_as_blocks(&mut self, table: &Table, columns: usize) {
        let names = table.rows.first().filter(|_| table.head_rows > 0);
        for (r, row) in table.rows.iter().enumerate().skip(table.head_rows) {
            if r > table.head_rows {
                self.blank();
            }
            for c in 0..columns {
                // The first column names the row: it stands alone as its title.
                let name = names
                    .filter(|_| c > 0)
                    .and_then(|n| n.get(c))
                    .map_or("", String::as_str);
                let value = row.get(c).map_or("", String::as_str);
                self.name_value_line(name, value);
            }
        }
    }

    /// "name: value" wrapped to the width, later lines indented by two spaces;
    /// a column without a name shows its value alone, bold (the row's title).
    fn name_value_line(&mut self, name: &str, value: &str) {
        let bold = Look {
            bold: true,
            ..Look::default()
        };
        let label = if name.is_empty() {
            String::new()
        } else {
            format!("{name}: ")
        };
        let first = self.prefixed_line(false);
        let width = self.width.saturating_sub(first.width() + 2).max(1);
        let text = format!("{label}{value}");
        for (k, part) in wrap_plain(&text, width).into_iter().enumerate() {
            let mut line = if k == 0 {
                first.clone()
            } else {
                let mut l = self.prefixed_line(false);
                l.push("  ", Look::default());
                l
            };
            match (k, part.strip_prefix(&label)) {
                (0, Some(rest)) if !label.is_empty() => {
                    line.push(shown(&label), bold);
                    line.push(shown(rest), Look::default());
                }
                (0, _) if name.is_empty() => line.push(shown(&part), bold),
                _ => line.push(shown(&part), Look::default()),
            }
            self.lines.push(line);
        }
    }
}

/// Cell text as the reader sees it: code-span spaces back to spaces.
fn shown(text: &str) -> String {
    text.replace(CODE_SPACE, " ")
}

fn heading_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Split styled pieces into words. A word may span pieces of different looks
/// ("`relu`," is a code piece glued to a comma), so a word is a list of pieces.
fn words(pieces: &[Piece]) -> Vec<Vec<Piece>> {
    let mut out: Vec<Vec<Piece>> = Vec::new();
    let mut open = false; // the last word may continue into the next piece
    for piece in pieces {
        let continues = open && !piece.text.starts_with(char::is_whitespace);
        for (i, word) in piece.text.split_whitespace().enumerate() {
            let part = Piece {
                text: word.to_string(),
                look: piece.look,
            };
            match out.last_mut() {
                Some(last) if i == 0 && continues => last.push(part),
                _ => out.push(vec![part]),
            }
        }
        open = !piece.text.is_empty() && !piece.text.ends_with(char::is_whitespace);
    }
    out
}

/// Column widths that fit `available`. Each column first gets its longest word
/// (so words and code spans are never broken), then the space left is shared in
/// proportion to how much more each column would like. `None` when even the
/// longest words do not fit side by side.
fn column_widths(rows: &[Vec<String>], columns: usize, available: usize) -> Option<Vec<usize>> {
    let measure = |c: usize, f: &dyn Fn(&str) -> usize| -> usize {
        rows.iter()
            .filter_map(|r| r.get(c))
            .map(|s| f(s))
            .max()
            .unwrap_or(0)
            .max(1)
    };
    let desired: Vec<usize> = (0..columns)
        .map(|c| measure(c, &|s| s.chars().count()))
        .collect();
    if desired.iter().sum::<usize>() <= available {
        return Some(desired);
    }
    let longest_word = |s: &str| {
        s.split_whitespace()
            .map(|w| w.chars().count())
            .max()
            .unwrap_or(0)
    };
    let floor: Vec<usize> = (0..columns)
        .map(|c| measure(c, &longest_word).min(desired[c]))
        .collect();
    if floor.iter().sum::<usize>() > available {
        return None;
    }
    // A water level: every column gets up to `level` (never below its longest
    // word), so narrow columns ("(0, 1]") stay whole and the wide ones wrap.
    let at = |level: usize| -> Vec<usize> {
        (0..columns)
            .map(|c| desired[c].min(level).max(floor[c]))
            .collect()
    };
    let top = desired.iter().copied().max().unwrap_or(1);
    let level = (1..=top)
        .take_while(|&l| at(l).iter().sum::<usize>() <= available)
        .last()
        .unwrap_or(1);
    let mut widths = at(level);
    // What the level leaves over goes to the columns still cut short.
    let mut spare = available - widths.iter().sum::<usize>();
    for c in 0..columns {
        let more = (desired[c] - widths[c]).min(spare);
        widths[c] += more;
        spare -= more;
    }
    Some(widths)
}

/// Greedy word wrap of plain text; words longer than the width are split.
pub fn wrap_plain(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = vec![String::new()];
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        loop {
            let current = lines.last_mut().map_or(0, |l| l.chars().count());
            let space = usize::from(current > 0);
            if current + space + word.len() <= width {
                let line = lines.last_mut().expect("lines is never empty");
                if space == 1 {
                    line.push(' ');
                }
                line.extend(word.iter());
                break;
            }
            if current > 0 {
                lines.push(String::new());
                continue;
            }
            let rest = word.split_off(width.min(word.len()));
            lines
                .last_mut()
                .expect("lines is never empty")
                .extend(word.iter());
            lines.push(String::new());
            word = rest;
            if word.is_empty() {
                lines.pop();
                break;
            }
        }
    }
    lines
}

fn pad(text: &str, width: usize, align: Alignment) -> String {
    let gap = width.saturating_sub(text.chars().count());
    match align {
        Alignment::Right => format!("{}{text}", " ".repeat(gap)),
        Alignment::Center => format!("{}{text}{}", " ".repeat(gap / 2), " ".repeat(gap - gap / 2)),
        _ => format!("{text}{}", " ".repeat(gap)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(md: &str, width: usize) -> String {
        to_plain(&render(md, width))
    }

    #[test]
    fn headings_are_underlined_and_styled() {
        let lines = render("# Title\n\nText.", 40);
        assert_eq!(lines[0].plain(), "Title");
        assert_eq!(lines[0].pieces[0].look.heading, Some(1));
        assert_eq!(lines[1].plain(), "═════");
        assert_eq!(lines[3].plain(), "Text.");
    }

    #[test]
    fn paragraphs_wrap_at_the_width() {
        let text = plain("one two three four five six seven eight nine ten", 20);
        assert!(text.lines().all(|l| l.chars().count() <= 20), "{text}");
        assert_eq!(text.split_whitespace().count(), 10);
    }

    #[test]
    fn emphasis_and_code_keep_their_looks() {
        let lines = render("a *b* **c** `d`", 40);
        let looks: Vec<(String, Look)> = lines[0]
            .pieces
            .iter()
            .map(|p| (p.text.clone(), p.look))
            .collect();
        assert!(looks.iter().any(|(t, l)| t.contains('b') && l.italic));
        assert!(looks.iter().any(|(t, l)| t.contains('c') && l.bold));
        assert!(looks.iter().any(|(t, l)| t == "d" && l.code));
    }

    #[test]
    fn lists_get_markers_and_hanging_indents() {
        let text = plain(
            "- alpha beta gamma delta epsilon\n- two\n\n1. first\n2. second",
            20,
        );
        assert!(text.contains(" • alpha"), "{text}");
        assert!(text.contains("\n   "), "continuation indented: {text}");
        assert!(
            text.contains("1. first") && text.contains("2. second"),
            "{text}"
        );
    }

    #[test]
    fn tables_are_aligned_with_rules() {
        let text = plain(
            "| f | f′(0) |\n|---|---:|\n| sigmoid | 0.25 |\n| tanh | 1 |",
            60,
        );
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "f       │ f′(0)");
        assert!(lines[1].starts_with("────────┼─"));
        assert_eq!(lines[2], "sigmoid │  0.25");
        assert_eq!(lines[3], "tanh    │     1");
    }

    #[test]
    fn code_blocks_and_quotes() {
        let text = plain("```\nlet x = 1;\n```\n\n> quoted", 40);
        assert!(text.contains("  let x = 1;"));
        assert!(text.contains("▎ quoted"));
    }

    #[test]
    fn punctuation_after_inline_code_does_not_float() {
        let text = plain("Use `relu`, then `gelu`.", 40);
        assert_eq!(text.trim_end(), "Use relu, then gelu.");
    }

    #[test]
    fn table_cells_never_split_inside_a_word_or_a_code_span() {
        let md = "| unit | Keras |\n|---|---|\n| softmax | `activations.softmax(axis=-1)`, `layers.Softmax` |\n| glu | `relu(x, max_value=None)` |";
        let text = plain(md, 40);
        assert!(text.contains("activations.softmax(axis=-1),"), "{text}");
        assert!(text.contains("relu(x, max_value=None)"), "{text}");
        assert!(text.lines().all(|l| l.chars().count() <= 40), "{text}");
    }

    #[test]
    fn a_table_that_cannot_fit_becomes_one_block_per_row() {
        let md = "| | PyTorch | Keras 3 |\n|---|---|---|\n| softmax | `nn.Softmax(dim)` | `activations.softmax(axis=-1)` |\n| linear | `nn.Identity` | `activations.linear` |";
        let text = plain(md, 40);
        assert_eq!(
            text,
            "softmax\nPyTorch: nn.Softmax(dim)\nKeras 3: activations.softmax(axis=-1)\n\nlinear\nPyTorch: nn.Identity\nKeras 3: activations.linear\n"
        );
        let lines = render(md, 40);
        assert!(lines[0].pieces[0].look.bold, "the row's title is bold");
    }

    #[test]
    fn narrow_columns_stay_whole_and_wide_ones_wrap() {
        let md = "| unit | range | use |\n|---|---|---|\n| Gaussian | (0, 1] | radial-basis local detectors in old networks |";
        let text = plain(md, 40);
        assert!(text.contains("(0, 1]"), "{text}");
    }

    #[test]
    fn a_quote_ends_with_its_text_not_an_empty_bar() {
        let text = plain("> **Trap:** one.\n>\n> two.\n\nAfter.", 40);
        assert_eq!(text, "▎ Trap: one.\n▎\n▎ two.\n\nAfter.\n");
    }

    #[test]
    fn the_leading_title_can_be_left_out() {
        assert_eq!(without_leading_title("# Title\n\nText."), "\nText.");
        assert_eq!(without_leading_title("\n# Title\nText."), "Text.");
        assert_eq!(without_leading_title("Text.\n# Later"), "Text.\n# Later");
        assert_eq!(without_leading_title("## Sub\nText."), "## Sub\nText.");
    }
}
