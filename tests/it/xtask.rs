//! Running the real `xtask` binary, built once per test run.
//!
//! The binary is built with the `cargo` that runs the tests, and its path is read from cargo's JSON messages, so the
//! tests work with any target directory.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The workspace root.
pub fn workspace_root() -> &'static Path {
    // The tests package sits directly under the workspace root.
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the tests package has a parent directory")
}

/// The path of the freshly built `xtask` binary.
pub fn binary() -> &'static Path {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| {
        let output = Command::new(env!("CARGO"))
            .args(["build", "--quiet", "--package", "xtask", "--message-format=json"])
            .current_dir(workspace_root())
            .output()
            .expect("cargo runs");
        assert!(output.status.success(), "building xtask failed:\n{}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
            .filter(|message| message["target"]["name"] == "xtask")
            .find_map(|message| message["executable"].as_str().map(PathBuf::from))
            .expect("cargo reports the xtask executable")
    })
}

/// What one run printed.
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn first_stderr_line(&self) -> &str {
        self.stderr.lines().next().unwrap_or("")
    }
}

/// Runs `xtask ir --spec SPEC`.
pub fn ir(spec: &Path) -> Run {
    run([std::ffi::OsStr::new("ir"), "--spec".as_ref(), spec.as_os_str()])
}

/// Runs `xtask` with these arguments, from the workspace root.
pub fn run<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let Output { status, stdout, stderr } =
        Command::new(binary()).args(args).current_dir(workspace_root()).output().expect("the xtask binary runs");
    Run {
        code: status.code(),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    }
}
