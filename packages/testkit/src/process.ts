// The one process wrapper (spawn lama, follow its JSON log, wait for a line, stop by process group), for tests and benches.
export { LAMA_BIN, LamaProcess, atExit, lamaSync, type LamaProcessOptions, type LogLine, type ProcessExit } from '@lama/cli/process';
