//! `unspun tag`: Dolma attribute files.
//!
//! For every document file `DOCS_DIR/documents/REL` (`*.jsonl.gz`, also
//! `.json.gz`, `.jsonl.zst`, `.jsonl`), writes
//! `DOCS_DIR/attributes/EXPERIMENT/REL` with one line per input line, in the
//! same order, as Dolma's mixer reads them:
//!
//! ```json
//! {"id":"doc-1","attributes":{"unspun__spun__score":[[0,5120,0.97]],
//!  "unspun__spun__evidence":[[718,731,0.95]],"unspun__mt__score":[[0,5120,0.31]]},
//!  "source":"cc"}
//! ```
//!
//! Keys are `{prefix}__{tagger}__{attribute}` with tagger `spun` and prefix
//! `unspun` (`--key-prefix`; Dolma's own taggers put the experiment name
//! there, which keeps two experiments' keys apart when a mixer reads both).
//! Spans are `[start, end, value]` in Unicode character offsets (end
//! exclusive): `score` is one span over the whole document (`end` = its
//! length in characters) with the spin probability, and is `[]` when the
//! document was not scored (skipped, empty, or a line that could not be
//! read); `evidence` has one span per piece of evidence with its weight.
//! With `--segments`, `paragraph` has one `[start, end, score]` span per
//! paragraph that was scored on its own (`--features` adds nothing here).
//! `{prefix}__mt__score` is the machine-translation probability as one
//! span over the document like `score` (`[]` when not scored), left out
//! with `--no-mt`.
//! `id` is copied from the document (else `FILE:LINE`), `source` when the
//! document has one. The output has the input's compression (by extension).
//!
//! Each output is written to a hidden temporary file beside it and renamed
//! when complete, so an interrupted run leaves no partial attribute file; a
//! document file that cannot be read to its end yields no output at all.
//! `--skip-existing` leaves outputs that already exist alone (resumable
//! runs); `--shard-index I --num-shards N` tags file i (in sorted order of
//! all document files) only when `i % N == I`.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::{Map, Value};

use crate::cli::{pool, DetectorArgs};
use crate::io::input::InputOptions;
use crate::io::input::{expand_paths, is_jsonl_name, Document, DocumentReader, InputFormat};
use crate::report::Report;

/// The tagger name in attribute keys.
pub const TAGGER: &str = "spun";
/// The tagger name of the machine-translation probability's key.
pub const MT_TAGGER: &str = "mt";
/// The first part of attribute keys unless `--key-prefix` says otherwise.
pub const DEFAULT_KEY_PREFIX: &str = "unspun";

/// `unspun tag`.
#[derive(Debug, clap::Args)]
pub struct TagArgs {
    /// Dolma dataset directory: tags DOCS_DIR/documents/**/*.jsonl.gz (also
    /// .json.gz, .jsonl.zst, .jsonl).
    #[arg(long, value_name = "DOCS_DIR")]
    pub dolma: PathBuf,
    /// Experiment name: writes DOCS_DIR/attributes/NAME/.
    #[arg(long, value_name = "NAME")]
    pub experiment: String,
    /// First part of the attribute keys: PREFIX__spun__score,
    /// PREFIX__spun__evidence, PREFIX__mt__score.
    #[arg(long, value_name = "PREFIX", default_value = DEFAULT_KEY_PREFIX)]
    pub key_prefix: String,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,
    /// Tag only document file i (sorted) with i % NUM_SHARDS == SHARD_INDEX.
    #[arg(long, default_value_t = 0, value_name = "I")]
    pub shard_index: usize,
    /// How many shards the document files are split into.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub num_shards: usize,
    /// Leave attribute files that already exist alone.
    #[arg(long)]
    pub skip_existing: bool,
    /// Scoring.
    #[command(flatten)]
    pub detector: DetectorArgs,
    /// Don't print warnings about bad input lines or the closing summary.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// The experiment name, checked as one directory name.
fn experiment_dir(experiment: &str) -> anyhow::Result<&str> {
    let valid = !experiment.is_empty()
        && experiment != "."
        && experiment != ".."
        && !experiment.contains(['/', '\\']);
    anyhow::ensure!(
        valid,
        "--experiment {experiment:?}: expected a directory name, not a path"
    );
    Ok(experiment)
}

/// The key prefix: letters, digits, `_` and `-` (`-` becomes `_`, as Dolma
/// names keys); no `__`, which separates the parts of a key.
fn key_prefix(prefix: &str) -> anyhow::Result<String> {
    let valid = !prefix.is_empty()
        && prefix
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    let key = prefix.replace('-', "_");
    anyhow::ensure!(
        valid && !key.contains("__"),
        "--key-prefix {prefix:?}: use letters, digits, '_' and '-', without '__'"
    );
    Ok(key)
}

/// One attribute line (no line ending).
fn attribute_line(prefix: &str, doc: &Document, report: &Report, mt: bool) -> String {
    let chars = doc.text.chars().count();
    // One span over the whole document, or none.
    let whole = |value: Option<f64>| match value {
        Some(s) => Value::Array(vec![Value::from(vec![
            Value::from(0),
            Value::from(chars),
            Value::from(s),
        ])]),
        None => Value::Array(Vec::new()),
    };
    let score = whole(report.score);
    let evidence = report
        .evidence
        .iter()
        .map(|e| {
            Value::from(vec![
                Value::from(e.start),
                Value::from(e.end),
                Value::from(e.weight),
            ])
        })
        .collect();
    let mut attributes = Map::new();
    attributes.insert(format!("{prefix}__{TAGGER}__score"), score);
    attributes.insert(
        format!("{prefix}__{TAGGER}__evidence"),
        Value::Array(evidence),
    );
    if mt {
        attributes.insert(format!("{prefix}__{MT_TAGGER}__score"), whole(report.mt));
    }
    if let Some(segments) = &report.segments {
        // With --segments: one span per scored paragraph.
        let paragraphs = segments
            .iter()
            .filter_map(|seg| {
                let score = seg.score?;
                Some(Value::from(vec![
                    Value::from(seg.start),
                    Value::from(seg.end),
                    Value::from(score),
                ]))
            })
            .collect();
        attributes.insert(
            format!("{prefix}__{TAGGER}__paragraph"),
            Value::Array(paragraphs),
        );
    }
    let object = doc.object.as_ref();
    let id = match object.and_then(|o| o.get("id")) {
        Some(v @ (Value::String(_) | Value::Number(_))) => v.clone(),
        _ => Value::String(doc.id.clone()),
    };
    let mut line = Map::new();
    line.insert("id".into(), id);
    line.insert("attributes".into(), Value::Object(attributes));
    if let Some(source) = object.and_then(|o| o.get("source")) {
        line.insert("source".into(), source.clone());
    }
    Value::Object(line).to_string()
}

/// A compressing file writer, chosen by the output's extension.
enum Encoder {
    Plain(File),
    Gzip(flate2::write::GzEncoder<File>),
    Zstd(zstd::stream::write::Encoder<'static, File>),
}

impl Encoder {
    fn create(path: &Path, like: &Path) -> io::Result<Encoder> {
        let file = File::create(path)?;
        Ok(match like.extension().and_then(|e| e.to_str()) {
            Some("gz") => Encoder::Gzip(flate2::write::GzEncoder::new(
                file,
                flate2::Compression::default(),
            )),
            Some("zst") | Some("zstd") => {
                Encoder::Zstd(zstd::stream::write::Encoder::new(file, 3)?)
            }
            _ => Encoder::Plain(file),
        })
    }

    fn finish(self) -> io::Result<File> {
        match self {
            Encoder::Plain(f) => Ok(f),
            Encoder::Gzip(e) => e.finish(),
            Encoder::Zstd(e) => e.finish(),
        }
    }
}

impl Write for Encoder {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Encoder::Plain(f) => f.write(buf),
            Encoder::Gzip(e) => e.write(buf),
            Encoder::Zstd(e) => e.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Encoder::Plain(f) => f.flush(),
            Encoder::Gzip(e) => e.flush(),
            Encoder::Zstd(e) => e.flush(),
        }
    }
}

/// What tagging one file came to.
#[derive(Debug, Default)]
struct FileOutcome {
    documents: u64,
    bad_lines: u64,
    /// Set when the file could not be read to its end (no output written).
    failed: bool,
}

/// Tag one document file into `output`, through a temporary file.
fn tag_file(
    input: &Path,
    output: &Path,
    prefix: &str,
    detector: &crate::detector::Detector,
    pool: &rayon::ThreadPool,
    messages: &super::Messages,
) -> anyhow::Result<FileOutcome> {
    let dir = output.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| crate::Error::io(dir, e))?;
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = write_attributes(input, &tmp, output, prefix, detector, pool, messages);
    match result {
        Ok(outcome) if !outcome.failed => {
            std::fs::rename(&tmp, output).map_err(|e| crate::Error::io(output, e))?;
            Ok(outcome)
        }
        other => {
            let _ = std::fs::remove_file(&tmp);
            other
        }
    }
}

fn write_attributes(
    input: &Path,
    tmp: &Path,
    output: &Path,
    prefix: &str,
    detector: &crate::detector::Detector,
    pool: &rayon::ThreadPool,
    messages: &super::Messages,
) -> anyhow::Result<FileOutcome> {
    let encoder = Encoder::create(tmp, output).map_err(|e| crate::Error::io(tmp, e))?;
    let mut out = BufWriter::with_capacity(1 << 16, encoder);
    let options = InputOptions {
        format: InputFormat::Jsonl,
        ..InputOptions::default()
    };
    let reader = DocumentReader::new(vec![input.to_path_buf()], options);
    let mut outcome = FileOutcome::default();
    let counts = crate::pipeline::run(
        reader,
        detector,
        Some(pool),
        |e| messages.file_error(e),
        |d| messages.document(d),
        |doc, report| {
            out.write_all(attribute_line(prefix, doc, report, detector.has_mt()).as_bytes())?;
            out.write_all(b"\n")
        },
    )
    .map_err(|e| crate::Error::io(tmp, e))?;
    outcome.documents = counts.documents;
    outcome.bad_lines = counts.errors;
    outcome.failed = counts.failed_files > 0;
    let encoder = out
        .into_inner()
        .map_err(|e| crate::Error::io(tmp, e.into_error()))?;
    encoder.finish().map_err(|e| crate::Error::io(tmp, e))?;
    Ok(outcome)
}

/// Run `unspun tag`. Exit code 1 when some input could not be read (a line
/// that is not JSON gets empty spans; a file that breaks while being read
/// gets no attribute file), else 0.
///
/// # Errors
/// Bad flags, a missing `documents/` directory, a model or dictionary that
/// does not load, an attribute file that cannot be written.
pub fn run(args: &TagArgs) -> anyhow::Result<ExitCode> {
    let prefix = key_prefix(&args.key_prefix)?;
    let experiment = experiment_dir(&args.experiment)?;
    anyhow::ensure!(args.num_shards >= 1, "--num-shards must be at least 1");
    anyhow::ensure!(
        args.shard_index < args.num_shards,
        "--shard-index {} must be below --num-shards {}",
        args.shard_index,
        args.num_shards
    );
    let documents_dir = args.dolma.join("documents");
    anyhow::ensure!(
        documents_dir.is_dir(),
        "{}: no such directory (expected a Dolma dataset: DOCS_DIR/documents/*.jsonl.gz)",
        documents_dir.display()
    );
    let attributes_dir = args.dolma.join("attributes").join(experiment);
    let files: Vec<PathBuf> = expand_paths(std::slice::from_ref(&documents_dir))?
        .into_iter()
        .filter(|p| is_jsonl_name(p))
        .collect();
    anyhow::ensure!(
        !files.is_empty(),
        "{}: no document files (*.jsonl.gz, *.json.gz, *.jsonl.zst, *.jsonl)",
        documents_dir.display()
    );
    let detector = args.detector.builder().build()?;
    let pool = pool(args.threads)?;
    let messages = super::Messages { quiet: args.quiet };
    let (mut written, mut existing, mut failed, mut documents, mut bad_lines) = (0, 0, 0, 0, 0);
    for (i, input) in files.iter().enumerate() {
        if i % args.num_shards != args.shard_index {
            continue;
        }
        let rel = input.strip_prefix(&documents_dir).unwrap_or(input);
        let output = attributes_dir.join(rel);
        if args.skip_existing && output.exists() {
            existing += 1;
            continue;
        }
        let outcome = tag_file(input, &output, &prefix, &detector, &pool, &messages)?;
        documents += outcome.documents;
        bad_lines += outcome.bad_lines;
        if outcome.failed {
            failed += 1;
        } else {
            written += 1;
        }
    }
    if !args.quiet {
        eprintln!(
            "unspun: tag: {written} attribute files written to {}, {existing} existing skipped, \
             {failed} failed; {documents} documents, {bad_lines} unreadable lines",
            attributes_dir.display()
        );
    }
    // As for `score`: 1 when some input could not be read (a file left
    // without attributes, or a line tagged with empty spans).
    Ok(if failed > 0 || bad_lines > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn experiment_names() {
        assert_eq!(experiment_dir("spin-v1").unwrap(), "spin-v1");
        for bad in ["", ".", "..", "a/b", "a\\b"] {
            assert!(experiment_dir(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn key_prefixes() {
        assert_eq!(key_prefix("unspun").unwrap(), "unspun");
        assert_eq!(key_prefix("spin-v1").unwrap(), "spin_v1");
        for bad in ["", "a__b", "a-_b", "a/b", "a b"] {
            assert!(key_prefix(bad).is_err(), "{bad:?}");
        }
    }
}
