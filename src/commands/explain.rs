//! `unspun explain`: one document as a person wants to read it.

use std::io::{IsTerminal, Read, Write};
use std::path::Path;
use std::process::ExitCode;

use crate::cli::{ColorChoice, ExplainArgs};
use crate::report::Report;

/// Render `text` with each piece of evidence marked: `[[span -> suggestion
/// (kind)]]`, or in colour. Overlapping pieces are merged into one mark over
/// their union, listing every suggestion and kind, so none is lost.
pub fn render(text: &str, report: &Report, color: bool) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut spans: Vec<_> = report
        .evidence
        .iter()
        .filter(|e| e.start < e.end && e.end <= chars.len())
        .collect();
    spans.sort_by_key(|e| (e.start, std::cmp::Reverse(e.end)));
    let mut out = String::with_capacity(text.len() * 2);
    let mut at = 0;
    let mut i = 0;
    while i < spans.len() {
        let (start, mut end) = (spans[i].start, spans[i].end);
        let mut suggestions: Vec<&str> = Vec::new();
        let mut kinds: Vec<&str> = Vec::new();
        while i < spans.len() && spans[i].start < end.max(start + 1) {
            let e = spans[i];
            end = end.max(e.end);
            if let Some(s) = e.suggestion.as_deref() {
                if !suggestions.contains(&s) {
                    suggestions.push(s);
                }
            }
            if !kinds.contains(&e.kind.as_str()) {
                kinds.push(e.kind.as_str());
            }
            i += 1;
        }
        out.extend(&chars[at..start]);
        let span: String = chars[start..end].iter().collect();
        let suggestion = if suggestions.is_empty() {
            String::new()
        } else {
            format!(" -> {}", suggestions.join(" / "))
        };
        let kinds = kinds.join(", ");
        if color {
            out.push_str(&format!(
                "\x1b[1;31m{span}\x1b[0m\x1b[32m{{{suggestion} ({kinds})}}\x1b[0m"
            ));
        } else {
            out.push_str(&format!("[[{span}{suggestion} ({kinds})]]"));
        }
        at = end;
    }
    out.extend(&chars[at..]);
    out
}

/// Read the whole document (`.gz`/`.zst` decompressed, UTF-16 with its
/// mark decoded, invalid UTF-8 replaced, as `score` reads a text file):
/// its text, and what went wrong (a read that broke off: what was read is
/// still shown). `Err` when it cannot be opened at all.
fn read_document(path: &Path) -> Result<(String, Option<String>), String> {
    let name = if path.as_os_str() == "-" {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    };
    let mut bytes = Vec::new();
    let mut problem = None;
    let mut r = crate::io::input::open_decompressed(path).map_err(|e| e.to_string())?;
    if let Err(e) = r.read_to_end(&mut bytes) {
        problem = Some(format!("{name}: read failed, the rest is missing: {e}"));
    }
    let decoded = crate::io::input::decode_text(bytes);
    if let Some(w) = &decoded.warning {
        match decoded.line {
            Some(line) => eprintln!("unspun: {name}:{line}: {w}"),
            None => eprintln!("unspun: {name}: {w}"),
        }
    }
    if decoded.text.len() > crate::pipeline::MAX_SCORED_BYTES {
        eprintln!(
            "unspun: {name}: document is {} bytes; only the first {} MiB scored and shown",
            decoded.text.len(),
            crate::pipeline::MAX_SCORED_BYTES >> 20
        );
    }
    Ok((decoded.text, problem))
}

/// With `--segments`: each scored line's character range, score,
/// tokens and its first words.
fn write_segments(out: &mut impl Write, text: &str, report: &Report) -> std::io::Result<()> {
    let Some(segments) = &report.segments else {
        return Ok(());
    };
    writeln!(out)?;
    writeln!(out, "segments {}", segments.len())?;
    for s in segments {
        let score = s
            .score
            .map(|v| format!("{v:.3}"))
            .unwrap_or_else(|| "-".into());
        let opening: String = text
            .chars()
            .skip(s.start)
            .take((s.end - s.start).min(60))
            .map(|c| if c.is_whitespace() { ' ' } else { c })
            .collect();
        writeln!(
            out,
            "{:>6}-{:<6} score {score:<5}  tokens {:<4} {opening}{}",
            s.start,
            s.end,
            s.tokens,
            if s.end - s.start > 60 { "..." } else { "" }
        )?;
    }
    Ok(())
}

/// With `--features`: the features behind the score, one a line.
fn write_features(out: &mut impl Write, report: &Report) -> std::io::Result<()> {
    let Some(features) = &report.features else {
        return Ok(());
    };
    writeln!(out)?;
    writeln!(out, "features")?;
    for (name, value) in features {
        writeln!(out, "  {name:<28} {value}")?;
    }
    Ok(())
}

/// Run `unspun explain`. Exit code 1 when the document could not be read
/// (whatever was read is still shown).
///
/// # Errors
/// A dictionary, model or weights file that does not load; stdout closed.
pub fn run(args: &ExplainArgs) -> anyhow::Result<ExitCode> {
    let detector = args.detector.builder().build()?;
    let (text, problem) = match read_document(&args.path) {
        Ok(read) => read,
        Err(e) => {
            eprintln!("unspun: {e}");
            return Ok(ExitCode::from(1));
        }
    };
    if let Some(p) = &problem {
        eprintln!("unspun: {p}");
    }
    let text = crate::pipeline::prefix(&text, crate::pipeline::MAX_SCORED_BYTES);
    let report = detector.score(text);
    let stdout = std::io::stdout();
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => stdout.is_terminal(),
    };
    let mut out = stdout.lock();
    let score = report
        .score
        .map(|s| format!("{s:.3}"))
        .unwrap_or_else(|| "-".into());
    let ppl = report
        .perplexity
        .map(|p| format!("{p:.1}"))
        .unwrap_or_else(|| "-".into());
    let mt = report
        .mt
        .map(|m| format!("  machine-translated {m:.3}"))
        .unwrap_or_default();
    writeln!(
        out,
        "score {score}  label {}  tokens {}  perplexity {ppl}{mt}  evidence {}{}",
        report.label.as_str(),
        report.tokens,
        report.evidence.len(),
        report
            .reason
            .as_deref()
            .map(|r| format!("  ({r})"))
            .unwrap_or_default()
    )?;
    writeln!(out)?;
    writeln!(out, "{}", render(text, &report, color))?;
    if !report.evidence.is_empty() {
        writeln!(out)?;
        for e in &report.evidence {
            writeln!(
                out,
                "{:>6}-{:<6} {:<6} {:.2}  {}{}",
                e.start,
                e.end,
                e.kind.as_str(),
                e.weight,
                e.text.replace('\n', " "),
                e.suggestion
                    .as_deref()
                    .map(|s| format!(" -> {s}"))
                    .unwrap_or_default()
            )?;
        }
    }
    write_segments(&mut out, text, &report)?;
    write_features(&mut out, &report)?;
    out.flush()?;
    Ok(if problem.is_some() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
