// wasi.js - the few WASI (preview 1) calls the rnnscope module makes, in the browser:
// arguments, environment, clocks, stdout/stderr to callbacks, and a small in-memory
// file system (one root "/", files and folders) that holds lesson files the user
// opens and the PNGs the export writes. Errors are WASI errno values.
'use strict';

const E = { SUCCESS: 0, BADF: 8, EXIST: 20, INVAL: 28, ISDIR: 31, NOENT: 44, NOSYS: 52, NOTDIR: 54 };
const FILETYPE = { CHAR: 2, DIR: 3, FILE: 4 };
const ALL_RIGHTS = 0xFFFFFFFFFFFFFFFFn;

class WasiExit extends Error {
  constructor(code) { super('exit ' + code); this.code = code; }
}

class MemFS {
  constructor() { this.files = new Map(); this.dirs = new Set(['']); } // path -> { buf, size }
  norm(p) { return p.split('/').filter((s) => s && s !== '.').join('/'); }
  mkdir(p) { this.dirs.add(this.norm(p)); }
  write(p, bytes) { this.files.set(this.norm(p), { buf: bytes, size: bytes.length }); }
  read(p) { const f = this.files.get(this.norm(p)); return f && f.buf.subarray(0, f.size); }
  remove(p) { this.files.delete(this.norm(p)); }
  // writes chunk at pos, growing the file (capacity doubles: appends cost O(1))
  put(p, pos, chunk) {
    const f = this.files.get(this.norm(p));
    if (pos + chunk.length > f.buf.length) {
      const grown = new Uint8Array(Math.max(pos + chunk.length, 2 * f.buf.length, 4096));
      grown.set(f.buf.subarray(0, f.size));
      f.buf = grown;
    }
    f.buf.set(chunk, pos);
    f.size = Math.max(f.size, pos + chunk.length);
  }
  parentOk(p) { const i = p.lastIndexOf('/'); return this.dirs.has(i < 0 ? '' : p.slice(0, i)); }
}

// Makes the import object of a module; out(text) and err(text) receive stdout and
// stderr as text. wasi.memory must be set to the instance's memory before any call.
function makeWasi({ args, env = {}, fs = new MemFS(), out = () => {}, err = () => {} }) {
  const wasi = { memory: null, fs };
  const enc = new TextEncoder(), dec = new TextDecoder();
  const fds = new Map(); // fd -> { path, pos } (3 is the root folder "/")
  let nextFd = 4;
  const view = () => new DataView(wasi.memory.buffer);
  const bytes = () => new Uint8Array(wasi.memory.buffer);
  const str = (ptr, len) => dec.decode(bytes().slice(ptr, ptr + len));
  const argv = args.map((a) => enc.encode(a + '\0'));
  const envv = Object.entries(env).map(([k, v]) => enc.encode(k + '=' + v + '\0'));
  const list = (items, ptrs, buf) => {
    const v = view(), b = bytes();
    for (const it of items) { v.setUint32(ptrs, buf, true); ptrs += 4; b.set(it, buf); buf += it.length; }
    return E.SUCCESS;
  };
  const sizes = (items, cnt, size) => {
    view().setUint32(cnt, items.length, true);
    view().setUint32(size, items.reduce((s, x) => s + x.length, 0), true);
    return E.SUCCESS;
  };
  const iovs = (ptr, n) => {
    const v = view(), r = [];
    for (let i = 0; i < n; i++) r.push([v.getUint32(ptr + 8 * i, true), v.getUint32(ptr + 8 * i + 4, true)]);
    return r;
  };
  const filestat = (ptr, type, size) => {
    const v = view();
    for (let i = 0; i < 64; i += 8) v.setBigUint64(ptr + i, 0n, true);
    v.setUint8(ptr + 16, type);
    v.setBigUint64(ptr + 24, 1n, true);
    v.setBigUint64(ptr + 32, BigInt(size), true);
    return E.SUCCESS;
  };
  const statPath = (p, ptr) => {
    const f = fs.read(p);
    if (f) return filestat(ptr, FILETYPE.FILE, f.length);
    if (fs.dirs.has(fs.norm(p))) return filestat(ptr, FILETYPE.DIR, 0);
    return E.NOENT;
  };
  const lines = { 1: '', 2: '' };
  const emit = (fd, text) => { (fd === 1 ? out : err)(text); };

  wasi.imports = {
    args_get: (p, b) => list(argv, p, b),
    args_sizes_get: (c, s) => sizes(argv, c, s),
    environ_get: (p, b) => list(envv, p, b),
    environ_sizes_get: (c, s) => sizes(envv, c, s),
    clock_time_get: (id, _prec, ptr) => {
      const ns = id === 0 ? BigInt(Date.now()) * 1000000n : BigInt(Math.round(performance.now() * 1e6));
      view().setBigUint64(ptr, ns, true);
      return E.SUCCESS;
    },
    proc_exit: (code) => { throw new WasiExit(code); },
    fd_prestat_get: (fd, ptr) => {
      if (fd !== 3) return E.BADF;
      view().setUint8(ptr, 0);
      view().setUint32(ptr + 4, 1, true);
      return E.SUCCESS;
    },
    fd_prestat_dir_name: (fd, ptr, len) => {
      if (fd !== 3) return E.BADF;
      bytes().set(enc.encode('/').slice(0, len), ptr);
      return E.SUCCESS;
    },
    fd_fdstat_get: (fd, ptr) => {
      const v = view();
      const type = fd <= 2 ? FILETYPE.CHAR : fd === 3 ? FILETYPE.DIR : fds.has(fd) ? FILETYPE.FILE : 0;
      if (!type) return E.BADF;
      v.setUint8(ptr, type);
      v.setUint16(ptr + 2, 0, true);
      // stdout and stderr cannot seek or tell: wasi-libc takes them for terminals and
      // buffers them by line, so every line reaches the console when it is printed
      v.setBigUint64(ptr + 8, fd <= 2 ? ALL_RIGHTS & ~(4n | 32n) : ALL_RIGHTS, true);
      v.setBigUint64(ptr + 16, ALL_RIGHTS, true);
      return E.SUCCESS;
    },
    fd_fdstat_set_flags: () => E.SUCCESS,
    fd_sync: () => E.SUCCESS,
    fd_close: (fd) => (fds.delete(fd) ? E.SUCCESS : E.BADF),
    path_open: (dirfd, _df, pp, pl, oflags, _rb, _ri, fdflags, fdPtr) => {
      if (dirfd !== 3) return E.BADF;
      const p = fs.norm(str(pp, pl));
      const exists = fs.files.has(p), isDir = fs.dirs.has(p);
      if (oflags & 2) { // O_DIRECTORY
        if (!isDir) return exists ? E.NOTDIR : E.NOENT;
      } else if (isDir) {
        return E.ISDIR;
      } else if (!exists) {
        if (!(oflags & 1)) return E.NOENT; // no O_CREAT
        if (!fs.parentOk(p)) return E.NOENT;
        fs.write(p, new Uint8Array(0));
      } else if (oflags & 4) { // O_EXCL
        return E.EXIST;
      }
      if (oflags & 8) fs.write(p, new Uint8Array(0)); // O_TRUNC
      const fd = nextFd++;
      fds.set(fd, { path: p, pos: 0, append: !!(fdflags & 1) });
      view().setUint32(fdPtr, fd, true);
      return E.SUCCESS;
    },
    fd_read: (fd, iov, n, nread) => {
      const f = fds.get(fd);
      if (!f) return E.BADF;
      const data = fs.read(f.path) || new Uint8Array(0);
      let total = 0;
      for (const [buf, len] of iovs(iov, n)) {
        const chunk = data.subarray(f.pos, f.pos + len);
        bytes().set(chunk, buf);
        f.pos += chunk.length;
        total += chunk.length;
        if (chunk.length < len) break;
      }
      view().setUint32(nread, total, true);
      return E.SUCCESS;
    },
    fd_write: (fd, iov, n, nwritten) => {
      let total = 0;
      const f = fds.get(fd);
      if (fd !== 1 && fd !== 2 && !f) return E.BADF;
      for (const [buf, len] of iovs(iov, n)) {
        const chunk = bytes().slice(buf, buf + len);
        total += len;
        if (!f) { // stdout, stderr: whole lines to the callbacks
          lines[fd] += dec.decode(chunk);
          let i;
          while ((i = lines[fd].indexOf('\n')) >= 0) {
            emit(fd, lines[fd].slice(0, i));
            lines[fd] = lines[fd].slice(i + 1);
          }
          continue;
        }
        if (!fs.files.has(f.path)) return E.BADF;
        if (f.append) f.pos = fs.read(f.path).length;
        fs.put(f.path, f.pos, chunk);
        f.pos += len;
      }
      view().setUint32(nwritten, total, true);
      return E.SUCCESS;
    },
    fd_seek: (fd, offset, whence, ptr) => {
      const f = fds.get(fd);
      if (!f) return fd <= 2 ? 70 /* SPIPE */ : E.BADF;
      const size = (fs.read(f.path) || []).length;
      const base = whence === 0 ? 0 : whence === 1 ? f.pos : size;
      const pos = base + Number(offset);
      if (pos < 0) return E.INVAL;
      f.pos = pos;
      view().setBigUint64(ptr, BigInt(pos), true);
      return E.SUCCESS;
    },
    fd_filestat_get: (fd, ptr) => {
      if (fd <= 2) return filestat(ptr, FILETYPE.CHAR, 0);
      if (fd === 3) return filestat(ptr, FILETYPE.DIR, 0);
      const f = fds.get(fd);
      return f ? statPath(f.path, ptr) : E.BADF;
    },
    path_filestat_get: (dirfd, _flags, pp, pl, ptr) => (dirfd === 3 ? statPath(str(pp, pl), ptr) : E.BADF),
    path_rename: (_a, op, ol, _b, np, nl) => {
      const from = fs.norm(str(op, ol)), to = fs.norm(str(np, nl));
      const data = fs.read(from);
      if (!data) return E.NOENT;
      if (!fs.parentOk(to)) return E.NOENT;
      const entry = fs.files.get(from);
      fs.remove(from);
      fs.files.set(to, entry);
      for (const f of fds.values()) if (f.path === from) f.path = to;
      return E.SUCCESS;
    },
    path_link: (_a, _f, op, ol, _b, np, nl) => {
      const from = fs.norm(str(op, ol)), to = fs.norm(str(np, nl));
      const data = fs.read(from);
      if (!data) return E.NOENT;
      if (fs.files.has(to) || fs.dirs.has(to)) return E.EXIST;
      fs.write(to, data.slice());
      return E.SUCCESS;
    },
    path_unlink_file: (_d, pp, pl) => {
      const p = fs.norm(str(pp, pl));
      if (!fs.files.has(p)) return E.NOENT;
      fs.remove(p);
      return E.SUCCESS;
    },
  };
  return wasi;
}

if (typeof module !== 'undefined') module.exports = { makeWasi, MemFS, WasiExit };
