//! `split-wasm IN.wasm OUT_DIR NAME`: splits the browser bundle at the lazy routes.
//!
//! Writes `OUT_DIR/NAME_main.wasm` (the main module, for wasm-bindgen), one `.wasm` per
//! chunk, the loader the main module imports (`LOADER`), and `__wasm_split_manifest.json`
//! (which chunks each lazy function needs), from which the server names the chunks a page
//! should preload.
use std::path::Path;
use std::process::ExitCode;

const LOADER: &str = "./__wasm_split.______________________.js";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, out_dir, name] = args.as_slice() else {
        eprintln!("usage: split-wasm IN.wasm OUT_DIR NAME");
        return ExitCode::from(2);
    };
    match split(Path::new(input), Path::new(out_dir), name) {
        Ok(chunks) => {
            println!("{chunks} chunks");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("split-wasm: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn split(input: &Path, out_dir: &Path, name: &str) -> Result<usize, Box<dyn std::error::Error>> {
    let wasm = std::fs::read(input)?;
    let main_out = out_dir.join(format!("{name}_main.wasm"));
    let main_module = format!("./{name}.js");
    let mut options = wasm_split_cli_support::Options::new(&wasm);
    // The name Leptos's page preloads when assets are not hashed one by one (the build's
    // folder carries the hash).
    options.link_name = LOADER;
    options.output_dir = out_dir;
    options.main_out_path = &main_out;
    options.main_module = &main_module;
    let split = wasm_split_cli_support::transform(options).map_err(|e| e.to_string())?;
    std::fs::write(
        out_dir.join("__wasm_split_manifest.json"),
        serde_json::to_string(&split.prefetch_map)?,
    )?;
    Ok(split.split_modules.len())
}
