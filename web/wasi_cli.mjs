// wasi_cli.mjs - runs the browser edition's module under Node's WASI as the command
// line: `node web/wasi_cli.mjs rnnscope.wasm --steps 150 --csv out.csv`. The current
// directory is the module's file system. For tests (tests/test_web.sh): the same
// summary and CSV as the native `rnnscope --steps 150 --csv out.csv`.
import { readFile } from 'node:fs/promises';
import { WASI } from 'node:wasi';

const [wasmPath, ...args] = process.argv.slice(2);
const wasi = new WASI({ version: 'preview1', args: ['rnnscope', ...args], env: {},
                        preopens: { '.': '.' }, returnOnExit: true });
const { instance } = await WebAssembly.instantiate(await readFile(wasmPath),
                                                   { wasi_snapshot_preview1: wasi.getImportObject().wasi_snapshot_preview1 });
wasi.initialize(instance);
const status = instance.exports.web_start();
process.exitCode = instance.exports.web_interactive() ? 2 : status;
if (instance.exports.web_interactive()) console.error('rnnscope: wasi_cli runs --steps N only');
