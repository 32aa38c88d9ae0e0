//! `cargo xtask changelog OLD.json NEW.json [--format text|markdown|json]`:
//! what changed between two Smithy JSON AST models, operation by operation.

use codegen::changelog::{self, Format};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct ChangelogArgs {
    /// The old model (Smithy 2.0 JSON AST).
    #[arg(value_name = "OLD.json")]
    old: PathBuf,
    /// The new model (Smithy 2.0 JSON AST).
    #[arg(value_name = "NEW.json")]
    new: PathBuf,
    /// How to write the changelog.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum OutputFormat {
    /// Plain text.
    Text,
    /// Markdown headings and bullet lists.
    Markdown,
    /// JSON with a stable schema.
    Json,
}

/// Runs the subcommand: the changelog on stdout, or every problem of either
/// model (with its location) on stderr and a failing exit code.
pub fn run(args: &ChangelogArgs) -> ExitCode {
    let (old, new) = (load(&args.old), load(&args.new));
    let (old, new) = match (old, new) {
        (Ok(old), Ok(new)) => (old, new),
        (old, new) => {
            for e in [old.err(), new.err()].into_iter().flatten() {
                eprint!("{e}");
            }
            return ExitCode::FAILURE;
        }
    };
    let format = match args.format {
        OutputFormat::Text => Format::Text,
        OutputFormat::Markdown => Format::Markdown,
        OutputFormat::Json => Format::Json,
    };
    print!("{}", changelog::diff(&old, &new).render(format));
    ExitCode::SUCCESS
}

/// Reads and lowers one model; the error text names the file and locations.
fn load(path: &Path) -> Result<codegen::ir::Ir, String> {
    let display = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| format!("{display}: cannot read the model: {e}\n"))?;
    changelog::load(&display, &text).map_err(|e| format!("{display}: {e}"))
}
