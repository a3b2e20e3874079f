// Parses an AsyncAPI document from its text (as an integrator's tooling would, with no file path
// to resolve references against) and fails on any diagnostic of severity error or warning.
import { readFile } from "node:fs/promises";
import { Parser, DiagnosticSeverity } from "@asyncapi/parser";

const path = process.argv[2];
const text = await readFile(path, "utf8");
const { document, diagnostics } = await new Parser().parse(text);
const blocking = diagnostics.filter(
  (d) => d.severity === DiagnosticSeverity.Error || d.severity === DiagnosticSeverity.Warning,
);
for (const d of blocking) {
  const level = d.severity === DiagnosticSeverity.Error ? "error" : "warning";
  console.error(`${path}: ${level} ${d.code} at /${d.path.join("/")}: ${d.message}`);
}
if (document === undefined || blocking.length > 0) {
  console.error(`${path}: ${blocking.length} error(s) or warning(s)`);
  process.exit(1);
}
console.log(`${path}: valid AsyncAPI ${document.version()}, no errors or warnings`);
