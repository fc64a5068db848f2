//! `unspun explain`: one document as a person wants to read it.

use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

use crate::cli::{ColorChoice, ExplainArgs};
use crate::report::Report;

/// Render `text` with each piece of evidence marked. Overlapping evidence is
/// merged into the first (earliest, then longest) span.
pub fn render(text: &str, report: &Report, color: bool) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut spans: Vec<_> = report.evidence.iter().collect();
    spans.sort_by_key(|e| (e.start, std::cmp::Reverse(e.end)));
    let mut out = String::with_capacity(text.len() * 2);
    let mut at = 0;
    for e in spans {
        if e.start < at || e.end > chars.len() || e.start >= e.end {
            continue;
        }
        out.extend(&chars[at..e.start]);
        let span: String = chars[e.start..e.end].iter().collect();
        let suggestion = e
            .suggestion
            .as_deref()
            .map(|s| format!(" -> {s}"))
            .unwrap_or_default();
        if color {
            out.push_str(&format!(
                "\x1b[1;31m{span}\x1b[0m\x1b[32m{{{suggestion} ({})}}\x1b[0m",
                e.kind.as_str()
            ));
        } else {
            out.push_str(&format!("[[{span}{suggestion} ({})]]", e.kind.as_str()));
        }
        at = e.end;
    }
    out.extend(&chars[at..]);
    out
}

/// Run `unspun explain`.
pub fn run(args: &ExplainArgs) -> anyhow::Result<ExitCode> {
    let detector = args.detector.builder().build()?;
    let mut bytes = Vec::new();
    if args.path.as_os_str() == "-" {
        std::io::stdin().read_to_end(&mut bytes)?;
    } else {
        bytes = std::fs::read(&args.path).map_err(|e| crate::Error::io(&args.path, e))?;
    }
    let text = String::from_utf8_lossy(&bytes);
    let report = detector.score(&text);
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
    writeln!(
        out,
        "score {score}  label {}  tokens {}  perplexity {ppl}  evidence {}{}",
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
    writeln!(out, "{}", render(&text, &report, color))?;
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
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
