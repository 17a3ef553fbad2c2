// Parses an AsyncAPI document with the AsyncAPI project's parser and prints its diagnostics, one a line, then
// "N errors". Exit 0 only for a document that parses with no error-severity diagnostic.
//   node validate.cjs document.json      (with NODE_PATH at the node_modules that eng/asyncapi/install.sh filled)
const { readFileSync } = require('node:fs');
const { Parser } = require('@asyncapi/parser');

const severities = ['error', 'warning', 'info', 'hint'];

async function main() {
  const text = readFileSync(process.argv[2], 'utf8');
  const { document, diagnostics } = await new Parser().parse(text);
  for (const d of diagnostics) {
    console.log(`${severities[d.severity] ?? d.severity} ${d.code} at /${(d.path ?? []).join('/')}: ${d.message}`);
  }
  const errors = diagnostics.filter((d) => d.severity === 0).length;
  console.log(`${errors} errors`);
  return errors === 0 && document !== undefined ? 0 : 1;
}

main().then((code) => process.exit(code), (error) => {
  console.log(`parser failed: ${error && error.stack ? error.stack : error}`);
  process.exit(2);
});
