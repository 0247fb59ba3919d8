//! `generated-client/` works outside this workspace: copied together with `runtime/` into a directory of its
//! own (as a user vendoring it would), it builds with the manifests as they are.

use std::path::Path;
use std::process::Command;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

#[test]
fn the_generated_client_builds_outside_the_workspace() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").canonicalize().unwrap();
    // Outside the project, so that cargo finds no workspace above the copy.
    let dir = std::env::temp_dir().join(format!("htaiyun-standalone-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for part in ["Cargo.toml", "src", "examples", "tests"] {
        let from = root.join("generated-client").join(part);
        if from.is_dir() {
            copy_dir(&from, &dir.join("generated-client").join(part));
        } else {
            std::fs::create_dir_all(dir.join("generated-client")).unwrap();
            std::fs::copy(&from, dir.join("generated-client").join(part)).unwrap();
        }
    }
    copy_dir(&root.join("runtime"), &dir.join("runtime"));
    // The workspace's lockfile, so that the copy builds the same versions offline.
    std::fs::copy(root.join("Cargo.lock"), dir.join("generated-client/Cargo.lock")).unwrap();
    let output = Command::new(env!("CARGO"))
        .args(["build", "--quiet", "--offline", "--features", "mock", "--manifest-path"])
        .arg(dir.join("generated-client/Cargo.toml"))
        .arg("--target-dir")
        .arg(root.join("target/corpus-target"))
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(output.status.success(), "the copy of generated-client does not build:\n{stderr}");
}
