// Preloaded (`node --require scripts/exit-with-parent.js …`) into the emulators that LocalEmulators starts.
// The parent holds our stdin pipe; when the parent dies without disposing (a crashed test run, a killed demo),
// the pipe closes and the emulator exits instead of living on as an orphan holding ports and temp folders.
"use strict";

if (!process.stdin.isTTY) {
  process.stdin.on("end", () => process.exit(0));
  process.stdin.on("error", () => process.exit(0));
  process.stdin.resume();
}
